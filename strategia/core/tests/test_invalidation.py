import pytest
from django.db import transaction

from strategia.core.invalidation import content_changed, content_version


@pytest.mark.django_db(transaction=True)
def test_versions_rise_after_commit_and_only_for_the_kinds_and_organisation_named():
    before = {
        (org, kind): content_version(organisation_id=org, kind=kind)
        for org in (1, 2)
        for kind in ("strategy", "indicators")
    }
    with transaction.atomic():
        content_changed(organisation_id=1, kinds=["strategy", "strategy"])
        assert content_version(organisation_id=1, kind="strategy") == before[(1, "strategy")]
    assert content_version(organisation_id=1, kind="strategy") == before[(1, "strategy")] + 1
    assert content_version(organisation_id=1, kind="indicators") == before[(1, "indicators")]
    assert content_version(organisation_id=2, kind="strategy") == before[(2, "strategy")]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_invalidates_nothing():
    before = content_version(organisation_id=3, kind="updates")
    with pytest.raises(RuntimeError), transaction.atomic():
        content_changed(organisation_id=3, kinds=["updates"])
        raise RuntimeError("rolled back")
    assert content_version(organisation_id=3, kind="updates") == before
