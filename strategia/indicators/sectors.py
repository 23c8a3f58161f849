"""SYKE's emission sector taxonomy: its five levels, abbreviations and names in fi/sv/en.

SYKE's municipal emissions files (``Tulokset_taso_5/kunta_<code>.csv``,
published since 8 June 2026) give each row's sector on levels 3 to 5 as an
abbreviation of its own per level (``Kul`` on level 3 is *Kulutussähkö*,
``MaL`` is *Maalämpö* on level 4 but *Matkustajaliikenne* on level 5) and
leave out levels 1 and 2, which follow from level 3. The older layout, still
found in archives, has Finnish names on every level.

Observations keep the Finnish name as the dimension value (``sector=Energia``),
so that files in either layout give the same series; pages, charts and
downloads show the name in the page's language through ``sector_name``. The
Swedish and English names are Strategia's own translations (SYKE publishes
the taxonomy in Finnish only); a name this module does not know is shown as
it came, marked as Finnish.
"""

from __future__ import annotations

# Abbreviation → Finnish name, per level, as in SYKE's level-5 files.
ABBREVIATIONS: dict[int, dict[str, str]] = {
    3: {
        "Kul": "Kulutussähkö",
        "Säh": "Sähkölämmitys",
        "Kau": "Kaukolämpö",
        "Ölj": "Öljylämmitys",
        "Muu": "Muu lämmitys",
        "Teo": "Teollisuus",
        "Työ": "Työkoneet",
        "Tie": "Tieliikenne",
        "Rai": "Raideliikenne",
        "Ves": "Vesiliikenne",
        "Maa": "Maatalous",
        "Jät": "Jätteiden käsittely",
        "F-k": "F-kaasut",
        "Tuu": "Päästöhyvitykset",
    },
    4: {
        "Kul": "Kulutussähkö",
        "Säh": "Sähkölämmitys",
        "Kau": "Kaukolämpö",
        "Ölj": "Öljylämmitys",
        "Muu": "Muu lämmitys",
        "MaL": "Maalämpö",
        "Puu": "Puulämmitys",
        "Kad": "Kadut",
        "Ti": "Tiet",
        "TaL": "Tavaraliikenne",
        "HeL": "Henkilöliikenne",
        "LäL": "Lähiliikenne",
        "Läp": "Läpiajoliikenne",
        "MoM": "Moottoripyörät ja mopot",
        "HuV": "Huviveneet",
        "Lai": "Laivat",
        "TyV": "Työveneet",
        "Teo": "Teollisuus",
        "Työ": "Työkoneet",
        "Maa": "Maatalous",
        "Kot": "Kotieläimet",
        "Pel": "Peltoviljely",
        "Kom": "Kompostointi",
        "Mäd": "Mädätys",
        "JäP": "Jätevesien puhdistus",
        "Kaa": "Kaatopaikat",
        "AjI": "Ajoneuvojen ilmastointilaitteet",
        "RaI": "Rakennusten ilmastointilaitteet",
        "KAK": "Kaupan ja ammattikeittiöiden kylmälaitteet",
        "MuF": "Muut F-kaasujen lähteet",
        "Tuu": "Tuulivoima",
    },
    5: {
        "Asu": "Asuminen",
        "Pal": "Palvelut",
        "Teo": "Teollisuus",
        "Maa": "Maatalous",
        "TeP": "Teollisuuden polttoaineet",
        "MuT": "Muut työkoneet",
        "MMK": "Maa- ja metsätalouskoneet",
        "RaK": "Rakennustyökoneet",
        "Kai": "Kaivos- ja teollisuustyökoneet",
        "TiK": "Tietyökoneet",
        "HuV": "Huviveneet",
        "MaL": "Matkustajaliikenne",
        "TaL": "Tavaraliikenne",
        "Kal": "Kalastusalukset",
        "Lau": "Lautat ja lossit",
        "TyV": "Työveneet ja alukset",
        "Elä": "Eläinten ruuansulatus",
        "Lai": "Laidunnus",
        "Epä": "Epäorgaaniset lannoitteet",
        "Lan": "Lannankäsittely",
        "Ma": "Maaperä",
        "MuV": "Muut viljelysmaiden päästöt",
        "Org": "Orgaaniset lannoitteet",
        "Yhd": "Yhdyskuntajäte",
        "KAK": "Kaupan ja ammattikeittiöiden kylmälaitteet",
        "RaI": "Rakennusten ilmastointilaitteet",
        "AjI": "Ajoneuvojen ilmastointilaitteet",
        "MuF": "Muut F-kaasujen lähteet",
        "Hen": "Henkilöautot",
        "KuA": "Kuorma-autot",
        "LiA": "Linja-autot",
        "PaA": "Pakettiautot",
        "Läp": "Läpiajoliikenne",
        "MoM": "Moottoripyörät ja mopot",
        "Met": "Metrot ja raitiovaunut",
        "LäJ": "Lähijunat",
        "Die": "Diesel",
        "Sä": "Sähkö",
        "Tuu": "Tuulivoima",
    },
}

# Level 3 → (level 1, level 2): the levels the level-5 files leave out.
LEVEL_3_PARENTS: dict[str, tuple[str, str]] = {
    "Kulutussähkö": ("Energia", "Kulutussähkö"),
    "Sähkölämmitys": ("Energia", "Rakennusten lämmitys"),
    "Kaukolämpö": ("Energia", "Rakennusten lämmitys"),
    "Öljylämmitys": ("Energia", "Rakennusten lämmitys"),
    "Muu lämmitys": ("Energia", "Rakennusten lämmitys"),
    "Teollisuus": ("Energia", "Teollisuus ja työkoneet"),
    "Työkoneet": ("Energia", "Työkoneet"),
    "Tieliikenne": ("Energia", "Liikenne"),
    "Raideliikenne": ("Energia", "Liikenne"),
    "Vesiliikenne": ("Energia", "Liikenne"),
    "Maatalous": ("Maatalous", "Maatalous"),
    "Jätteiden käsittely": ("Jätteiden käsittely", "Jätteiden käsittely"),
    "F-kaasut": ("Teollisuusprosessit", "F-kaasut"),
    "Päästöhyvitykset": ("Kompensaatiot", "Kompensaatiot"),
}

# The dimension the SYKE importer writes the sector to.
DIMENSION = "sector"

# The level-1 sector of emission credits (wind power), left out unless asked for.
CREDITS = "Kompensaatiot"

# Finnish name → (Swedish, English).
NAMES: dict[str, tuple[str, str]] = {
    # Level 1
    "Energia": ("Energi", "Energy"),
    "Maatalous": ("Jordbruk", "Agriculture"),
    "Jätteiden käsittely": ("Avfallshantering", "Waste treatment"),
    "Teollisuusprosessit": ("Industriprocesser", "Industrial processes"),
    "Kompensaatiot": ("Kompensationer", "Offsets"),
    # Level 2
    "Kulutussähkö": ("Förbrukningsel", "Consumer electricity"),
    "Rakennusten lämmitys": ("Uppvärmning av byggnader", "Heating of buildings"),
    "Teollisuus ja työkoneet": ("Industri och arbetsmaskiner", "Industry and machinery"),
    "Työkoneet": ("Arbetsmaskiner", "Machinery"),
    "Liikenne": ("Trafik", "Transport"),
    "F-kaasut": ("F-gaser", "F-gases"),
    # Level 3
    "Sähkölämmitys": ("Eluppvärmning", "Electric heating"),
    "Kaukolämpö": ("Fjärrvärme", "District heating"),
    "Öljylämmitys": ("Oljeuppvärmning", "Oil heating"),
    "Muu lämmitys": ("Övrig uppvärmning", "Other heating"),
    "Teollisuus": ("Industri", "Industry"),
    "Tieliikenne": ("Vägtrafik", "Road transport"),
    "Raideliikenne": ("Spårtrafik", "Rail transport"),
    "Vesiliikenne": ("Sjötrafik", "Waterborne transport"),
    "Päästöhyvitykset": ("Utsläppskrediter", "Emission credits"),
    # Level 4
    "Maalämpö": ("Jordvärme", "Ground-source heat"),
    "Puulämmitys": ("Vedeldning", "Wood heating"),
    "Kadut": ("Gator", "Streets"),
    "Tiet": ("Vägar", "Roads"),
    "Tavaraliikenne": ("Godstrafik", "Freight transport"),
    "Henkilöliikenne": ("Persontrafik", "Passenger transport"),
    "Lähiliikenne": ("Närtrafik", "Local traffic"),
    "Läpiajoliikenne": ("Genomfartstrafik", "Through traffic"),
    "Moottoripyörät ja mopot": ("Motorcyklar och mopeder", "Motorcycles and mopeds"),
    "Huviveneet": ("Fritidsbåtar", "Leisure boats"),
    "Laivat": ("Fartyg", "Ships"),
    "Työveneet": ("Arbetsbåtar", "Work boats"),
    "Kotieläimet": ("Husdjur", "Livestock"),
    "Peltoviljely": ("Åkerbruk", "Crop farming"),
    "Kompostointi": ("Kompostering", "Composting"),
    "Mädätys": ("Rötning", "Anaerobic digestion"),
    "Jätevesien puhdistus": ("Avloppsvattenrening", "Wastewater treatment"),
    "Kaatopaikat": ("Avstjälpningsplatser", "Landfills"),
    "Ajoneuvojen ilmastointilaitteet": (
        "Luftkonditionering i fordon",
        "Vehicle air conditioning",
    ),
    "Rakennusten ilmastointilaitteet": (
        "Luftkonditionering i byggnader",
        "Building air conditioning",
    ),
    "Kaupan ja ammattikeittiöiden kylmälaitteet": (
        "Kylanläggningar i handeln och storkök",
        "Refrigeration in shops and commercial kitchens",
    ),
    "Muut F-kaasujen lähteet": ("Övriga källor till F-gaser", "Other sources of F-gases"),
    "Tuulivoima": ("Vindkraft", "Wind power"),
    # Level 5
    "Asuminen": ("Boende", "Housing"),
    "Palvelut": ("Tjänster", "Services"),
    "Teollisuuden polttoaineet": ("Industrins bränslen", "Industrial fuels"),
    "Muut työkoneet": ("Övriga arbetsmaskiner", "Other machinery"),
    "Maa- ja metsätalouskoneet": ("Jord- och skogsbruksmaskiner", "Farm and forestry machinery"),
    "Rakennustyökoneet": ("Byggmaskiner", "Construction machinery"),
    "Kaivos- ja teollisuustyökoneet": (
        "Gruv- och industrimaskiner",
        "Mining and industrial machinery",
    ),
    "Tietyökoneet": ("Vägarbetsmaskiner", "Road works machinery"),
    "Matkustajaliikenne": ("Passagerartrafik", "Passenger shipping"),
    "Kalastusalukset": ("Fiskefartyg", "Fishing vessels"),
    "Lautat ja lossit": ("Färjor och linfärjor", "Ferries and cable ferries"),
    "Työveneet ja alukset": ("Arbetsbåtar och fartyg", "Work boats and vessels"),
    "Eläinten ruuansulatus": ("Djurens matsmältning", "Enteric fermentation"),
    "Laidunnus": ("Bete", "Grazing"),
    "Epäorgaaniset lannoitteet": ("Oorganiska gödselmedel", "Inorganic fertilisers"),
    "Lannankäsittely": ("Gödselhantering", "Manure management"),
    "Maaperä": ("Mark", "Soil"),
    "Muut viljelysmaiden päästöt": (
        "Övriga utsläpp från odlingsmark",
        "Other emissions from cropland",
    ),
    "Orgaaniset lannoitteet": ("Organiska gödselmedel", "Organic fertilisers"),
    "Yhdyskuntajäte": ("Kommunalt avfall", "Municipal waste"),
    "Henkilöautot": ("Personbilar", "Cars"),
    "Kuorma-autot": ("Lastbilar", "Lorries"),
    "Linja-autot": ("Bussar", "Buses"),
    "Pakettiautot": ("Paketbilar", "Vans"),
    "Metrot ja raitiovaunut": ("Metro och spårvagnar", "Metro and trams"),
    "Lähijunat": ("Närtåg", "Commuter trains"),
    "Diesel": ("Diesel", "Diesel"),
    "Sähkö": ("El", "Electricity"),
}

_LANGUAGE_POSITION = {"sv": 0, "en": 1}


def expand(level: int, text: str) -> str | None:
    """The Finnish name of a level's abbreviation or name; ``None`` when unknown."""
    if text in ABBREVIATIONS.get(level, {}):
        return ABBREVIATIONS[level][text]
    if text in NAMES:
        return text
    return None


def sector_name(name: str, language: str) -> str | None:
    """A sector's name in ``language`` (fi, sv, en); ``None`` when it is not in the taxonomy."""
    if name not in NAMES:
        return None
    position = _LANGUAGE_POSITION.get((language or "fi")[:2])
    return name if position is None else NAMES[name][position]


# Swedish or English name → Finnish, for a table filled in (or downloaded) in another language.
_FROM_TRANSLATION: dict[str, str] = {
    translated: finnish
    for finnish, names in NAMES.items()
    for translated in names
    if translated != finnish
}


def canonical_name(name: str) -> str:
    """The Finnish name of a sector given in any of the three languages (else ``name``)."""
    return _FROM_TRANSLATION.get(name, name)


def translate_dimensions(dimensions: dict[str, str], language: str) -> dict[str, str]:
    """Dimension values as a page in ``language`` shows them: sectors in that language."""
    sector = dimensions.get(DIMENSION)
    if sector is None:
        return dimensions
    translated = sector_name(sector, language)
    if translated is None or translated == sector:
        return dimensions
    return {**dimensions, DIMENSION: translated}
