"""Sample staff accounts, one per role, for trying every view (called by ``load_demo_data``).

They are created only when ``settings.DEBUG`` is on — never in production,
not even with ``load_demo_data --allow-production`` — because they share one
published password. The accounts hang on the sample units and people of
``strategia.content.demo``: the contact person account is the sample person
with the most measures, and the unit manager leads the sample division that
person's measures belong to, so both have work to see.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from django.conf import settings

from strategia.organisations.models import Organisation, Person, Unit
from strategia.strategy.models import Measure

from .models import Role, RoleAssignment, User

# Documented in README.md ("Sample staff accounts"). For development only.
SAMPLE_PASSWORD = "kokeilu-salasana-2026"  # noqa: S105

SAMPLE_ACCOUNTS = (
    # e-mail, full name, role, is_staff
    ("paakayttaja@example.fi", "Esimerkki Pääkäyttäjä", Role.ADMINISTRATOR, True),
    ("strategiatoimisto@example.fi", "Esimerkki Strategiatoimisto", Role.STRATEGY_OFFICE, True),
    ("yksikonjohtaja@example.fi", "Esimerkki Yksikönjohtaja", Role.UNIT_MANAGER, True),
    ("vastuuhenkilo@example.fi", "Esimerkki Vastuuhenkilö", Role.CONTACT_PERSON, False),
    ("valmistelija@example.fi", "Esimerkki Valmistelija", Role.PREPARER, False),
    (
        "ymparisto@example.fi",
        "Esimerkki Ympäristökoordinaattori",
        Role.ENVIRONMENTAL_COORDINATOR,
        False,
    ),
    ("moderaattori@example.fi", "Esimerkki Moderaattori", Role.MODERATOR, False),
    ("lukija@example.fi", "Esimerkki Lukija", Role.READER, False),
)


def _write(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _top_unit(unit: Unit, parent_of: dict[int, int | None]) -> int:
    unit_id = unit.pk
    while parent_of.get(unit_id) is not None:
        unit_id = parent_of[unit_id]
    return unit_id


def _sample_contact(organisation: Organisation) -> Person | None:
    counts = Counter(
        Measure.objects.filter(organisation=organisation, contact_persons__is_sample=True)
        .values_list("contact_persons", flat=True)
        .order_by()
    )
    for person_id, _count in counts.most_common():
        person = Person.objects.filter(pk=person_id, is_sample=True).select_related("unit").first()
        if person is not None and (person.user_id is None or person.user.is_sample):
            return person
    return None


def add_sample_data(*, organisation: Organisation, stdout: TextIO | None = None) -> None:
    if not settings.DEBUG:
        _write(
            stdout,
            "Sample staff accounts were not created: settings.DEBUG is off, and accounts "
            "with a published password never belong in production.",
        )
        return
    contact = _sample_contact(organisation)
    parent_of = dict(Unit.objects.filter(organisation=organisation).values_list("pk", "parent_id"))
    manager_unit_id = None
    if contact is not None:
        measure = (
            Measure.objects.filter(contact_persons=contact, responsible_unit__isnull=False)
            .select_related("responsible_unit")
            .first()
        )
        if measure is not None:
            manager_unit_id = _top_unit(measure.responsible_unit, parent_of)
    made = []
    for email, full_name, role, is_staff in SAMPLE_ACCOUNTS:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None and not user.is_sample:
            _write(stdout, f"Skipped {email}: a real account has that address.")
            continue
        if user is None:
            user = User(email=email, full_name=full_name, is_staff=is_staff, is_sample=True)
            user.set_password(SAMPLE_PASSWORD)
            user.save()
            made.append(email)
        unit_id = None
        if role == Role.UNIT_MANAGER:
            if manager_unit_id is None:
                _write(stdout, f"Skipped the role of {email}: no sample unit to manage.")
                continue
            unit_id = manager_unit_id
        if role == Role.CONTACT_PERSON and contact is not None:
            unit_id = contact.unit_id
            if contact.user_id != user.pk:
                contact.user = user
                contact.save(update_fields=["user"])
        RoleAssignment.objects.get_or_create(
            user=user,
            organisation=organisation,
            role=role,
            unit_id=unit_id,
            defaults={"is_sample": True},
        )
    _write(
        stdout,
        f"Sample staff accounts: {len(made)} created, password {SAMPLE_PASSWORD!r} "
        "(see README.md).",
    )


def remove_sample_data(*, stdout: TextIO | None = None) -> None:
    """Delete the sample accounts (their role assignments go with them)."""
    Person.objects.filter(user__is_sample=True).update(user=None)
    count, _details = User.objects.filter(is_sample=True).delete()
    _write(stdout, f"Sample staff accounts removed: {count} rows.")
