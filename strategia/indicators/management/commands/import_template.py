"""``manage.py import_template``: an empty table to fill in and import with --format table."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from strategia.indicators.exporters import template_bytes
from strategia.indicators.models import Indicator


class Command(BaseCommand):
    help = "Write the observation import template (CSV or XLSX), optionally for one indicator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        parser.add_argument("--indicator", help="Indicator slug: its columns and an example row.")
        parser.add_argument("--organisation", help="Organisation slug.")
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        indicator = None
        if options["indicator"]:
            slug = options["organisation"] or settings.DEFAULT_ORGANISATION_SLUG
            try:
                indicator = Indicator.objects.select_related("organisation").get(
                    organisation__slug=slug, slug=options["indicator"]
                )
            except Indicator.DoesNotExist:
                raise CommandError(f"No indicator {options['indicator']!r} in {slug}.") from None
        template = template_bytes(options["format"], indicator)
        if options["output"]:
            with open(options["output"], "wb") as out:
                out.write(template.content)
        else:
            sys.stdout.buffer.write(template.content)
            sys.stdout.flush()
