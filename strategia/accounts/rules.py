"""Who may do what: the one place for permission rules.

Views, the API, the admin (through ``admin_access.RuleBasedAdminMixin``) and
services ask ``user.has_perm(name, obj)``; nothing else decides access. The
roles come from ``RoleAssignment`` (see ``models.py``); ``access.py`` works out
once per request what a user holds.

Every rule denies anonymous and deactivated users and users who hold nothing
in the object's organisation. Superusers are administrators everywhere.

Permissions (object → who may):

- ``strategy.view_internal`` (Organisation): every role of the organisation.
- ``strategy.manage_content`` (Organisation): administrator, strategy office.
- ``strategy.change_measure`` (Measure): administrator, strategy office, the
  manager of its responsible unit or of an ancestor unit, its contact persons.
- ``strategy.add_statusupdate`` (Measure): the same people.
- ``strategy.approve_statusupdate`` (StatusUpdate): administrator, strategy
  office, the manager of the measure's unit (or an ancestor) — but nobody
  approves an update of which they wrote any version (its history decides).
- ``monitoring.view_unfinished_work`` (Measure or StatusUpdate): the measure's
  work in progress — drafts, returned and submitted updates, return comments,
  risks — is for administrator, strategy office, the manager of its
  responsible unit or of an ancestor unit, and its contact persons. Other role
  holders (readers, managers and contact persons elsewhere) see only what is
  published, without risks.
- ``monitoring.correct_measure_status`` (Measure): administrator, strategy
  office — by publishing a correction update, with a reason.
- ``indicators.enter_observations`` (Indicator): administrator, strategy
  office, the manager of its unit (or an ancestor), its contact person.
- ``monitoring.open_period`` (Plan): administrator, strategy office.
- ``monitoring.view_completeness`` (Organisation): administrator, strategy
  office, reader, unit managers (the view shows them their own units only).
- ``accounts.manage_unit_users`` (Unit): administrator, the manager of the
  unit or an ancestor. Without an object: does the user manage users anywhere.
- ``accounts.manage_users`` (Organisation): administrator.
- ``accounts.access_workspace`` (no object): anyone holding a role somewhere;
  (Organisation): anyone holding a role in that organisation.
- ``reports.view_reports`` (Organisation): administrator, strategy office,
  reader, unit managers — preview and download reports in the workspace.
- ``reports.prepare`` and ``reports.make_final`` (Organisation):
  administrator, strategy office — create drafts, make them final, publish.
- ``budget.view_budget`` (Organisation): administrator, strategy office,
  reader, unit managers (the pages show a unit manager their own units).
- ``budget.change_target`` (Unit, BudgetTarget or OperatingPlan):
  administrator, strategy office, the manager of the unit or an ancestor.
- ``participation.*``: see the participation section at the end.
"""

from __future__ import annotations

import rules

from .access import OrganisationAccess, access_of
from .models import Role


def organisation_id_of(obj) -> int | None:
    """The organisation an object belongs to, found by duck typing.

    Organisations are themselves; content carries ``organisation``; a status
    update belongs to its measure's organisation.
    """
    if obj is None:
        return None
    from strategia.organisations.models import Organisation

    if isinstance(obj, Organisation):
        return obj.pk
    organisation_id = getattr(obj, "organisation_id", None)
    if organisation_id is not None:
        return organisation_id
    for relation in ("measure", "plan", "indicator"):
        related = getattr(obj, relation, None)
        if related is not None and related is not obj:
            return organisation_id_of(related)
    return None


def _access(user, obj) -> OrganisationAccess:
    return access_of(user).in_organisation(organisation_id_of(obj))


def _manages_unit(access: OrganisationAccess, unit_id: int | None) -> bool:
    return unit_id is not None and unit_id in access.managed_unit_ids


def _is_contact_of_measure(access: OrganisationAccess, measure) -> bool:
    if access.person_id is None or not access.is_member:
        return False
    # Use prefetched contact persons when the caller loaded them.
    prefetched = getattr(measure, "_prefetched_objects_cache", {}).get("contact_persons")
    if prefetched is not None:
        return any(person.pk == access.person_id for person in prefetched)
    return measure.contact_persons.filter(pk=access.person_id).exists()


@rules.predicate
def can_view_internal(user, organisation) -> bool:
    return _access(user, organisation).is_member


@rules.predicate
def can_manage_content(user, obj) -> bool:
    return _access(user, obj).manages_all


@rules.predicate
def can_change_measure(user, measure) -> bool:
    if measure is None:
        return False
    access = _access(user, measure)
    if access.manages_all:
        return True
    if not access.is_member:
        return False
    return _manages_unit(access, measure.responsible_unit_id) or _is_contact_of_measure(
        access, measure
    )


@rules.predicate
def can_view_unfinished_work(user, obj) -> bool:
    # The same people who may write the measure's updates: its unit chain,
    # its contact persons and those who manage everything.
    measure = getattr(obj, "measure", obj)
    return can_change_measure.test(user, measure)


@rules.predicate
def can_approve_status_update(user, update) -> bool:
    if update is None:
        return False
    access = _access(user, update)
    if not (access.manages_all or access.has_any(Role.UNIT_MANAGER)):
        return False
    # Four eyes on the text: nobody who wrote any version of it approves it,
    # whatever their role (the writers come from the update's history).
    if user.pk in update.writer_ids():
        return False
    return access.manages_all or _manages_unit(access, update.measure.responsible_unit_id)


@rules.predicate
def can_enter_observations(user, indicator) -> bool:
    if indicator is None:
        return False
    access = _access(user, indicator)
    if access.manages_all:
        return True
    if not access.is_member:
        return False
    if _manages_unit(access, getattr(indicator, "responsible_unit_id", None)):
        return True
    contact_person_id = getattr(indicator, "contact_person_id", None)
    return contact_person_id is not None and contact_person_id == access.person_id


@rules.predicate
def can_view_completeness(user, organisation) -> bool:
    return _access(user, organisation).has_any(
        Role.ADMINISTRATOR, Role.STRATEGY_OFFICE, Role.READER, Role.UNIT_MANAGER
    )


@rules.predicate
def can_manage_unit_users(user, unit) -> bool:
    if unit is None:
        user_access = access_of(user)
        if user_access.is_superuser:
            return True
        return any(
            access.has_any(Role.ADMINISTRATOR, Role.UNIT_MANAGER)
            for access in user_access.organisations.values()
        )
    access = _access(user, unit)
    if access.has_any(Role.ADMINISTRATOR):
        return True
    return access.has_any(Role.UNIT_MANAGER) and _manages_unit(access, unit.pk)


@rules.predicate
def can_access_workspace(user, organisation=None) -> bool:
    """Without an object: holds a role somewhere. With an organisation: holds one there."""
    if organisation is not None:
        return _access(user, organisation).is_member
    user_access = access_of(user)
    return user_access.is_superuser or bool(user_access.organisation_ids)


rules.add_perm("strategy.view_internal", can_view_internal)
rules.add_perm("strategy.manage_content", can_manage_content)
rules.add_perm("strategy.change_measure", can_change_measure)
rules.add_perm("strategy.add_statusupdate", can_change_measure)
rules.add_perm("strategy.approve_statusupdate", can_approve_status_update)
rules.add_perm("monitoring.view_unfinished_work", can_view_unfinished_work)
rules.add_perm("indicators.enter_observations", can_enter_observations)
rules.add_perm("monitoring.open_period", can_manage_content)
rules.add_perm("monitoring.correct_measure_status", can_manage_content)
rules.add_perm("monitoring.view_completeness", can_view_completeness)
rules.add_perm("accounts.manage_unit_users", can_manage_unit_users)
rules.add_perm("accounts.access_workspace", can_access_workspace)


@rules.predicate
def can_manage_users(user, organisation) -> bool:
    """Administrators manage every user of their organisation (the admin's user pages)."""
    return _access(user, organisation).has_any(Role.ADMINISTRATOR)


rules.add_perm("accounts.manage_users", can_manage_users)


# --- Decisions and their impact assessments (strategia.assessments) ---------------
#
# - ``assessments.manage_decisions`` (Organisation): administrator, strategy
#   office, preparer — enter, import and edit agenda items.
# - ``assessments.prepare`` (Organisation): the same people — start assessments.
# - ``assessments.change_assessment`` (ImpactAssessment): the same people, in the
#   assessment's organisation (the service allows drafts only).
# - ``assessments.review_assessment`` (ImpactAssessment): administrator, strategy
#   office, preparer — but never the assessment's own preparer, superusers
#   included: the second pair of eyes is the point of the review.
# - ``assessments.publish_assessment`` (ImpactAssessment): administrator,
#   strategy office, preparer (after someone else has reviewed it).
# - ``assessments.view_statistics`` (Organisation): administrator, strategy
#   office, preparer, reader.
# - ``assessments.manage_templates`` (Organisation): administrator, strategy office.

ASSESSMENT_ROLES = (Role.ADMINISTRATOR, Role.STRATEGY_OFFICE, Role.PREPARER)


@rules.predicate
def can_prepare_assessments(user, obj) -> bool:
    if obj is None:
        return False
    return _access(user, obj).has_any(*ASSESSMENT_ROLES)


def _organisation_of_assessment(assessment):
    return getattr(assessment, "decision", None)


@rules.predicate
def can_change_assessment(user, assessment) -> bool:
    decision = _organisation_of_assessment(assessment)
    return decision is not None and _access(user, decision).has_any(*ASSESSMENT_ROLES)


@rules.predicate
def can_review_assessment(user, assessment) -> bool:
    decision = _organisation_of_assessment(assessment)
    if decision is None or not _access(user, decision).has_any(*ASSESSMENT_ROLES):
        return False
    return assessment.preparer_id is None or assessment.preparer_id != user.pk


@rules.predicate
def can_view_assessment_statistics(user, organisation) -> bool:
    return _access(user, organisation).has_any(*ASSESSMENT_ROLES, Role.READER)


rules.add_perm("assessments.manage_decisions", can_prepare_assessments)
rules.add_perm("assessments.prepare", can_prepare_assessments)
rules.add_perm("assessments.change_assessment", can_change_assessment)
rules.add_perm("assessments.review_assessment", can_review_assessment)
rules.add_perm("assessments.publish_assessment", can_change_assessment)
rules.add_perm("assessments.view_statistics", can_view_assessment_statistics)
rules.add_perm("assessments.manage_templates", can_manage_content)
# --- Environmental management system (strategia.ems) ------------------------------
#
# - ``ems.view_registers`` (Organisation): administrator, strategy office,
#   environmental coordinator, reader. The registers are internal: anyone else
#   sees only rows marked public, on the public site.
# - ``ems.manage_registers`` (Organisation): administrator, environmental
#   coordinator — add rows, set the significance criteria and rule, hold
#   reviews, publish the environmental report.
# - ``ems.change_entry`` (a register row): those who manage the registers, and
#   the row's owner (a corrective action's owner records what was done).
# - ``ems.view_entry`` (a register row): those who may view the registers or
#   change the row.


def _owns_entry(access: OrganisationAccess, entry) -> bool:
    owner_id = getattr(entry, "owner_id", None)
    return (
        access.is_member
        and access.person_id is not None
        and owner_id is not None
        and owner_id == access.person_id
    )


@rules.predicate
def can_view_ems_registers(user, obj) -> bool:
    return _access(user, obj).has_any(
        Role.ADMINISTRATOR, Role.STRATEGY_OFFICE, Role.ENVIRONMENTAL_COORDINATOR, Role.READER
    )


@rules.predicate
def can_manage_ems_registers(user, obj) -> bool:
    return _access(user, obj).has_any(Role.ADMINISTRATOR, Role.ENVIRONMENTAL_COORDINATOR)


@rules.predicate
def can_change_ems_entry(user, entry) -> bool:
    if entry is None:
        return False
    access = _access(user, entry)
    return access.has_any(Role.ADMINISTRATOR, Role.ENVIRONMENTAL_COORDINATOR) or _owns_entry(
        access, entry
    )


rules.add_perm("ems.view_registers", can_view_ems_registers)
rules.add_perm("ems.manage_registers", can_manage_ems_registers)
rules.add_perm("ems.change_entry", can_change_ems_entry)
rules.add_perm("ems.view_entry", can_view_ems_registers | can_change_ems_entry)


@rules.predicate
def can_view_reports(user, organisation) -> bool:
    return _access(user, organisation).has_any(
        Role.ADMINISTRATOR, Role.STRATEGY_OFFICE, Role.READER, Role.UNIT_MANAGER
    )


@rules.predicate
def can_change_budget_of_unit(user, obj) -> bool:
    """Budget targets and operating plans of a unit: its managers and those who manage all."""
    if obj is None:
        return False
    access = _access(user, obj)
    if access.manages_all:
        return True
    if not access.has_any(Role.UNIT_MANAGER):
        return False
    from strategia.organisations.models import Unit

    unit_id = obj.pk if isinstance(obj, Unit) else getattr(obj, "unit_id", None)
    return _manages_unit(access, unit_id)


rules.add_perm("reports.view_reports", can_view_reports)
rules.add_perm("reports.prepare", can_manage_content)
rules.add_perm("reports.make_final", can_manage_content)
rules.add_perm("budget.view_budget", can_view_reports)
rules.add_perm("budget.change_target", can_change_budget_of_unit)


# --- Participation: residents' ideas and initiatives (strategia.participation) -----
#
# Residents hold no role: what they may do (submit, comment, support, report)
# is decided by their verified, unblocked participant profile in the services.
# Staff:
# - ``participation.moderate`` (Organisation): administrator, moderator —
#   publish pre-moderated ideas, hide and show again, block accounts.
# - ``participation.view_ideas`` (Organisation): administrator, strategy
#   office, moderator, unit managers, reader — the staff queue (a unit manager
#   sees their own units' ideas first) and hidden ideas on the public pages.
# - ``participation.assign_idea`` (Organisation): administrator, strategy
#   office, moderator — pass an idea to a unit with a due date.
# - ``participation.answer_idea`` (Idea): administrator, strategy office, the
#   manager of the idea's unit or of an ancestor unit — draft and publish the
#   official answer, link the measures that carry it out.
# - ``participation.manage_initiatives`` (Organisation): administrator,
#   strategy office — the register of initiatives.
# - ``participation.change_settings`` (Organisation): administrator.


@rules.predicate
def can_moderate(user, organisation) -> bool:
    return _access(user, organisation).has_any(Role.ADMINISTRATOR, Role.MODERATOR)


@rules.predicate
def can_view_ideas(user, organisation) -> bool:
    return _access(user, organisation).has_any(
        Role.ADMINISTRATOR, Role.STRATEGY_OFFICE, Role.MODERATOR, Role.UNIT_MANAGER, Role.READER
    )


@rules.predicate
def can_assign_idea(user, organisation) -> bool:
    return _access(user, organisation).has_any(
        Role.ADMINISTRATOR, Role.STRATEGY_OFFICE, Role.MODERATOR
    )


@rules.predicate
def can_answer_idea(user, idea) -> bool:
    if idea is None:
        return False
    access = _access(user, idea)
    if access.manages_all:
        return True
    return access.has_any(Role.UNIT_MANAGER) and _manages_unit(access, idea.unit_id)


@rules.predicate
def can_administer(user, organisation) -> bool:
    return _access(user, organisation).has_any(Role.ADMINISTRATOR)


rules.add_perm("participation.moderate", can_moderate)
rules.add_perm("participation.view_ideas", can_view_ideas)
rules.add_perm("participation.assign_idea", can_assign_idea)
rules.add_perm("participation.answer_idea", can_answer_idea)
rules.add_perm("participation.manage_initiatives", can_manage_content)
rules.add_perm("participation.change_settings", can_administer)
