"""Mail followers the news of the ideas they follow; safe to rerun (``notifications``)."""

from django.core.management.base import BaseCommand, CommandError

from strategia.participation.notifications import digest_send


class Command(BaseCommand):
    help = (
        "Collect the published status updates of measures that carry out followed ideas, then "
        "mail followers their news: immediate mail, the daily digest, and the weekly digest "
        "when a week has passed. Retries mail that failed. Idempotent."
    )

    def handle(self, *args, **options) -> None:
        result = digest_send()
        self.stdout.write(
            f"{result.collected} new measure update notice(s); "
            f"{result.immediate.mails} immediate mail(s), "
            f"{result.digests.mails} digest(s) with {result.digests.notices} item(s) sent."
        )
        failures = result.immediate.failures + result.digests.failures
        if failures:
            raise CommandError(
                f"Mail to {len(failures)} address(es) failed; see the log.", returncode=1
            )
