"""The sample rows ``load_demo_data`` adds, as data.

Everything here is made up to let people try the dashboards, and says so in
its own text: units are "Esimerkki: …", people are called Esimerkki, measure
names end "(esimerkki)". Measures hang under the real goals of Kemi's
strategy (plan slug, goal slug from ``data/kemi.yaml``).
"""

from dataclasses import dataclass

from strategia.organisations.models import Unit
from strategia.strategy.models import MeasureStatus

from .schema import Text


@dataclass(frozen=True)
class SampleUnit:
    slug: str
    kind: str
    parent: str | None
    name: Text
    governing_body: Text = Text()


@dataclass(frozen=True)
class SamplePerson:
    email: str
    first_name: str
    last_name: str
    title: str
    unit: str


@dataclass(frozen=True)
class SampleMeasure:
    identifier: str
    name: Text
    description: Text
    goals: tuple[tuple[str, str], ...]
    unit: str
    status: str
    progress: int | None
    # The schedule relative to the day the sample data is added.
    started_days_ago: int | None
    ends_in_days: int | None
    collaborators: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    internal: bool = False


def _unit_name(fi: str, sv: str, en: str) -> Text:
    return Text(fi=f"Esimerkki: {fi}", sv=f"Exempel: {sv}", en=f"Example: {en}")


UNITS: tuple[SampleUnit, ...] = (
    SampleUnit(
        "esim-konsernipalvelut",
        Unit.Kind.DIVISION,
        None,
        _unit_name("Konsernipalvelut", "Koncerntjänster", "Group services"),
        _unit_name("Kaupunginhallitus", "Stadsstyrelsen", "City Board"),
    ),
    SampleUnit(
        "esim-viestinta",
        Unit.Kind.AREA,
        "esim-konsernipalvelut",
        _unit_name(
            "Viestintä ja markkinointi", "Kommunikation och marknadsföring", "Communications"
        ),
    ),
    SampleUnit(
        "esim-henkilostopalvelut",
        Unit.Kind.AREA,
        "esim-konsernipalvelut",
        _unit_name("Henkilöstöpalvelut", "Personaltjänster", "Human resources"),
    ),
    SampleUnit(
        "esim-digipalvelut",
        Unit.Kind.UNIT,
        "esim-henkilostopalvelut",
        _unit_name("Digitaaliset palvelut", "Digitala tjänster", "Digital services"),
    ),
    SampleUnit(
        "esim-sivistyspalvelut",
        Unit.Kind.DIVISION,
        None,
        _unit_name("Sivistyspalvelut", "Bildningstjänster", "Education and culture"),
        _unit_name("Sivistyslautakunta", "Bildningsnämnden", "Education Committee"),
    ),
    SampleUnit(
        "esim-perusopetus",
        Unit.Kind.AREA,
        "esim-sivistyspalvelut",
        _unit_name("Perusopetus", "Grundläggande utbildning", "Basic education"),
    ),
    SampleUnit(
        "esim-kulttuuri-ja-kirjasto",
        Unit.Kind.AREA,
        "esim-sivistyspalvelut",
        _unit_name(
            "Kulttuuri- ja kirjastopalvelut",
            "Kultur- och bibliotekstjänster",
            "Culture and library",
        ),
    ),
    SampleUnit(
        "esim-paakirjasto",
        Unit.Kind.UNIT,
        "esim-kulttuuri-ja-kirjasto",
        _unit_name("Pääkirjasto", "Huvudbiblioteket", "Main library"),
    ),
    SampleUnit(
        "esim-tekniset-palvelut",
        Unit.Kind.DIVISION,
        None,
        _unit_name("Tekniset palvelut", "Tekniska tjänster", "Technical services"),
        _unit_name("Tekninen lautakunta", "Tekniska nämnden", "Technical Committee"),
    ),
    SampleUnit(
        "esim-ymparistopalvelut",
        Unit.Kind.AREA,
        "esim-tekniset-palvelut",
        _unit_name("Ympäristöpalvelut", "Miljötjänster", "Environmental services"),
        _unit_name(
            "Ympäristö- ja rakennuslautakunta",
            "Miljö- och byggnadsnämnden",
            "Environment and Building Committee",
        ),
    ),
    SampleUnit(
        "esim-kuntatekniikka",
        Unit.Kind.AREA,
        "esim-tekniset-palvelut",
        _unit_name("Kuntatekniikka", "Kommunalteknik", "Municipal engineering"),
    ),
    SampleUnit(
        "esim-katu-ja-puisto",
        Unit.Kind.UNIT,
        "esim-kuntatekniikka",
        _unit_name("Katu- ja puistoyksikkö", "Gatu- och parkenheten", "Streets and parks"),
    ),
)

PEOPLE: tuple[SamplePerson, ...] = (
    SamplePerson(
        "maija.esimerkki@esimerkki.invalid",
        "Maija",
        "Esimerkki",
        "Kehittämispäällikkö (esimerkki)",
        "esim-digipalvelut",
    ),
    SamplePerson(
        "matti.esimerkki@esimerkki.invalid",
        "Matti",
        "Esimerkki",
        "Viestintäpäällikkö (esimerkki)",
        "esim-viestinta",
    ),
    SamplePerson(
        "liisa.esimerkki@esimerkki.invalid",
        "Liisa",
        "Esimerkki",
        "Kirjastotoimenjohtaja (esimerkki)",
        "esim-kulttuuri-ja-kirjasto",
    ),
    SamplePerson(
        "pekka.esimerkki@esimerkki.invalid",
        "Pekka",
        "Esimerkki",
        "Ympäristöpäällikkö (esimerkki)",
        "esim-ymparistopalvelut",
    ),
    SamplePerson(
        "anna.esimerkki@esimerkki.invalid",
        "Anna",
        "Esimerkki",
        "Henkilöstöpäällikkö (esimerkki)",
        "esim-henkilostopalvelut",
    ),
)

STRATEGY = "kaupunkistrategia"
POLICY = "ymparistopolitiikka"


def _measure_name(fi: str, sv: str, en: str) -> Text:
    return Text(fi=f"{fi} (esimerkki)", sv=f"{sv} (exempel)", en=f"{en} (sample)")


def _sample_text(fi: str, sv: str, en: str) -> Text:
    return Text(
        fi=f"Esimerkkiaineistoa: {fi}",
        sv=f"Exempeldata: {sv}",
        en=f"Sample data: {en}",
    )


MEASURES: tuple[SampleMeasure, ...] = (
    SampleMeasure(
        identifier="ESIM-1",
        name=_measure_name(
            "Sähköinen asiointi rakennuslupiin",
            "E-tjänst för bygglov",
            "Online service for building permits",
        ),
        description=_sample_text(
            "rakennuslupien haku siirretään verkkoon.",
            "ansökan om bygglov flyttas till nätet.",
            "applying for building permits moves online.",
        ),
        goals=((STRATEGY, "viisas-kemi"),),
        unit="esim-digipalvelut",
        collaborators=("esim-ymparistopalvelut",),
        contacts=("maija.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.ON_TRACK,
        progress=45,
        started_days_ago=300,
        ends_in_days=240,
    ),
    SampleMeasure(
        identifier="ESIM-2",
        name=_measure_name(
            "Ideakilpailu kaupungin henkilöstölle",
            "Idétävling för stadens personal",
            "Ideas competition for city staff",
        ),
        description=_sample_text(
            "henkilöstö ehdottaa, miten palveluja sujuvoitetaan.",
            "personalen föreslår hur tjänsterna kan bli smidigare.",
            "staff propose how services could be streamlined.",
        ),
        goals=((STRATEGY, "viisas-kemi"),),
        unit="esim-henkilostopalvelut",
        contacts=("anna.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.COMPLETED,
        progress=100,
        started_days_ago=360,
        ends_in_days=-60,
    ),
    SampleMeasure(
        identifier="ESIM-3",
        name=_measure_name(
            "Asukasraati palveluverkon suunnitteluun",
            "Invånarpanel för planeringen av servicenätet",
            "Residents' panel on the service network",
        ),
        description=_sample_text(
            "arvotut asukkaat arvioivat palveluverkon vaihtoehtoja.",
            "slumpvis utvalda invånare bedömer alternativen för servicenätet.",
            "randomly selected residents assess options for the service network.",
        ),
        goals=((STRATEGY, "viisas-kemi"),),
        unit="esim-konsernipalvelut",
        collaborators=("esim-viestinta",),
        contacts=("matti.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.DELAYED,
        progress=30,
        started_days_ago=280,
        ends_in_days=30,
    ),
    SampleMeasure(
        identifier="ESIM-4",
        name=_measure_name(
            "Aikuisopiskelun ohjauspiste kirjastoon",
            "Vägledning för vuxenstuderande i biblioteket",
            "Adult learning guidance point in the library",
        ),
        description=_sample_text(
            "kirjastossa neuvotaan opiskelumahdollisuuksista.",
            "biblioteket ger råd om studiemöjligheter.",
            "the library advises on opportunities to study.",
        ),
        goals=((STRATEGY, "viisas-kemi"),),
        unit="esim-paakirjasto",
        contacts=("liisa.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.NOT_STARTED,
        progress=None,
        started_days_ago=None,
        ends_in_days=400,
    ),
    SampleMeasure(
        identifier="ESIM-5",
        name=_measure_name(
            "Asiakaspalvelukoulutus kaikille toimialoille",
            "Kundserviceutbildning för alla sektorer",
            "Customer service training for all divisions",
        ),
        description=_sample_text(
            "koko henkilöstö käy palveluhenkeä vahvistavan koulutuksen.",
            "hela personalen går en utbildning som stärker serviceandan.",
            "all staff take a course that strengthens the service spirit.",
        ),
        goals=((STRATEGY, "valittava-kemi"),),
        unit="esim-henkilostopalvelut",
        collaborators=("esim-sivistyspalvelut", "esim-tekniset-palvelut"),
        contacts=("anna.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.ON_TRACK,
        progress=60,
        started_days_ago=330,
        ends_in_days=120,
    ),
    SampleMeasure(
        identifier="ESIM-6",
        name=_measure_name(
            "Työhyvinvointikyselyn jatkotoimet",
            "Åtgärder efter arbetshälsoenkäten",
            "Follow-up of the staff wellbeing survey",
        ),
        description=_sample_text(
            "työyhteisöt sopivat kyselyn pohjalta omat kehittämiskohteensa.",
            "arbetsgemenskaperna kommer överens om egna förbättringar utifrån enkäten.",
            "work communities agree on their own improvements based on the survey.",
        ),
        goals=((STRATEGY, "valittava-kemi"),),
        unit="esim-henkilostopalvelut",
        contacts=("anna.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.AT_RISK,
        progress=20,
        started_days_ago=270,
        ends_in_days=90,
        internal=True,
    ),
    SampleMeasure(
        identifier="ESIM-7",
        name=_measure_name(
            "Palautteisiin vastataan viikon kuluessa",
            "Responser besvaras inom en vecka",
            "Feedback answered within a week",
        ),
        description=_sample_text(
            "jokainen asiakaspalaute saa vastauksen viikossa.",
            "varje kundrespons besvaras inom en vecka.",
            "every piece of customer feedback is answered within a week.",
        ),
        goals=((STRATEGY, "valittava-kemi"),),
        unit="esim-viestinta",
        contacts=("matti.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.ON_TRACK,
        progress=70,
        started_days_ago=200,
        ends_in_days=None,
    ),
    SampleMeasure(
        identifier="ESIM-8",
        name=_measure_name(
            "Kestävyysarviointi valtuustoasioihin",
            "Hållbarhetsbedömning av fullmäktigeärenden",
            "Sustainability assessment of council items",
        ),
        description=_sample_text(
            "valtuustoasioiden valmistelussa arvioidaan taloudelliset, ekologiset ja sosiaaliset "
            "vaikutukset.",
            "vid beredningen av fullmäktigeärenden bedöms de ekonomiska, ekologiska och sociala "
            "konsekvenserna.",
            "the economic, ecological and social impacts of council items are assessed when they "
            "are prepared.",
        ),
        goals=((STRATEGY, "vihrea-kemi"), (POLICY, "ymparistovaikutusten-huomioiminen")),
        unit="esim-konsernipalvelut",
        collaborators=("esim-ymparistopalvelut",),
        contacts=("pekka.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.ON_TRACK,
        progress=35,
        started_days_ago=250,
        ends_in_days=300,
    ),
    SampleMeasure(
        identifier="ESIM-9",
        name=_measure_name(
            "Katuvalaistuksen vaihto LED-valaisimiin",
            "Gatubelysningen byts till LED",
            "Street lighting changed to LED",
        ),
        description=_sample_text(
            "vanhat katuvalaisimet vaihdetaan energiaa säästäviin.",
            "gamla gatlampor byts mot energisnåla.",
            "old street lights are replaced with energy-saving ones.",
        ),
        goals=((STRATEGY, "vihrea-kemi"), (POLICY, "jatkuva-parantaminen")),
        unit="esim-katu-ja-puisto",
        contacts=("pekka.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.COMPLETED,
        progress=100,
        started_days_ago=365,
        ends_in_days=-30,
    ),
    SampleMeasure(
        identifier="ESIM-10",
        name=_measure_name(
            "Koulujen ympäristöviikko",
            "Skolornas miljövecka",
            "Schools' environment week",
        ),
        description=_sample_text(
            "kouluissa järjestetään ympäristöaiheinen teemaviikko.",
            "skolorna ordnar en temavecka om miljön.",
            "schools hold a theme week on the environment.",
        ),
        goals=((STRATEGY, "vihrea-kemi"), (POLICY, "ymparistotietoisuus")),
        unit="esim-perusopetus",
        collaborators=("esim-ymparistopalvelut",),
        contacts=("pekka.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.CANCELLED,
        progress=10,
        started_days_ago=320,
        ends_in_days=-100,
    ),
    SampleMeasure(
        identifier="ESIM-11",
        name=_measure_name(
            "Tapahtumamatkailun markkinointikampanja",
            "Marknadsföringskampanj för evenemangsturism",
            "Event tourism marketing campaign",
        ),
        description=_sample_text(
            "kaupungin tapahtumia markkinoidaan matkailijoille.",
            "stadens evenemang marknadsförs till turister.",
            "the city's events are marketed to tourists.",
        ),
        goals=((STRATEGY, "veto-ja-pitovoima"),),
        unit="esim-viestinta",
        contacts=("matti.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.ON_TRACK,
        progress=50,
        started_days_ago=180,
        ends_in_days=180,
    ),
    SampleMeasure(
        identifier="ESIM-12",
        name=_measure_name(
            "Viestinnän vuosikello",
            "Kommunikationens årshjul",
            "Annual communications calendar",
        ),
        description=_sample_text(
            "toimialojen viestintä suunnitellaan yhteiseen vuosikelloon.",
            "sektorernas kommunikation planeras i ett gemensamt årshjul.",
            "the divisions plan their communications in one shared calendar.",
        ),
        goals=((STRATEGY, "viestinta-ja-imagotyo"),),
        unit="esim-viestinta",
        contacts=("matti.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.DELAYED,
        progress=40,
        started_days_ago=240,
        ends_in_days=20,
        internal=True,
    ),
    SampleMeasure(
        identifier="ESIM-13",
        name=_measure_name(
            "Myyntityön valmennus yrityspalveluille",
            "Försäljningsträning för företagstjänsterna",
            "Sales coaching for business services",
        ),
        description=_sample_text(
            "yrityspalvelujen henkilöstö valmennetaan myyntityöhön.",
            "personalen inom företagstjänsterna tränas i försäljningsarbete.",
            "business services staff are coached in sales work.",
        ),
        goals=((STRATEGY, "myyntityo-ja-viestintataidot"),),
        unit="esim-konsernipalvelut",
        contacts=("matti.esimerkki@esimerkki.invalid",),
        status=MeasureStatus.NOT_STARTED,
        progress=None,
        started_days_ago=None,
        ends_in_days=500,
        internal=True,
    ),
)


def _update_text(fi: str, sv: str, en: str) -> Text:
    return Text(fi=f"{fi} (esimerkki)", sv=f"{sv} (exempel)", en=f"{en} (sample)")


STARTED = _update_text(
    "Työ käynnistettiin: vastuut ja aikataulu sovittiin.",
    "Arbetet inleddes: ansvar och tidtabell fastställdes.",
    "Work started: responsibilities and schedule were agreed.",
)
PROGRESSING = _update_text(
    "Työ eteni suunnitelman mukaan.",
    "Arbetet framskred enligt planen.",
    "Work progressed as planned.",
)
DELAYED = _update_text(
    "Aikataulu on viivästynyt, koska tekijät ovat olleet kiinni muissa tehtävissä.",
    "Tidtabellen har försenats eftersom personalen varit upptagen med andra uppgifter.",
    "The schedule has slipped because the people involved were tied up with other tasks.",
)
AT_RISK = _update_text(
    "Rahoitus on epävarma; asia viedään johtoryhmän käsittelyyn.",
    "Finansieringen är osäker; frågan förs till ledningsgruppen.",
    "Funding is uncertain; the matter goes to the management team.",
)
COMPLETED = _update_text(
    "Toimenpide on valmis ja tulokset on raportoitu.",
    "Åtgärden är klar och resultaten har rapporterats.",
    "The measure is complete and its results have been reported.",
)
CANCELLED = _update_text(
    "Toimenpide peruttiin, koska sama tavoite saavutetaan toista kautta.",
    "Åtgärden ställdes in eftersom samma mål nås på annat sätt.",
    "The measure was cancelled because the same aim is reached another way.",
)

# The story of status updates behind each final status: (days before the
# measure's last update, status, share of the final progress, text).
UPDATE_STORIES: dict[str, tuple[tuple[int, str, float, Text], ...]] = {
    MeasureStatus.NOT_STARTED: (),
    MeasureStatus.ON_TRACK: (
        (270, MeasureStatus.ON_TRACK, 0.25, STARTED),
        (180, MeasureStatus.ON_TRACK, 0.5, PROGRESSING),
        (90, MeasureStatus.ON_TRACK, 0.75, PROGRESSING),
        (0, MeasureStatus.ON_TRACK, 1.0, PROGRESSING),
    ),
    MeasureStatus.DELAYED: (
        (240, MeasureStatus.ON_TRACK, 0.4, STARTED),
        (120, MeasureStatus.ON_TRACK, 0.7, PROGRESSING),
        (0, MeasureStatus.DELAYED, 1.0, DELAYED),
    ),
    MeasureStatus.AT_RISK: (
        (210, MeasureStatus.ON_TRACK, 0.5, STARTED),
        (100, MeasureStatus.DELAYED, 0.8, DELAYED),
        (0, MeasureStatus.AT_RISK, 1.0, AT_RISK),
    ),
    MeasureStatus.COMPLETED: (
        (260, MeasureStatus.ON_TRACK, 0.2, STARTED),
        (130, MeasureStatus.ON_TRACK, 0.6, PROGRESSING),
        (0, MeasureStatus.COMPLETED, 1.0, COMPLETED),
    ),
    MeasureStatus.CANCELLED: (
        (180, MeasureStatus.ON_TRACK, 1.0, STARTED),
        (0, MeasureStatus.CANCELLED, 1.0, CANCELLED),
    ),
}
