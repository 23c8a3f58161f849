"""``manage.py export_observations --indicator SLUG``: observations in long form."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from strategia.indicators.exporters import FORMATS, export_observations
from strategia.indicators.models import Indicator


class Command(BaseCommand):
    help = (
        "Write an indicator's observations in long form (indicator, area, period, "
        "dimensions, value, absolute value, status) as CSV, XLSX or JSON-stat 2.0; "
        "the CSV and XLSX can be edited and imported back with --format table."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--indicator", required=True, action="append", help="Indicator slug.")
        parser.add_argument("--organisation", help="Organisation slug.")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["organisation"] or settings.DEFAULT_ORGANISATION_SLUG
        indicators = list(
            Indicator.objects.filter(organisation__slug=slug, slug__in=options["indicator"])
        )
        missing = set(options["indicator"]) - {i.slug for i in indicators}
        if missing:
            raise CommandError(f"No indicator {', '.join(sorted(missing))} in {slug}.")
        if options["format"] == "jsonstat2" and len(indicators) > 1:
            raise CommandError("JSON-stat is written one indicator at a time.")
        exported = export_observations(indicators, options["format"])
        if options["output"]:
            with open(options["output"], "wb") as out:
                out.write(exported.content)
        else:
            sys.stdout.buffer.write(exported.content)
            sys.stdout.flush()
