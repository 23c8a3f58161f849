"""Agenda items from a CSV file or from a meeting system's RSS/Atom feed.

Both readers turn a file into ``AgendaItem`` rows and report every problem
with its place (CSV: row and column; feed: item number and element) before
anything is written; ``decisions_import`` then writes all rows in one
transaction, or none. An item already in the database — the same link, or
the same body, meeting date and § — is updated only where it differs, so
importing the same file again changes nothing.

Feeds: Finnish meeting systems publish the agenda items of their public
meetings as RSS 2.0 (Dynasty: ``DREQUEST.PHP?page=rss/meetingitems``, each
item linking to ``DREQUEST.PHP?page=meetingitem&id=…``) or Atom. An item's
title usually starts with the body, meeting date and § ("Kaupunginhallitus
04.12.2023 § 198 Talousarvio…"); when it doesn't, the body comes from the
import form and the date from the item's publication date.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from strategia.accounts.models import User
from strategia.core.invalidation import content_changed
from strategia.organisations.models import Organisation

from .models import Decision, DecisionBody
from .services import CONTENT_KIND, _require, _stamp, is_on_public_site

MAX_BYTES = 5 * 1024 * 1024
CSV_REQUIRED = ("body", "meeting_date", "title_fi")
CSV_OPTIONAL = ("paragraph", "title_sv", "title_en", "document_url", "body_kind", "status")

TITLE_PATTERN = re.compile(
    r"^(?P<body>[^\d§]+?)\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{4})\s*,?\s*(?:§|pykälä)\s*"
    r"(?P<paragraph>\d+[a-zA-Z]?)\s*[:.\-–]?\s*(?P<title>.+)$",
    re.IGNORECASE,
)


class ImportFileError(Exception):
    """The file can't be imported; ``errors`` names each problem and where it is."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class AgendaItem:
    place: str  # "row 3" / "item 2", for messages
    body: str
    meeting_date: datetime.date | None
    title_fi: str
    paragraph: str = ""
    title_sv: str = ""
    title_en: str = ""
    document_url: str = ""
    body_kind: str = ""
    status: str = ""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _finnish_date(text: str) -> datetime.date:
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise ImportFileError([_("The file is larger than 5 MB.")])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            [_("The file is not UTF-8 text (byte %(position)s).") % {"position": error.start + 1}]
        ) from error


def _check_url(value: str, where: str, errors: list[str]) -> None:
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            errors.append(
                _("%(where)s: “%(value)s” is not a web address.") % {"where": where, "value": value}
            )


def read_csv(content: bytes) -> list[AgendaItem]:
    """Rows of a CSV (comma or semicolon separated, a header row first)."""
    text = _decode(content)
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in CSV_REQUIRED if name not in header]
    unknown = [name for name in header if name not in (*CSV_REQUIRED, *CSV_OPTIONAL)]
    errors = []
    if missing:
        errors.append(_("Row 1: missing column(s): %(names)s.") % {"names": ", ".join(missing)})
    if unknown:
        errors.append(_("Row 1: unknown column(s): %(names)s.") % {"names": ", ".join(unknown)})
    if errors:
        raise ImportFileError(errors)
    reader.fieldnames = header
    items = []
    kinds, statuses = set(DecisionBody.values), set(Decision.Status.values)
    for number, raw in enumerate(reader, start=2):
        if None in raw:
            errors.append(_("Row %(row)s: more values than columns.") % {"row": number})
            continue
        row = {key: (value or "").strip() for key, value in raw.items()}
        if not any(row.values()):
            continue
        where = _("row %(row)s") % {"row": number}
        for name in CSV_REQUIRED:
            if not row.get(name):
                errors.append(
                    _("Row %(row)s, column %(column)s: a value is required.")
                    % {"row": number, "column": name}
                )
        meeting_date = None
        if row.get("meeting_date"):
            try:
                meeting_date = _finnish_date(row["meeting_date"])
            except ValueError:
                errors.append(
                    _("Row %(row)s, column meeting_date: “%(value)s” is not a date (31.12.2026).")
                    % {"row": number, "value": row["meeting_date"]}
                )
        if row.get("body_kind") and row["body_kind"] not in kinds:
            errors.append(
                _("Row %(row)s, column body_kind: one of %(values)s.")
                % {"row": number, "values": ", ".join(sorted(kinds))}
            )
        if row.get("status") and row["status"] not in statuses:
            errors.append(
                _("Row %(row)s, column status: one of %(values)s.")
                % {"row": number, "values": ", ".join(sorted(statuses))}
            )
        _check_url(row.get("document_url", ""), f"{where}, document_url", errors)
        items.append(
            AgendaItem(
                place=where,
                body=row.get("body", ""),
                meeting_date=meeting_date,
                title_fi=row.get("title_fi", ""),
                paragraph=row.get("paragraph", "").removeprefix("§").strip(),
                title_sv=row.get("title_sv", ""),
                title_en=row.get("title_en", ""),
                document_url=row.get("document_url", ""),
                body_kind=row.get("body_kind", ""),
                status=row.get("status", ""),
            )
        )
    if errors:
        raise ImportFileError(errors)
    return items


ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def _text_of(element, *names: str) -> str:
    for name in names:
        found = element.find(name)
        if found is not None and (found.text or "").strip():
            return " ".join(found.text.split())
    return ""


def _feed_date(text: str) -> datetime.date | None:
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)  # RSS: RFC 822
    except (TypeError, ValueError):
        try:
            moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))  # Atom
        except ValueError:
            return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.date()


def read_feed(content: bytes, *, default_body: str = "") -> list[AgendaItem]:
    """Items of an RSS 2.0 or Atom feed: title, link and date (body and § from the title)."""
    text = _decode(content)
    # Entities and DTDs have no place in a meeting feed; refusing them closes
    # the door to entity-expansion attacks without another XML library.
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise ImportFileError([_("The feed has a DOCTYPE or ENTITY declaration; it is refused.")])
    try:
        # Safe with the declarations refused above: the standard parser resolves no
        # external entities, and expat limits entity expansion.
        root = ElementTree.fromstring(text)  # noqa: S314
    except ElementTree.ParseError as error:
        line, column = error.position
        raise ImportFileError(
            [
                _("The file is not XML: line %(line)s, column %(column)s.")
                % {"line": line, "column": column}
            ]
        ) from error
    if root.tag == "rss":
        entries = root.findall("./channel/item")
        kind = "rss"
    elif root.tag == f"{ATOM}feed":
        entries = root.findall(f"{ATOM}entry")
        kind = "atom"
    else:
        raise ImportFileError([_("The file is neither an RSS nor an Atom feed.")])
    errors, items = [], []
    for number, entry in enumerate(entries, start=1):
        where = _("item %(number)s") % {"number": number}
        if kind == "rss":
            title = _text_of(entry, "title")
            link = _text_of(entry, "link") or _text_of(entry, "guid")
            date_text = _text_of(entry, "pubDate", f"{DC}date")
        else:
            title = _text_of(entry, f"{ATOM}title")
            link = ""
            for element in entry.findall(f"{ATOM}link"):
                if element.get("rel", "alternate") == "alternate" and element.get("href"):
                    link = element.get("href").strip()
                    break
            date_text = _text_of(entry, f"{ATOM}published", f"{ATOM}updated")
        if not title:
            errors.append(_("Item %(number)s: <title> is missing.") % {"number": number})
            continue
        if not link:
            errors.append(_("Item %(number)s: <link> is missing.") % {"number": number})
        _check_url(link, f"{where}, link", errors)
        published = _feed_date(date_text)
        if date_text and published is None:
            errors.append(
                _("Item %(number)s: the date “%(value)s” can't be read.")
                % {"number": number, "value": date_text}
            )
        match = TITLE_PATTERN.match(title)
        if match:
            body = match.group("body").strip()
            try:
                meeting_date = _finnish_date(match.group("date"))
            except ValueError:
                errors.append(
                    _("Item %(number)s: the date in the title can't be read.") % {"number": number}
                )
                meeting_date = published
            paragraph, title_fi = match.group("paragraph"), match.group("title").strip()
        else:
            body, meeting_date, paragraph, title_fi = default_body.strip(), published, "", title
            if not body:
                errors.append(
                    _(
                        "Item %(number)s: the title doesn't name the body, meeting date and §; "
                        "give the body of the feed's items."
                    )
                    % {"number": number}
                )
        items.append(
            AgendaItem(
                place=where,
                body=body,
                meeting_date=meeting_date,
                title_fi=title_fi[:400],
                paragraph=paragraph,
                document_url=link,
            )
        )
    if not entries:
        errors.append(_("The feed has no items."))
    if errors:
        raise ImportFileError(errors)
    return items


def _natural_key(body: str, meeting_date, paragraph: str) -> tuple | None:
    if not paragraph or meeting_date is None:
        return None
    return (body.casefold(), meeting_date, paragraph)


def decisions_import(
    *, user: User | None, organisation: Organisation, items: list[AgendaItem], source: str
) -> ImportResult:
    """Write the items in one transaction: new ones created, known ones updated where different.

    ``user`` is None only for the management command, run by whoever runs the server.
    """
    if user is not None:
        _require(user, "assessments.manage_decisions", organisation)
    errors = []
    seen: dict[object, str] = {}
    for item in items:
        for key in (
            item.document_url or None,
            _natural_key(item.body, item.meeting_date, item.paragraph),
        ):
            if key is None:
                continue
            if key in seen:
                errors.append(
                    _("%(place)s: the same agenda item as %(other)s.")
                    % {"place": item.place.capitalize(), "other": seen[key]}
                )
            seen[key] = item.place
    if errors:
        raise ImportFileError(errors)
    result = ImportResult()
    public_changed = False
    with transaction.atomic():
        existing = list(
            Decision.objects.filter(organisation=organisation).select_related("assessment")
        )
        by_url = {d.document_url: d for d in existing if d.document_url}
        by_key = {
            _natural_key(d.body, d.meeting_date, d.paragraph): d
            for d in existing
            if _natural_key(d.body, d.meeting_date, d.paragraph)
        }
        for item in items:
            key = _natural_key(item.body, item.meeting_date, item.paragraph)
            decision = (by_url.get(item.document_url) if item.document_url else None) or (
                by_key.get(key) if key else None
            )
            values = {
                "body": item.body,
                "meeting_date": item.meeting_date,
                "paragraph": item.paragraph,
                "title_fi": item.title_fi,
            }
            # What the file leaves empty is kept as it is in the database.
            for name in ("title_sv", "title_en", "document_url", "body_kind", "status"):
                if getattr(item, name):
                    values[name] = getattr(item, name)
            if decision is None:
                decision = Decision(organisation=organisation, source=source, preparer=None)
                outcome = "created"
            elif any(getattr(decision, name) != value for name, value in values.items()):
                outcome = "updated"
            else:
                result.unchanged += 1
                continue
            for name, value in values.items():
                setattr(decision, name, value)
            try:
                decision.full_clean(
                    exclude=["organisation", "preparer", "version"], validate_constraints=False
                )
            except ValidationError as error:
                raise ImportFileError(
                    [f"{item.place.capitalize()}: {'; '.join(error.messages)}"]
                ) from error
            if outcome == "updated":
                decision.version += 1
                # A published decision's title, date and body are on the public pages.
                public_changed = public_changed or is_on_public_site(decision)
            _stamp(decision, user=user, reason=f"{source} import")
            decision.save()
            if decision.document_url:
                by_url[decision.document_url] = decision
            if key:
                by_key[key] = decision
            setattr(result, outcome, getattr(result, outcome) + 1)
        if public_changed:
            content_changed(organisation_id=organisation.pk, kinds=[CONTENT_KIND])
    return result
