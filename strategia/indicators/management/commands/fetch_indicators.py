"""``manage.py fetch_indicators [--indicator SLUG …] [--organisation SLUG] [--dry-run]``.

Fetches every indicator with a live source (Sotkanet, PxWeb, SYKE), keeps the
raw answers under ``var/imports/<date>/`` and imports them. Meant for a
scheduler (cron, systemd timer): a rerun only updates what changed. Exits
non-zero when any indicator failed, after trying all of them.
"""

from django.core.management.base import BaseCommand, CommandError

from strategia.indicators.fetch import Fetcher, fetchable_indicators, make_client


class Command(BaseCommand):
    help = "Fetch indicator values from Sotkanet, Statistics Finland (PxWeb) and SYKE."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--indicator", action="append", default=[], metavar="SLUG", help="Only these."
        )
        parser.add_argument("--organisation", default="", metavar="SLUG")
        parser.add_argument(
            "--dry-run", action="store_true", help="Fetch and check, write nothing."
        )

    def handle(self, *args, **options) -> None:
        indicators = fetchable_indicators(
            organisation_slug=options["organisation"], slugs=options["indicator"]
        )
        if options["indicator"]:
            missing = set(options["indicator"]) - {i.slug for i in indicators}
            if missing:
                raise CommandError("No indicator with a live source: " + ", ".join(sorted(missing)))
        failed = 0
        with make_client() as client:
            fetcher = Fetcher(client=client, dry_run=options["dry_run"])
            for indicator in indicators:
                outcome = fetcher.fetch(indicator)
                label = f"{indicator.organisation.slug}/{indicator.slug}"
                if outcome.skipped:
                    self.stdout.write(f"{label}: skipped ({outcome.skipped})")
                elif outcome.error:
                    failed += 1
                    self.stderr.write(f"{label}: failed: {outcome.error}")
                else:
                    result = outcome.result
                    self.stdout.write(
                        f"{label}: {result.rows} rows, {result.created} created, "
                        f"{result.updated} updated, {result.unchanged} unchanged "
                        f"(raw answer: {outcome.archived})"
                        + (" [dry run]" if result.dry_run else "")
                    )
        if failed:
            raise CommandError(f"{failed} indicator(s) could not be fetched.")
