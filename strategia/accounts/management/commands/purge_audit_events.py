"""Delete audit trail rows older than AUDIT_RETENTION_DAYS (safe to rerun from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from strategia.accounts.audit import purge_expired


class Command(BaseCommand):
    help = "Deletes audit trail rows older than AUDIT_RETENTION_DAYS days."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        count = purge_expired(dry_run=dry_run)
        days = settings.AUDIT_RETENTION_DAYS
        if dry_run:
            self.stdout.write(f"{count} audit events are older than {days} days (dry run).")
        else:
            self.stdout.write(f"Deleted {count} audit events older than {days} days.")
