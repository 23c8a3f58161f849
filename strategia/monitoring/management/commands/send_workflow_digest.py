"""Mail each person the day's workflow news in one digest; safe to rerun (``notifications``)."""

from django.core.management.base import BaseCommand, CommandError

from strategia.monitoring.notifications import digest_send


class Command(BaseCommand):
    help = (
        "E-mail the status-update events (submitted, returned, published) not mailed yet, "
        "one digest per person; also retries immediate mail that failed. Idempotent."
    )

    def handle(self, *args, **options) -> None:
        result = digest_send()
        self.stdout.write(f"{result.mails} digest(s) sent, {result.notices} event(s).")
        if result.failures:
            raise CommandError(
                f"Mail to {len(result.failures)} address(es) failed; see the log.", returncode=1
            )
