from strategia.accounts import selectors
from strategia.accounts.models import Role, User
from strategia.organisations.tests.factories import UnitFactory

from .factories import RoleAssignmentFactory
from .scenario import build_scenario


def test_units_managed_by_include_every_level_below(db):
    s = build_scenario()
    manager = s.users["manager"]
    # Three more levels under the sub-unit.
    parent = s.units["sub"]
    deep = []
    for _level in range(3):
        parent = UnitFactory(organisation=s.organisation, parent=parent)
        deep.append(parent)
    manager = User.objects.get(pk=manager.pk)
    units = set(selectors.units_managed_by(manager, s.organisation))
    assert units == {s.units["own"], s.units["sub"], *deep}
    assert set(selectors.units_managed_by(s.users["office"], s.organisation)) >= units | {
        s.units["other_unit"]
    }
    assert not selectors.units_managed_by(s.users["reader"], s.organisation).exists()


def test_the_unit_tree_is_read_once_however_deep(db, django_assert_num_queries):
    s = build_scenario()
    parent = s.units["sub"]
    for _level in range(10):
        parent = UnitFactory(organisation=s.organisation, parent=parent)
    manager = User.objects.get(pk=s.users["manager"].pk)
    # Roles, the tree, the person link; then the units themselves.
    with django_assert_num_queries(4):
        units = list(selectors.units_managed_by(manager, s.organisation))
    assert len(units) == 12


def test_measures_editable_by_matches_the_rule(db):
    s = build_scenario()
    for role in ("admin", "office", "manager", "contact", "reader", "outsider", "norole"):
        user = s.users[role]
        editable = set(selectors.measures_editable_by(user, s.organisation))
        expected = {
            m for m in s.organisation.measures.all() if user.has_perm("strategy.change_measure", m)
        }
        assert editable == expected, role


def test_organisations_of(db):
    s = build_scenario()
    assert list(selectors.organisations_of(s.users["manager"])) == [s.organisation]
    assert list(selectors.organisations_of(s.users["outsider"])) == [s.other_organisation]
    assert set(selectors.organisations_of(s.users["super"])) == {
        s.organisation,
        s.other_organisation,
    }
    assert not selectors.organisations_of(s.users["norole"]).exists()
    RoleAssignmentFactory(user=s.users["norole"], organisation=s.organisation, role=Role.READER)
    assert list(selectors.organisations_of(s.users["norole"])) == [s.organisation]
