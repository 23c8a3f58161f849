# ruff: noqa: S608 -- table names come from model metadata and constants, never from input.
"""Set-based writing of observations: stage the whole file, then upsert it in one statement.

Why stage everything first: the import must be all or nothing, a key repeated
anywhere in the file must be caught (not just inside one batch), and the
database is far better at comparing a million rows than Python is. Rows go
into a temporary table in batches (``COPY`` on PostgreSQL, ``executemany`` on
SQLite), so Python's memory stays flat whatever the file size; then

1. a ``GROUP BY … HAVING count(*) > 1`` finds keys repeated in the file;
2. the previous values of rows whose value, absolute value or status differ
   go to the revision table;
3. ``INSERT … ON CONFLICT (…) DO UPDATE … WHERE … IS DISTINCT FROM …`` creates
   the new rows and updates the changed ones, leaving unchanged rows alone
   (no dead tuples, no new ``fetched_at``).

On PostgreSQL steps 2 and 3 are one statement with data-modifying CTEs: every
part of it sees the same snapshot, so the revision CTE reads the values as
they were before the upsert changed them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from strategia.indicators.models import Observation, ObservationRevision

from .core import ImportFileError

STAGE_TABLE = "indicators_observation_stage"

# (row_no, indicator_id, area, period, period_start, dimensions_key, dimensions_json,
#  value, absolute_value, status)
StagedRow = tuple[int, int, str, str, str, str, str, float | None, float | None, str]

_STAGE_COLUMNS = (
    "row_no",
    "indicator_id",
    "area",
    "period",
    "period_start",
    "dimensions_key",
    "dimensions",
    "value",
    "absolute_value",
    "status",
)


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0


class ObservationWriter:
    """Collects validated rows of one import and writes them when the file has been read."""

    def __init__(
        self,
        *,
        import_run_id: int,
        now: datetime.datetime,
        is_sample: bool,
        file_name: str,
        location_label: Callable[[int], str],
    ) -> None:
        self.import_run_id = import_run_id
        self.now = now
        self.is_sample = is_sample
        self.file_name = file_name
        self.location_label = location_label
        self.rows = 0
        self.vendor = connection.vendor
        self.obs = Observation._meta.db_table
        self.rev = ObservationRevision._meta.db_table

    # -- staging -------------------------------------------------------------

    def open(self) -> None:
        float_type = "double precision" if self.vendor == "postgresql" else "REAL"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE_TABLE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGE_TABLE} ("
                "row_no bigint NOT NULL, indicator_id bigint NOT NULL, "
                "area varchar(20) NOT NULL, period varchar(10) NOT NULL, "
                "period_start date NOT NULL, dimensions_key varchar(255) NOT NULL, "
                f"dimensions text NOT NULL, value {float_type}, "
                f"absolute_value {float_type}, status varchar(12) NOT NULL)"
            )

    def add(self, batch: Sequence[StagedRow]) -> None:
        if not batch:
            return
        self.rows += len(batch)
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                raw = cursor.cursor
                columns = ", ".join(_STAGE_COLUMNS)
                with raw.copy(f"COPY {STAGE_TABLE} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
        else:
            # The DB-API cursor directly: Django's wrapper would re-translate the
            # placeholders and (with DEBUG) log every batch.
            connection.ensure_connection()
            raw = connection.connection.cursor()
            try:
                raw.executemany(
                    f"INSERT INTO {STAGE_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch
                )
            finally:
                raw.close()

    # -- writing -------------------------------------------------------------

    def finish(self) -> WriteCounts:
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(f"ANALYZE {STAGE_TABLE}")
            self._check_duplicates(cursor)
            if self.vendor == "postgresql":
                written, updated = self._upsert_postgresql(cursor)
            else:
                written, updated = self._upsert_sqlite(cursor)
            cursor.execute(f"DROP TABLE {STAGE_TABLE}")
        created = written - updated
        return WriteCounts(
            created=created,
            updated=updated,
            unchanged=self.rows - created - updated,
            rows=self.rows,
        )

    def _check_duplicates(self, cursor: Any) -> None:
        cursor.execute(
            f"SELECT min(row_no), max(row_no) FROM {STAGE_TABLE} "
            "GROUP BY indicator_id, area, period, dimensions_key "
            "HAVING count(*) > 1 ORDER BY 1 LIMIT 1"
        )
        found = cursor.fetchone()
        if found:
            first, other = found
            raise ImportFileError(
                _(
                    "the same indicator, area, period and dimensions appear twice "
                    "(also at %(first)s)"
                )
                % {"first": self.location_label(first)},
                file_name=self.file_name,
                location=self.location_label(other),
                field=_("key"),
            )

    def _params(self) -> dict[str, Any]:
        return {
            "now": connection.ops.adapt_datetimefield_value(self.now),
            "run": self.import_run_id,
            "sample": self.is_sample,
        }

    def _upsert_postgresql(self, cursor: Any) -> tuple[int, int]:
        obs, rev, stage = self.obs, self.rev, STAGE_TABLE
        cursor.execute(
            f"""
            WITH changed AS (
                SELECT o.id, o.value, o.absolute_value, o.status, o.fetched_at
                FROM {stage} s
                JOIN {obs} o ON o.indicator_id = s.indicator_id AND o.area = s.area
                    AND o.period = s.period AND o.dimensions_key = s.dimensions_key
                WHERE (o.value, o.absolute_value, o.status)
                    IS DISTINCT FROM (s.value, s.absolute_value, s.status)
            ), upserted AS (
                INSERT INTO {obs} AS o (indicator_id, area, period, period_start,
                    dimensions_key, dimensions, value, absolute_value, status,
                    fetched_at, import_run_id, is_sample)
                SELECT indicator_id, area, period, period_start, dimensions_key,
                    dimensions::jsonb, value, absolute_value, status,
                    %(now)s, %(run)s, %(sample)s
                FROM {stage}
                ON CONFLICT (indicator_id, area, period, dimensions_key) DO UPDATE SET
                    value = EXCLUDED.value, absolute_value = EXCLUDED.absolute_value,
                    status = EXCLUDED.status, fetched_at = EXCLUDED.fetched_at,
                    import_run_id = EXCLUDED.import_run_id, is_sample = EXCLUDED.is_sample
                WHERE (o.value, o.absolute_value, o.status)
                    IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.absolute_value, EXCLUDED.status)
                RETURNING 1
            ), revised AS (
                INSERT INTO {rev} (observation_id, value, absolute_value, status,
                    fetched_at, changed_at, import_run_id)
                SELECT id, value, absolute_value, status, fetched_at, %(now)s, %(run)s
                FROM changed
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM upserted), (SELECT count(*) FROM revised)
            """,
            self._params(),
        )
        written, updated = cursor.fetchone()
        return written, updated

    def _upsert_sqlite(self, cursor: Any) -> tuple[int, int]:
        obs, rev, stage = self.obs, self.rev, STAGE_TABLE
        params = self._params()
        cursor.execute(
            f"""
            INSERT INTO {rev} (observation_id, value, absolute_value, status,
                fetched_at, changed_at, import_run_id)
            SELECT o.id, o.value, o.absolute_value, o.status, o.fetched_at, %s, %s
            FROM {stage} s
            JOIN {obs} o ON o.indicator_id = s.indicator_id AND o.area = s.area
                AND o.period = s.period AND o.dimensions_key = s.dimensions_key
            WHERE o.value IS NOT s.value OR o.absolute_value IS NOT s.absolute_value
                OR o.status IS NOT s.status
            """,
            [params["now"], params["run"]],
        )
        updated = cursor.rowcount
        cursor.execute(
            f"""
            INSERT INTO {obs} AS o (indicator_id, area, period, period_start,
                dimensions_key, dimensions, value, absolute_value, status,
                fetched_at, import_run_id, is_sample)
            SELECT indicator_id, area, period, period_start, dimensions_key, dimensions,
                value, absolute_value, status, %s, %s, %s
            FROM {stage} WHERE true
            ON CONFLICT (indicator_id, area, period, dimensions_key) DO UPDATE SET
                value = excluded.value, absolute_value = excluded.absolute_value,
                status = excluded.status, fetched_at = excluded.fetched_at,
                import_run_id = excluded.import_run_id, is_sample = excluded.is_sample
            WHERE o.value IS NOT excluded.value OR o.absolute_value IS NOT excluded.absolute_value
                OR o.status IS NOT excluded.status
            """,
            [params["now"], params["run"], params["sample"]],
        )
        written = cursor.rowcount
        return written, updated
