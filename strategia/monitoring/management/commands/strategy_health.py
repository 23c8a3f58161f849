"""List what weakens monitoring, per organisation; exit status 1 when something does."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from strategia.monitoring.selectors import strategy_health
from strategia.organisations.models import Organisation

TITLES = {
    "goals_without_measures": "Goals without measures",
    "goals_without_indicators": "Goals without indicators",
    "measures_without_unit": "Measures without a responsible unit",
    "measures_without_contact": "Measures without a contact person",
    "indicators_without_targets": "Indicators without targets",
    "indicators_without_recent_values": "Indicators without values in the last period",
    "measures_not_updated": "Measures not updated for two periods",
    "ended_but_on_track": "Ended measures still marked on track",
}


class Command(BaseCommand):
    help = "List goals, measures and indicators whose monitoring is weak."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", help="Organisation slug (default: all).")
        parser.add_argument(
            "--fail", action="store_true", help="Exit with status 1 if any problem is found."
        )

    def handle(self, *args, organisation: str | None = None, fail: bool = False, **options):
        organisations = Organisation.objects.all()
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(f"No organisation {organisation!r}.")
        today = timezone.localdate()
        total = 0
        for org in organisations:
            report = strategy_health(organisation=org, today=today)
            self.stdout.write(self.style.MIGRATE_HEADING(f"{org.name}: {report.problem_count}"))
            for name, items in report.sections():
                self.stdout.write(f"  {TITLES[name]}: {len(items)}")
                for item in items:
                    self.stdout.write(f"    - {item}")
            total += report.problem_count
        if fail and total:
            raise CommandError(f"{total} problem(s) found.", returncode=1)
