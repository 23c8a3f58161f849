import datetime
from pathlib import Path

import pytest
from django.utils import translation

from strategia.assessments.imports import (
    ImportFileError,
    decisions_import,
    read_csv,
    read_feed,
)
from strategia.assessments.models import Decision

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def in_english():
    # The messages are asserted word for word; English keeps them independent of the catalogue.
    with translation.override("en"):
        yield


def _import(user, organisation, items, source="csv"):
    return decisions_import(user=user, organisation=organisation, items=items, source=source)


def test_csv_imports_and_a_second_import_changes_nothing(organisation, preparer):
    content = (DATA / "agenda_items.csv").read_bytes()
    result = _import(preparer, organisation, read_csv(content))
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    item = Decision.objects.get(paragraph="45")
    assert item.body == "Kaupunginhallitus"
    assert item.meeting_date == datetime.date(2026, 3, 2)
    assert item.title_sv == "Utredning om bildningsväsendets servicenät"
    assert Decision.objects.get(paragraph="12").body_kind == "council"
    history_rows = item.history.count()
    again = _import(preparer, organisation, read_csv(content))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert item.history.count() == history_rows


def test_csv_problems_are_located_and_nothing_is_written(organisation, preparer):
    content = (
        "body,meeting_date,paragraph,title_fi,status\n"
        "Kaupunginhallitus,2.3.2026,1,Hyvä rivi,\n"
        "Kaupunginhallitus,31.2.2026,2,Huono päivä,\n"
        ",2.3.2026,3,Ei toimielintä,\n"
        "Kaupunginhallitus,2.3.2026,4,Tila,kesken\n"
    ).encode()
    with pytest.raises(ImportFileError) as error:
        read_csv(content)
    assert error.value.errors == [
        "Row 3, column meeting_date: “31.2.2026” is not a date (31.12.2026).",
        "Row 4, column body: a value is required.",
        "Row 5, column status: one of decided, in_preparation, returned, withdrawn.",
    ]
    assert not Decision.objects.exists()


def test_csv_header_and_duplicates_are_refused(organisation, preparer):
    with pytest.raises(ImportFileError) as error:
        read_csv(b"body;title;meeting_date\n")
    assert error.value.errors == [
        "Row 1: missing column(s): title_fi.",
        "Row 1: unknown column(s): title.",
    ]
    items = read_csv(
        b"body,meeting_date,paragraph,title_fi\nKH,2.3.2026,5,Yksi\nKH,2.3.2026,5,Toinen\n"
    )
    with pytest.raises(ImportFileError) as error:
        _import(preparer, organisation, items)
    assert error.value.errors == ["Row 3: the same agenda item as row 2."]
    assert not Decision.objects.exists()


def test_dynasty_rss_reads_body_date_and_paragraph_from_the_title(organisation, preparer):
    items = read_feed((DATA / "dynasty_meetingitems.xml").read_bytes())
    assert [(i.body, i.meeting_date, i.paragraph) for i in items] == [
        ("Kaupunginhallitus", datetime.date(2026, 3, 2), "45"),
        ("Kaupunginhallitus", datetime.date(2026, 3, 2), "46"),
        ("Kaupunginvaltuusto", datetime.date(2026, 3, 16), "12"),
    ]
    assert items[0].title_fi == "Sivistystoimen palveluverkkoselvitys"
    assert items[0].document_url.endswith("page=meetingitem&id=202623-45")
    result = _import(preparer, organisation, items, source="feed")
    assert result.created == 3
    again = _import(
        preparer, organisation, read_feed((DATA / "dynasty_meetingitems.xml").read_bytes()), "feed"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_feed_and_csv_meet_on_the_same_items(organisation, preparer):
    _import(
        preparer, organisation, read_feed((DATA / "dynasty_meetingitems.xml").read_bytes()), "feed"
    )
    result = _import(preparer, organisation, read_csv((DATA / "agenda_items.csv").read_bytes()))
    # § 45 gains its Swedish title, § 12 its kind of body; the technical committee's item is new.
    assert (result.created, result.updated, result.unchanged) == (1, 2, 0)
    assert Decision.objects.count() == 4


def test_atom_without_the_body_in_the_titles_uses_the_given_body(organisation, preparer):
    content = (DATA / "tweb_atom.xml").read_bytes()
    with pytest.raises(ImportFileError) as error:
        read_feed(content)
    assert len(error.value.errors) == 2
    assert error.value.errors[0].startswith("Item 1: the title doesn't name the body")
    items = read_feed(content, default_body="Sivistyslautakunta")
    assert [(i.body, i.meeting_date, i.title_fi) for i in items] == [
        (
            "Sivistyslautakunta",
            datetime.date(2026, 4, 14),
            "Lukion opetussuunnitelman päivittäminen",
        ),
        ("Sivistyslautakunta", datetime.date(2026, 4, 10), "Varhaiskasvatuksen maksut 2027"),
    ]
    assert _import(preparer, organisation, items, "feed").created == 2
    assert (
        _import(
            preparer, organisation, read_feed(content, default_body="Sivistyslautakunta"), "feed"
        ).unchanged
        == 2
    )


@pytest.mark.parametrize(
    "content, message",
    [
        (b"<rss><channel><item><title>x", "The file is not XML: line 1, column 28."),
        (b"<html></html>", "The file is neither an RSS nor an Atom feed."),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss/>',
            "The feed has a DOCTYPE or ENTITY declaration; it is refused.",
        ),
        (
            b"<rss><channel><item><title>KH 1.1.2026 \xc2\xa7 1 Asia</title>"
            b"</item></channel></rss>",
            "Item 1: <link> is missing.",
        ),
        (
            b"<rss><channel><item><title>KH 1.1.2026 \xc2\xa7 1 Asia</title><link>x</link>"
            b"<pubDate>eilen</pubDate></item></channel></rss>",
            "item 1, link: “x” is not a web address.",
        ),
    ],
)
def test_bad_feeds_are_refused_with_the_place(content, message):
    with pytest.raises(ImportFileError) as error:
        read_feed(content)
    assert error.value.errors[0] == message


def test_a_reader_may_not_import(organisation, reader):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _import(reader, organisation, read_csv((DATA / "agenda_items.csv").read_bytes()))


def test_the_command_imports_a_feed_once(organisation, capsys):
    from django.core.management import CommandError, call_command

    path = str(DATA / "dynasty_meetingitems.xml")
    call_command("import_agenda_items", path, "--dry-run")
    assert not Decision.objects.exists()
    call_command("import_agenda_items", path)
    call_command("import_agenda_items", path)
    output = capsys.readouterr().out
    assert "Agenda items: 3 created, 0 updated, 0 unchanged." in output
    assert "Agenda items: 0 created, 0 updated, 3 unchanged." in output
    with pytest.raises(CommandError, match="Item 1: the title doesn't name the body"):
        call_command("import_agenda_items", str(DATA / "tweb_atom.xml"))
