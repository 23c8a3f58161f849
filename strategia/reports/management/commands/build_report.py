"""python manage.py build_report KIND --plan SLUG --year YYYY [--period ID] --format F --output FILE

Builds one report from the current data and writes one format. With
``--final`` the report is also made final (frozen: snapshot and every format
stored, as the workspace's "make final" does), by the organisation's first
administrator or strategy office account unless ``--user`` names one.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from strategia.accounts.models import Role, RoleAssignment, User
from strategia.monitoring.models import ReportingPeriod
from strategia.organisations.models import Organisation
from strategia.strategy.models import Plan

from ...models import Format
from ...registry import ReportRequest, report_kinds
from ...renderers import render
from ...services import (
    build_document,
    report_content,
    report_create,
    report_make_final,
    validate_request,
)


class Command(BaseCommand):
    help = "Builds a report (annual, interim, wellbeing…) as HTML, PDF, DOCX or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[kind.key for kind in report_kinds()])
        parser.add_argument("--plan", required=True, help="the plan's identifier (slug)")
        parser.add_argument("--year", type=int)
        parser.add_argument("--period", type=int, help="the reporting period's id (interim)")
        parser.add_argument("--format", required=True, choices=Format.values)
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument("--language", default="fi", choices=["fi", "sv", "en"])
        parser.add_argument("--organisation", help="organisation slug (default: the only one)")
        parser.add_argument(
            "--internal", action="store_true", help="include internal measures and indicators"
        )
        parser.add_argument("--final", action="store_true", help="make the report final (frozen)")
        parser.add_argument("--user", help="e-mail of who makes it final")

    def handle(self, *args, **options):
        organisation = self._organisation(options["organisation"])
        plan = Plan.objects.filter(organisation=organisation, slug=options["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan {options['plan']!r} in {organisation}.")
        period = None
        if options["period"] is not None:
            period = ReportingPeriod.objects.filter(pk=options["period"], plan=plan).first()
            if period is None:
                raise CommandError(f"No reporting period {options['period']} in plan {plan.slug}.")
        try:
            validate_request(
                organisation=organisation,
                kind=options["kind"],
                plan=plan,
                year=options["year"],
                period=period,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        output = Path(options["output"])
        steps = ["build", *Format.values] if options["final"] else ["build", options["format"]]
        bar = tqdm(total=len(steps), desc=options["kind"], unit="step", file=self.stderr._out)
        if options["final"]:
            user = self._user(organisation, options["user"])
            report = report_create(
                user=user,
                organisation=organisation,
                kind=options["kind"],
                plan=plan,
                year=options["year"],
                period=period,
                language=options["language"],
                internal=options["internal"],
            )

            def step(name: str) -> None:
                bar.set_postfix_str(name)
                bar.update(1)

            report_make_final(user=user, report=report, progress=step)
            content = report_content(report, options["format"])
            message = f"Report {report.pk} made final; {options['format']} written to {output}"
        else:
            request = ReportRequest(
                kind=options["kind"],
                organisation=organisation,
                language=options["language"],
                plan=plan,
                year=period.year if period else options["year"],
                period=period,
                internal=options["internal"],
            )
            bar.set_postfix_str("build")
            document = build_document(request)
            bar.update(1)
            bar.set_postfix_str(options["format"])
            content = render(document, options["format"])
            bar.update(1)
            message = f"{options['format']} written to {output}"
        bar.close()
        output.write_bytes(content)
        self.stdout.write(f"{message} ({len(content):,} bytes)")

    def _organisation(self, slug: str | None) -> Organisation:
        if slug:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                raise CommandError(f"No organisation {slug!r}.")
            return organisation
        organisations = list(Organisation.objects.all()[:2])
        if len(organisations) != 1:
            raise CommandError("Name the organisation with --organisation SLUG.")
        return organisations[0]

    def _user(self, organisation: Organisation, email: str | None) -> User:
        if email:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                raise CommandError(f"No user {email!r}.")
            return user
        assignment = (
            RoleAssignment.objects.filter(
                organisation=organisation, role__in=[Role.ADMINISTRATOR, Role.STRATEGY_OFFICE]
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if assignment is None:
            raise CommandError(
                "Making a report final needs --user (an administrator or the strategy office)."
            )
        return assignment.user
