"""One measured import of the benchmark file into one database.

    DEBUG=1 .venv/bin/python bench/import_observations.py --database-url URL --file F [--setup]

``--setup`` migrates the (fresh) database and creates the organisation and the
indicators the generated file names. Prints one JSON line: rows, wall-clock
seconds and rows per second, CPU seconds (this process plus, on PostgreSQL,
the server backend that served it, read from /proc) and rows per CPU second,
counts, and this process's peak memory (ru_maxrss). On a shared, busy
machine the CPU figures say what the import costs; the wall clock says how
long it waited too.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--indicators", type=int, default=50)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from strategia.indicators.models import Indicator
    from strategia.indicators.services import observations_import
    from strategia.organisations.models import Organisation

    if args.setup:
        call_command("migrate", verbosity=0)
        organisation = Organisation.objects.create(
            slug="bench", name_fi="Benchmark", municipality_code="240"
        )
        Indicator.objects.bulk_create(
            Indicator(organisation=organisation, slug=f"ind-{i:03d}", name_fi=f"Mittari {i}")
            for i in range(args.indicators)
        )
    organisation = Organisation.objects.get(slug="bench")

    from django.db import connection

    backend_pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_pid = cursor.fetchone()[0]
    own_before = _own_cpu()
    backend_before = _process_cpu(backend_pid)
    started = time.perf_counter()
    with open(args.file, "rb") as source:
        result = observations_import(
            organisation=organisation,
            format="table",
            source=source,
            file_name=os.path.basename(args.file),
        )
    seconds = time.perf_counter() - started
    own_cpu = _own_cpu() - own_before
    backend_cpu = _process_cpu(backend_pid) - backend_before
    cpu = own_cpu + backend_cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": result.rows,
                "seconds": round(seconds, 2),
                "rows_per_second": round(result.rows / seconds),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "cpu_seconds": round(cpu, 2),
                "python_cpu_seconds": round(own_cpu, 2),
                "database_server_cpu_seconds": round(backend_cpu, 2),
                "rows_per_cpu_second": round(result.rows / cpu),
                "peak_rss_mb": round(peak_kb / 1024, 1),
            }
        )
    )


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _process_cpu(pid: int | None) -> float:
    """CPU seconds of another process (the PostgreSQL backend serving us), from /proc."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    # utime and stime are fields 14 and 15 of stat; 12 and 13 after the ")" split.
    return (int(fields[11]) + int(fields[12])) / ticks


if __name__ == "__main__":
    main()
