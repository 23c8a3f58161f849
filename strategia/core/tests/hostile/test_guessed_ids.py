"""Guessed ids of other units' and other organisations' objects, at every address.

The workspace: every named pattern of the workspace apps and of user
management comes from the URL resolver — a new page is covered without
touching this file — and is requested, as each role, with the ids of another
town's objects and of another unit's work in progress (a draft, a returned
update with its return comment, a submitted one, their risks). Their texts
carry markers that may appear in no answer, and nothing answers 500.

The admin: every model of the admin site's registry is walked over its
rows that the role may not see (another town's; another unit's unfinished
work): the change, history, delete, history-version and "view on site"
addresses answer 403 or 404 (or send to sign in, or back to the admin index
as for an id that does not exist), and the lists and autocomplete lookups
do not show them. A model registered later is walked by itself; one whose
rows this world does not make fails ``test_the_admin_walk_covers_every_registered_model``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from strategia.accounts.admin_access import RuleBasedAdminMixin
from strategia.accounts.models import Role, User
from strategia.accounts.selectors import users_only_of
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.accounts.tests.scenario import build_scenario
from strategia.assessments.tests.factories import DecisionFactory
from strategia.ems.registers import REGISTERS
from strategia.ems.tests import factories as ems
from strategia.indicators.tests.factories import (
    IndicatorFactory,
    ObservationFactory,
    TargetFactory,
)
from strategia.monitoring.tests.factories import (
    PlanMonitoringFactory,
    ReportingPeriodFactory,
    StatusUpdateFactory,
)
from strategia.organisations.tests.factories import PersonFactory, UnitFactory, UserFactory
from strategia.participation.tests.factories import (
    CommentFactory,
    IdeaFactory,
    InitiativeFactory,
    ParticipantFactory,
)
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory

from .addresses import PLACEHOLDER, Address, site_addresses

pytestmark = pytest.mark.django_db

FOREIGN = "VIERAS-KUNTA-SALAISUUS"
KEMI = "KEMIN-SISAINEN-SALAISUUS"
UNFINISHED = "TOISEN-YKSIKON-KESKENERAINEN"
WORKSPACE = (
    "monitoring:",
    "ems:",
    "reports:",
    "budget:",
    "assessments:",
    "participation_ws:",
    "accounts:user",
)
OTHER_VALUES = {
    "key": [register.key for register in REGISTERS],
    "format": ["csv", "xlsx", "pdf", "docx", "html"],
    "file_format": ["csv", "xlsx", "docx", "txt", "html"],
}
# Roles whose user is not of the measure's unit chain of the "other_unit" scope.
OUTSIDE_THE_UNIT_CHAIN = {"reader", "manager", "contact", "outsider", "norole"}
# Registered models that no role but a superuser opens; the walk checks that.
SUPERUSER_ONLY = {"auth.group", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def _town(organisation, marker: str, author) -> list[models.Model]:
    """One row of each kind an organisation owns, its texts carrying ``marker``."""
    unit = UnitFactory(organisation=organisation, name_fi=f"{marker} yksikkö")
    plan = PlanFactory(organisation=organisation, name_fi=f"{marker} suunnitelma")
    goal = GoalFactory(plan=plan, name_fi=f"{marker} tavoite")
    measure = MeasureFactory(
        organisation=organisation,
        responsible_unit=unit,
        name_fi=f"{marker} toimenpide",
        visibility="internal",
    )
    measure.goals.add(goal)
    period = ReportingPeriodFactory(plan=plan, number=7, state="open")
    indicator = IndicatorFactory(organisation=organisation, name_fi=f"{marker} mittari")
    person = PersonFactory(organisation=organisation, first_name=marker, unit=unit)
    member = UserFactory(email=f"jasen-{organisation.slug}@example.fi", full_name=marker)
    assignment = RoleAssignmentFactory(
        user=member, organisation=organisation, role=Role.CONTACT_PERSON, unit=unit
    )
    idea = IdeaFactory(organisation=organisation, author=author, title=f"{marker} idea")
    programme = ems.ProgrammeFactory(organisation=organisation, name=f"{marker} ohjelma")
    audit = ems.AuditFactory(programme=programme, scope=f"{marker} auditointi")
    obligation = ems.ObligationFactory(organisation=organisation, title=f"{marker} velvoite")
    review = ems.ReviewFactory(organisation=organisation)
    return [
        unit,
        plan,
        goal,
        measure,
        period,
        PlanMonitoringFactory(plan=plan),
        indicator,
        ObservationFactory(indicator=indicator),
        TargetFactory(indicator=indicator),
        person,
        member,
        assignment,
        DecisionFactory(organisation=organisation, title_fi=f"{marker} päätös"),
        ems.SiteFactory(organisation=organisation, name=f"{marker} kohde"),
        ems.AspectFactory(organisation=organisation, activity=f"{marker} toiminta"),
        obligation,
        ems.EvaluationFactory(obligation=obligation),
        programme,
        audit,
        ems.FindingFactory(audit=audit, description=f"{marker} havainto"),
        ems.NonconformityFactory(organisation=organisation, description=f"{marker} poikkeama"),
        review,
        ems.ActionFactory(review=review, description=f"{marker} toimi"),
        idea,
        CommentFactory(idea=idea, author=author, text=f"{marker} kommentti"),
        InitiativeFactory(organisation=organisation, subject=f"{marker} aloite", body=unit),
        ParticipantFactory(organisation=organisation, display_name=marker),
        StatusUpdateFactory(
            measure=measure,
            reporting_period=period,
            author=member,
            state="returned",
            text_fi=f"{marker} palautettu",
            risks_fi=f"{marker} riski",
            return_comment=f"{marker} palaute",
        ),
    ]


@pytest.fixture
def world(settings):
    settings.STAFF_REQUIRE_2FA = False
    s = build_scenario()
    resident = UserFactory(email="asukas@example.fi")
    s.rows = {
        s.other_organisation.pk: _town(s.other_organisation, FOREIGN, resident),
        s.organisation.pk: _town(s.organisation, KEMI, resident),
    }
    # Another unit's work in progress in Kemi: a draft, a returned update with
    # its comment and a submitted one, each with risks.
    measure = s.measures["other_unit"]
    measure.goals.add(GoalFactory(plan=s.plans["other_unit"]))
    s.unfinished = []
    for number, state in enumerate(("draft", "returned", "submitted"), start=4):
        period = ReportingPeriodFactory(plan=s.plans["other_unit"], number=number, state="open")
        s.unfinished.append(
            StatusUpdateFactory(
                measure=measure,
                reporting_period=period,
                author=s.users["admin"],
                state=state,
                text_fi=f"{UNFINISHED} {state}",
                risks_fi=f"{UNFINISHED} riski",
                return_comment=f"{UNFINISHED} palaute" if state == "returned" else "",
            )
        )
    return s


def fill(address: Address, ids: list[int], others: dict[str, list[str]]) -> Iterator[str]:
    """Concrete paths: each candidate id in every ``<int:…>`` argument (the same one in
    all of them, and each other one of the first four once), each listed value of the
    other arguments."""
    converters = {m.group(2): m.group(1) for m in PLACEHOLDER.finditer(address.route)}
    int_names = [name for name, kind in converters.items() if kind == "int"]
    other_names = [name for name in converters if name not in int_names]
    int_choices = [(i,) * len(int_names) for i in ids]
    if len(int_names) > 1:
        int_choices += list(itertools.permutations(ids[:4], len(int_names)))
    seen = set()
    for int_values in int_choices or [()]:
        for other_values in itertools.product(*(others.get(n, ["x"]) for n in other_names)):
            values = dict(zip(int_names, int_values, strict=True))
            values.update(zip(other_names, other_values, strict=True))
            path = address.path(values)
            if path and path not in seen:
                seen.add(path)
                yield path


def _hidden_markers(s, role: str, *, site: bool) -> list[str]:
    """The texts this role may not read: on Kemi's site (``site``), which
    shows no other town's objects to anyone, or in the admin, which shows
    each user the rows of their own organisations."""
    markers = [FOREIGN] if site or role != "outsider" else []
    if role in OUTSIDE_THE_UNIT_CHAIN:
        markers.append(UNFINISHED)
    if role in ("outsider", "norole", "anon", "inactive"):
        markers.append(KEMI)
    return markers


def _hidden_rows(s, role: str, *, site: bool) -> list[models.Model]:
    """The rows this role may open in no way: on Kemi's site (``site``), where
    another town's rows are refused to everyone, or in the admin, which shows
    each user the rows of the organisations where they hold a role."""
    user = s.users[role]
    own = set(user.role_assignments.values_list("organisation_id", flat=True))
    if site:
        own &= {s.organisation.pk}
    elif user.is_superuser:
        return []
    rows = [row for pk, town in s.rows.items() if pk not in own for row in town]
    rows += [
        s.measures[scope]
        for scope in ("own", "other_org")
        if s.organisation_for(scope).pk not in own
    ]
    if role in OUTSIDE_THE_UNIT_CHAIN:
        rows += s.unfinished
    return rows


def _assert_hides(response, path: str, markers: list[str]) -> None:
    assert response.status_code != 500, path
    body = response.content.decode(errors="replace")
    for marker in markers:
        assert marker not in body, (path, marker)


@pytest.mark.parametrize(
    "role", ["reader", "contact", "manager", "office", "admin", "outsider", "super"]
)
def test_no_workspace_address_shows_another_towns_or_units_objects(client, world, role):
    client.force_login(world.users[role])
    ids = {row.pk for row in _hidden_rows(world, role, site=True)}
    # An update's workspace address names its measure and period.
    ids |= {update.reporting_period_id for update in world.unfinished}
    ids = sorted(ids)
    markers = _hidden_markers(world, role, site=True)
    addresses = [a for a in site_addresses() if a.name.startswith(WORKSPACE)]
    assert len(addresses) > 30  # the walk found the workspace
    for address in addresses:
        for path in fill(address, ids, OTHER_VALUES):
            response = client.get(path)
            assert response.status_code in (200, 302, 400, 403, 404, 405), (
                path,
                response.status_code,
            )
            _assert_hides(response, path, markers)


# --- the admin ----------------------------------------------------------------


def _admin_url(name: str, *args) -> str | None:
    with translation.override("fi"):
        try:
            return reverse(f"admin:{name}", args=args)
        except NoReverseMatch:
            return None


def _is_hidden(response) -> bool:
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        location = response["Location"]
        return "/login/" in location or location.rstrip("/").endswith("/admin")
    return False


def _object_addresses(obj: models.Model) -> list[str]:
    opts = obj._meta
    prefix = f"{opts.app_label}_{opts.model_name}"
    paths = [_admin_url(f"{prefix}_{view}", obj.pk) for view in ("change", "history", "delete")]
    history = getattr(obj, "history", None)
    if history is not None and hasattr(history, "first"):
        version = history.first()
        if version is not None:
            paths.append(_admin_url(f"{prefix}_simple_history", obj.pk, version.history_id))
    content_type = ContentType.objects.get_for_model(obj)
    paths.append(f"/fi/admin/r/{content_type.pk}/{obj.pk}/")
    return [path for path in paths if path]


def _text_of(obj: models.Model) -> str:
    text = str(obj)
    return text if any(m in text for m in (FOREIGN, KEMI, UNFINISHED)) else ""


ADMIN_ROLES = ["admin", "office", "manager", "contact", "reader", "outsider", "norole"]


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_no_admin_address_opens_another_towns_or_units_objects(client, world, role):
    client.force_login(world.users[role])
    registered = admin.site._registry
    wrong = []
    checked = 0
    for obj in _hidden_rows(world, role, site=False):
        if type(obj) not in registered:
            continue
        text = _text_of(obj)
        for path in _object_addresses(obj):
            response = client.get(path)
            checked += 1
            body = response.content.decode(errors="replace")
            if not _is_hidden(response) or (text and text in body):
                wrong.append((path, response.status_code))
    assert checked > 100
    assert wrong == []


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_no_admin_list_or_lookup_shows_another_towns_or_units_objects(client, world, role):
    client.force_login(world.users[role])
    markers = _hidden_markers(world, role, site=False)
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = _admin_url(f"{opts.app_label}_{opts.model_name}_changelist")
        _assert_hides(client.get(changelist), changelist, markers)
        _assert_hides(client.get(changelist, {"q": "SALAISUUS"}), changelist, markers)
        for field_name in model_admin.autocomplete_fields:
            query = urlencode(
                {
                    "app_label": opts.app_label,
                    "model_name": opts.model_name,
                    "field_name": field_name,
                    "term": "",
                }
            )
            path = f"{_admin_url('autocomplete')}?{query}"
            _assert_hides(client.get(path), path, markers)


def _foreign_rows_of(model_admin, organisation_ids: set[int]) -> models.QuerySet:
    model = model_admin.model
    if isinstance(model_admin, RuleBasedAdminMixin):
        return model_admin._scope(model._default_manager.all(), organisation_ids)
    if model is User:
        return User.objects.filter(pk__in=users_only_of(organisation_ids).values("pk"))
    return model._default_manager.none()


def test_the_admin_walk_covers_every_registered_model(world):
    """Each registered model either has another town's rows in this world or is
    a superuser's (its pages are refused to everyone else, checked here)."""
    other = {world.other_organisation.pk}
    walked = {type(row) for row in world.rows[world.other_organisation.pk]}
    missing = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if model in walked:
            assert _foreign_rows_of(model_admin, other).exists(), label
            continue
        if label in SUPERUSER_ONLY:
            continue
        missing.append(label)
    # Admins of rows made only by the services' side effects, each checked by a
    # test of its own app; a newly registered model appears here until this
    # world makes a row of it.
    assert set(missing) <= {
        "accounts.auditevent",
        "organisations.organisation",
        "otp_totp.totpdevice",
        "monitoring.remindersent",
        "monitoring.workflownotice",
        "monitoring.mailpreference",
        "indicators.observationrevision",
        "indicators.importrun",
        "assessments.impactassessment",
        "assessments.assessmenttemplate",
        "assessments.templateversion",
        "ems.significancecriterion",
        "ems.reportpublication",
        "participation.ideaanswer",
        "participation.contentreport",
        "participation.moderationevent",
        "participation.participationsettings",
    }, missing


@pytest.mark.parametrize("role", ["admin", "office", "manager", "contact", "outsider"])
def test_superuser_only_admin_pages_are_refused_to_role_holders(client, world, role):
    client.force_login(world.users[role])
    for model in admin.site._registry:
        if model._meta.label_lower not in SUPERUSER_ONLY:
            continue
        opts = model._meta
        response = client.get(_admin_url(f"{opts.app_label}_{opts.model_name}_changelist"))
        assert _is_hidden(response), opts.label
