"""Import agenda items from a CSV file or a meeting system's RSS/Atom feed (file or address).

Idempotent, so a scheduler may run it after every meeting-system publication:
a rerun with the same feed changes nothing. A fetched feed is kept under
``var/imports/<date>/`` for audit. One transaction: a bad file names its
problems and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from strategia.assessments.imports import (
    MAX_BYTES,
    ImportFileError,
    decisions_import,
    read_csv,
    read_feed,
)
from strategia.assessments.models import Decision
from strategia.organisations.models import Organisation


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Import agenda items (CSV, or an RSS/Atom feed from a file or an https address)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="A file path, or an http(s) address of a feed.")
        parser.add_argument("--format", choices=("csv", "feed"), default="feed")
        parser.add_argument(
            "--organisation", default=None, help="Organisation slug (default: the site's)."
        )
        parser.add_argument("--body", default="", help="Body of feed items whose titles name none.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )

    def _read(self, source: str, organisation: Organisation) -> bytes:
        if not source.startswith(("http://", "https://")):
            return Path(source).read_bytes()
        try:
            response = httpx.get(source, timeout=30, follow_redirects=True)
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise CommandError(f"Fetching {source} failed: {error}") from error
        content = response.content[: MAX_BYTES + 1]
        now = timezone.localtime()
        folder = Path(settings.VAR_DIR) / "imports" / now.strftime("%Y-%m-%d")
        folder.mkdir(parents=True, exist_ok=True)
        kept = folder / f"{organisation.slug}-agenda-{now:%H%M%S}.xml"
        kept.write_bytes(content)
        self.stdout.write(f"Fetched {len(content)} bytes, kept in {kept}")
        return content

    def handle(self, *args, **options) -> None:
        slug = options["organisation"] or settings.DEFAULT_ORGANISATION_SLUG
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"No organisation {slug!r}.")
        content = self._read(options["source"], organisation)
        try:
            if options["format"] == "csv":
                items, source = read_csv(content), Decision.Source.CSV
            else:
                items = read_feed(content, default_body=options["body"])
                source = Decision.Source.FEED
            with transaction.atomic():
                result = decisions_import(
                    user=None, organisation=organisation, items=items, source=source
                )
                if options["dry_run"]:
                    raise DryRun
        except ImportFileError as error:
            problems = "\n".join(f"  {problem}" for problem in error.errors)
            raise CommandError(f"Nothing was imported:\n{problems}") from error
        except DryRun:
            self.stdout.write(f"Dry run: {len(items)} agenda items read; nothing was written.")
            return
        self.stdout.write(
            f"Agenda items: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
