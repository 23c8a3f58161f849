"""``manage.py import_observations --format FORMAT FILE``: import a saved source file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from strategia.indicators.importers import FORMATS, ImportFileError
from strategia.indicators.importers.sotkanet import read_regions
from strategia.indicators.models import Indicator
from strategia.indicators.services import observations_import
from strategia.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Import indicator observations from a file: Sotkanet JSON or CSV, a Statistics "
        "Finland JSON-stat 2.0 answer, SYKE's emissions CSV, or a filled-in table "
        "(CSV/XLSX). The import is all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The file to import ('-' for standard input).")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--indicator", help="Slug of the indicator the file is for.")
        parser.add_argument(
            "--organisation",
            help="Slug of the organisation (default: DEFAULT_ORGANISATION_SLUG).",
        )
        parser.add_argument(
            "--regions", help="Sotkanet /regions JSON mapping region ids to municipality codes."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, but write nothing."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["organisation"] or settings.DEFAULT_ORGANISATION_SLUG
        try:
            organisation = Organisation.objects.get(slug=slug)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation {slug!r}.") from None
        indicator = None
        if options["indicator"]:
            try:
                indicator = Indicator.objects.select_related("organisation").get(
                    organisation=organisation, slug=options["indicator"]
                )
            except Indicator.DoesNotExist:
                raise CommandError(
                    f"No indicator {options['indicator']!r} in {organisation.slug}."
                ) from None
        regions = None
        if options["regions"]:
            try:
                with open(options["regions"], "rb") as regions_file:
                    regions = read_regions(regions_file, options["regions"])
            except OSError as exc:
                raise CommandError(f"{options['regions']}: {exc.strerror}") from None
            except ImportFileError as exc:
                raise CommandError(str(exc)) from None

        path = options["file"]
        try:
            source = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        try:
            result = observations_import(
                organisation=organisation,
                format=options["format"],
                source=source,
                file_name=Path(path).name if path != "-" else "<stdin>",
                indicator=indicator,
                regions=regions,
                dry_run=options["dry_run"],
                progress=not options["no_progress"] and sys.stderr.isatty(),
            )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        finally:
            if source is not sys.stdin.buffer:
                source.close()

        counts = {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        if result.dry_run:
            message = _(
                "Dry run, nothing written: would have %(rows)s rows: %(created)s created, "
                "%(updated)s updated, %(unchanged)s unchanged."
            )
        else:
            message = _(
                "%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
            )
        self.stdout.write(message % counts)
        if len(result.per_indicator) > 1:
            for slug_, count in sorted(result.per_indicator.items()):
                self.stdout.write(f"  {slug_}: {count}")
