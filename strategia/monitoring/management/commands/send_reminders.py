"""Mail the reminders due today. Safe to run every hour from cron: see ``reminders.py``."""

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from strategia.ems.reminders import (
    corrective_action_reminders_pending,
    corrective_action_reminders_send,
)
from strategia.monitoring.reminders import reminders_pending, reminders_send
from strategia.participation.reminders import answer_reminders_pending, answer_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail contact persons about status updates due or late (one digest per person), "
        "and escalate late ones to unit managers. Idempotent: a reminder is sent once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Act as if today were this date (YYYY-MM-DD); for catching up.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would get which reminder; send and record nothing.",
        )

    def handle(
        self, *args, date: datetime.date | None = None, dry_run: bool = False, **options
    ) -> None:
        today = date or timezone.localdate()
        if dry_run:
            for recipient in reminders_pending(today=today):
                self.stdout.write(f"{recipient.email} ({recipient.language}):")
                for item, kind, sequence in recipient.items:
                    self.stdout.write(
                        f"  {kind} #{sequence}: {item.measure.identifier} {item.period.label}"
                    )
            for recipient in corrective_action_reminders_pending(today=today):
                self.stdout.write(f"{recipient.email} ({recipient.language}):")
                for item, sequence in recipient.items:
                    self.stdout.write(f"  overdue corrective action #{sequence}: {item.pk}")
            for recipient in answer_reminders_pending(today=today):
                self.stdout.write(f"{recipient.email} ({recipient.language}):")
                for idea, sequence in recipient.items:
                    self.stdout.write(f"  idea answer #{sequence}: {idea.pk} due {idea.due_date}")
            return
        result = reminders_send(today=today)
        self.stdout.write(
            f"{today.isoformat()}: {result.mails} mail(s) sent, {result.items} item(s) reminded."
        )
        ems = corrective_action_reminders_send(today=today)
        self.stdout.write(
            f"{today.isoformat()}: {ems.mails} mail(s) about {ems.items} overdue corrective "
            "action(s) sent."
        )
        ideas = answer_reminders_send(today=today)
        self.stdout.write(
            f"{today.isoformat()}: {ideas.mails} mail(s) about {ideas.items} idea answer(s) "
            "due or late sent."
        )
        failures = result.failures + ideas.failures
        if failures:
            raise CommandError(
                f"Reminders to {len(failures)} address(es) failed and will be retried: "
                + ", ".join(failures),
                returncode=1,
            )
