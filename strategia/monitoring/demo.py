"""Sample monitoring cycle, for trying the workspace (called by ``load_demo_data``).

Creates the reporting periods of the current year for each plan that has
sample measures, opens the current tertial and closes the one before it, and
writes a few sample status updates in different states (draft, submitted,
returned) so that "my work", the approval queue and the completeness grid
have something to show, and a manual indicator kept by the sample contact
person (responsible unit: that person's unit, so the sample unit manager may
enter its values too), so that "My work" has values to enter. Every row made
here is marked ``is_sample``.
"""

from __future__ import annotations

import datetime
from typing import TextIO

from django.db.models import Q
from django.utils import timezone

from strategia.organisations.models import Organisation
from strategia.strategy.models import Measure, MeasureStatus, Plan, Visibility

from .models import ReportingPeriod, StatusUpdate
from .services import period_bounds

SAMPLE_TEXTS = [
    (StatusUpdate.State.DRAFT, MeasureStatus.ON_TRACK, 35, "Luonnos: työ on käynnistynyt."),
    (StatusUpdate.State.SUBMITTED, MeasureStatus.DELAYED, 20, "Aikataulu on viivästynyt."),
    (
        StatusUpdate.State.RETURNED,
        MeasureStatus.ON_TRACK,
        50,
        "Puolet tehtävistä on tehty.",
    ),
]


def add_sample_data(*, organisation: Organisation, stdout: TextIO | None = None) -> None:
    today = timezone.localdate()
    plans = Plan.objects.filter(
        organisation=organisation, goals__measures__is_sample=True
    ).distinct()
    periods_made = updates_made = 0
    current_number = (today.month - 1) // 4 + 1
    for plan in plans:
        periods = {}
        for kind, number in [("tertial", 1), ("tertial", 2), ("tertial", 3), ("year", 1)]:
            start, end = period_bounds(kind=kind, year=today.year, number=number)
            if kind == "tertial" and number == current_number:
                state = ReportingPeriod.State.OPEN
            elif kind == "tertial" and number < current_number:
                state = ReportingPeriod.State.CLOSED
            else:
                state = ReportingPeriod.State.PLANNED
            period, created = ReportingPeriod.objects.get_or_create(
                plan=plan,
                kind=kind,
                year=today.year,
                number=number,
                defaults={
                    "start_date": start,
                    "end_date": end,
                    "deadline": end + datetime.timedelta(days=14),
                    "state": state,
                    "opened_at": timezone.now() if state != ReportingPeriod.State.PLANNED else None,
                    "is_sample": True,
                },
            )
            periods[(kind, number)] = period
            periods_made += created
        current = periods[("tertial", current_number)]
        measures = (
            Measure.objects.filter(goals__plan=plan, is_sample=True)
            .exclude(status__in=(MeasureStatus.COMPLETED, MeasureStatus.CANCELLED))
            .distinct()
            .order_by("identifier")[: len(SAMPLE_TEXTS)]
        )
        for measure, (state, status, progress, text) in zip(measures, SAMPLE_TEXTS, strict=False):
            if StatusUpdate.objects.filter(measure=measure, reporting_period=current).exists():
                continue
            StatusUpdate.objects.create(
                measure=measure,
                reporting_period=current,
                date=today,
                status=status,
                progress=progress,
                text_fi=text,
                next_steps_fi="Jatketaan suunnitelman mukaan.",
                state=state,
                submitted_at=timezone.now() if state != StatusUpdate.State.DRAFT else None,
                return_comment=(
                    "Lisää mukaan luvut." if state == StatusUpdate.State.RETURNED else ""
                ),
                is_sample=True,
            )
            updates_made += 1
    indicators_made = _add_manual_indicator(organisation)
    if stdout is not None:
        stdout.write(
            f"Sample monitoring for {organisation}: {indicators_made} manual indicator,"
            f" {periods_made} reporting periods and "
            f"{updates_made} status updates in the workspace added."
        )


SAMPLE_INDICATOR_SLUG = "esim-kirjaston-kavijat"


def _add_manual_indicator(organisation: Organisation) -> int:
    """A manual indicator of the sample contact person's, linked to one of their measures."""
    from strategia.accounts.demo import _sample_contact
    from strategia.indicators.models import Indicator, IndicatorMeasure, Source

    contact = _sample_contact(organisation)
    if contact is None:
        return 0
    indicator, created = Indicator.objects.get_or_create(
        organisation=organisation,
        slug=SAMPLE_INDICATOR_SLUG,
        defaults={
            "name_fi": "Esimerkki: kirjaston käynnit",
            "name_sv": "Exempel: biblioteksbesök",
            "name_en": "Sample: library visits",
            "unit_fi": "käyntiä",
            "decimals": 0,
            "source": Source.MANUAL,
            "responsible_unit": contact.unit,
            "contact_person": contact,
            "visibility": Visibility.INTERNAL,
            "is_sample": True,
        },
    )
    measure = Measure.objects.filter(contact_persons=contact, is_sample=True).first()
    if created and measure is not None:
        IndicatorMeasure.objects.get_or_create(indicator=indicator, measure=measure)
    return int(created)


def remove_sample_data(*, stdout: TextIO | None = None) -> None:
    sample_periods = ReportingPeriod.objects.filter(is_sample=True)
    updates = StatusUpdate.objects.filter(reporting_period__in=sample_periods)
    deleted_updates, _ = updates.filter(is_sample=True).delete()
    # Real updates written in a sample period stay, outside the cycle.
    updates.filter(~Q(is_sample=True)).update(reporting_period=None)
    deleted_periods, _ = sample_periods.delete()
    from strategia.indicators.models import Indicator

    Indicator.objects.filter(slug=SAMPLE_INDICATOR_SLUG, is_sample=True).delete()
    Indicator.history.filter(slug=SAMPLE_INDICATOR_SLUG, is_sample=True).delete()
    # Sample rows leave no trace: their change history goes too.
    ReportingPeriod.history.filter(is_sample=True).delete()
    StatusUpdate.history.filter(is_sample=True, reporting_period__isnull=False).delete()
    if stdout is not None:
        stdout.write(
            f"Sample monitoring removed: {deleted_periods} rows of reporting periods and "
            f"{deleted_updates} rows of status updates."
        )
