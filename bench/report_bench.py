"""The report benchmark: the annual report of the large city in DOCX and PDF (issue 12).

    DEBUG=1 .venv/bin/python bench/report_bench.py [--database-url URL] [--formats docx pdf]
        [--measures 400 --indicators 250 --years 20 --units 40 --update-years 4 --plans 3]

Builds the large city (``bench/large_city.py``) into the database once (a
second run reuses it), then for each format runs one process that builds the
annual report of the city's strategy for the last year with updates and
renders it, so that each figure's peak memory is that process's own. Each
process prints one JSON line: seconds to build the document, seconds to
render, CPU seconds, queries, pages, file size and peak RSS
(``getrusage(RUSAGE_SELF).ru_maxrss``). The default database is a SQLite file
in the system's temporary directory.

Targets: DOCX under 10 s, PDF under 30 s, peak memory under 500 MB, and a
query count that does not grow with the number of measures.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.large_city import setup_django  # noqa: E402

SIZES = ("measures", "indicators", "years", "units", "update_years", "plans")


def prepare(args) -> dict:
    """Migrate, build the city; return what the report processes need to find it."""
    setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.large_city import build_large_city
    from strategia.monitoring.models import StatusUpdate
    from strategia.strategy.models import Plan

    organisation = build_large_city(
        slug=args.slug, stdout=sys.stderr, **{name: getattr(args, name) for name in SIZES}
    )
    plan = (
        Plan.objects.filter(organisation=organisation, parent__isnull=True)
        .order_by("order", "pk")
        .first()
    )
    latest = (
        StatusUpdate.objects.filter(measure__organisation=organisation)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    return {"plan": plan.slug, "year": latest.year}


def measure_one(args) -> None:
    """One format in this process: build, render, print one JSON line."""
    setup_django(args.database_url)
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from strategia.organisations.models import Organisation
    from strategia.reports.registry import ReportRequest
    from strategia.reports.renderers import render
    from strategia.reports.services import build_document
    from strategia.strategy.models import Plan

    organisation = Organisation.objects.get(slug=args.slug)
    plan = Plan.objects.get(organisation=organisation, slug=args.plan)
    request = ReportRequest(
        kind="annual", organisation=organisation, language="fi", plan=plan, year=args.year
    )
    reset_queries()
    cpu_started = time.process_time()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        document = build_document(request)
    built = time.perf_counter()
    content = render(document, args.one)
    rendered = time.perf_counter()
    cpu = time.process_time() - cpu_started
    result = {
        "format": args.one,
        "build_s": round(built - started, 2),
        "render_s": round(rendered - built, 2),
        "total_s": round(rendered - started, 2),
        # On a shared machine the wall clock includes waiting for a core; CPU time is the cost.
        "cpu_s": round(cpu, 2),
        "queries": len(queries),
        "bytes": len(content),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.one == "pdf":
        import io

        import pypdf

        result["pages"] = len(pypdf.PdfReader(io.BytesIO(content)).pages)
    if args.output:
        Path(args.output).write_bytes(content)
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser()
    default_db = f"sqlite:///{Path(tempfile.gettempdir()) / 'strategia-report-bench.sqlite3'}"
    parser.add_argument("--database-url", default=default_db)
    parser.add_argument("--formats", nargs="+", default=["docx", "pdf"])
    parser.add_argument("--slug", default="suurkaupunki")
    parser.add_argument("--measures", type=int, default=400)
    parser.add_argument("--indicators", type=int, default=250)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--update-years", dest="update_years", type=int, default=4)
    parser.add_argument("--plans", type=int, default=3)
    parser.add_argument("--output-dir", help="keep the rendered files here")
    # Internal: one measured format in its own process.
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    parser.add_argument("--year", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure_one(args)
        return
    target = prepare(args)
    print(f"annual report of {args.slug}, plan {target['plan']}, year {target['year']}")
    for format in args.formats:
        command = [sys.executable, __file__, "--database-url", args.database_url]
        command += ["--slug", args.slug, "--one", format, "--plan", target["plan"]]
        command += ["--year", str(target["year"])]
        if args.output_dir:
            command += ["--output", str(Path(args.output_dir) / f"annual.{format}")]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"{format} failed")
        print(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
