"""Remove resident accounts whose address was never verified (``PARTICIPATION_UNVERIFIED_DAYS``)."""

from django.core.management.base import BaseCommand

from strategia.participation.services import unverified_participants_remove


class Command(BaseCommand):
    help = (
        "Delete residents' accounts never verified within PARTICIPATION_UNVERIFIED_DAYS "
        "(default 7) of registering. Staff accounts are never touched. Idempotent."
    )

    def handle(self, *args, **options) -> None:
        removed = unverified_participants_remove()
        self.stdout.write(f"{removed} unverified account(s) removed.")
