"""Is there sample data in an organisation?

``load_demo_data`` marks what it creates with ``is_sample = True`` so that the
public site can say so on every page (``organisation_shows_sample_notice``,
cached) and an administrator can remove it later. A model that carries
``is_sample`` is listed in ``SAMPLE_DATA_MODELS`` with the path from it to
its organisation: adding a model is one line.
"""

from functools import cache, reduce
from operator import or_

from django.apps import apps
from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import Exists, OuterRef, Q

from strategia.core.invalidation import content_version
from strategia.organisations.models import Organisation

# (app_label.ModelName, lookup path from the model to its Organisation)
SAMPLE_DATA_MODELS: list[tuple[str, str]] = [
    ("organisations.Unit", "organisation"),
    ("organisations.Person", "organisation"),
    ("strategy.Plan", "organisation"),
    ("strategy.Measure", "organisation"),
    ("monitoring.StatusUpdate", "measure__organisation"),
    ("indicators.Observation", "indicator__organisation"),
    ("assessments.Decision", "organisation"),
    ("ems.Aspect", "organisation"),
]


def organisation_has_sample_data(organisation: Organisation | None) -> bool:
    """True when any model listed above holds a sample row of the organisation.

    One query however many models are listed: an EXISTS per model, OR-ed.
    """
    if not organisation:
        return False
    alias = router.db_for_read(Organisation)
    compiled = _sample_data_sql(alias)
    if compiled is None:
        return False
    sql, params, position = compiled
    params = list(params)
    params[position] = organisation.pk
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


# Stands for the organisation's id in the compiled check (no row has a negative id).
_ANY_PK = -1


@cache
def _sample_data_sql(alias: str) -> tuple[str, tuple, int] | None:
    """The check's SQL, parameters and where the organisation's id goes in them, for the
    database ``alias``, compiled once per process.

    Every public page asks; compiling the EXISTS of every listed model costs more
    than the database takes to answer it (with the partial ``is_sample`` indexes
    of the big tables), and the SQL depends on nothing but the organisation's id.
    """
    conditions = []
    for label, organisation_path in SAMPLE_DATA_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:  # an app that is not installed in this deployment
            continue
        rows = model._default_manager.filter(is_sample=True, **{organisation_path: OuterRef("pk")})
        conditions.append(Q(Exists(rows)))
    if not conditions:
        return None
    query = (
        Organisation.objects.filter(pk=_ANY_PK).filter(reduce(or_, conditions)).values("pk")[:1]
    ).query
    sql, params = query.get_compiler(using=alias).as_sql()
    positions = [i for i, param in enumerate(params) if param == _ANY_PK]
    if len(positions) != 1:
        raise ImproperlyConfigured(f"The sample-data check takes parameters {params!r}.")
    return sql, tuple(params), positions[0]


def organisation_shows_sample_notice(organisation: Organisation | None) -> bool:
    """``organisation_has_sample_data``, asked once per change of sample data, not per page.

    Every page's frame asks it; on a large city the EXISTS over every listed
    table costs more than the rest of a small page. The answer is kept under
    the organisation's ``sample`` content version, which the writers of sample
    rows raise (``load_demo_data``, ``load_default_content``, sample observations).
    Only with ``PUBLIC_CACHE`` on, whose condition — one cache shared by every
    worker — it needs too.
    """
    if not organisation:
        return False
    if not settings.PUBLIC_CACHE:
        # Content versions are only shared by all workers where the public cache is
        # allowed (a shared cache); per-process counters would keep a stale answer.
        return organisation_has_sample_data(organisation)
    version = content_version(organisation_id=organisation.pk, kind="sample")
    key = f"sample-data:{organisation.pk}:{version}"
    answer = shared_cache.get(key)
    if answer is None:
        answer = organisation_has_sample_data(organisation)
        shared_cache.set(key, answer, None)
    return answer
