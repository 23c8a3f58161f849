"""Where an uncached public page's time goes: per page CPU, wall time and queries, and a profile.

    DEBUG=1 .venv/bin/python bench/profile_pages.py \
        [--database-url postgres://postgres@127.0.0.1:5432/wt11bench] [--repeat 20] \
        [--profile home] [--top 30] [--pages home measure …]

Renders each public page of the large city (``bench/large_city.py``, built by
``bench/load.py`` or ``bench/report_bench.py``; built here if missing)
through Django's test client with production settings (``DEBUG`` off, the
public cache off, local-memory cache), ``--repeat`` times after one warm-up
visit, and prints per page the median wall and CPU milliseconds and the number
of queries. With ``--profile PAGE`` it runs that page under cProfile and
prints the ``--top`` functions by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import PAGES, SLUG  # noqa: E402

PUBLIC_PAGES = [(name, path) for name, path in PAGES if not path.startswith("/bench/")]


def setup(database_url: str) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        PUBLIC_CACHE="0",
        DEFAULT_ORGANISATION_SLUG=SLUG,
        API_ANON_RATE="1000000000/minute",
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("CACHE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from strategia.organisations.models import Organisation

    # Production settings serve static files through the manifest, as bench/load.py's server.
    call_command("collectstatic", interactive=False, verbosity=0)

    if not Organisation.objects.filter(slug=SLUG).exists():
        from bench.large_city import DEFAULT_SIZES, build_large_city

        build_large_city(slug=SLUG, stdout=sys.stderr, **DEFAULT_SIZES)


def measure(client, path: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(path).status_code == 200, path
    walls, cpus = [], []
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        response = client.get(path)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return {
        "wall_ms": statistics.median(walls),
        "cpu_ms": statistics.median(cpus),
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/strategia_load_bench"
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pages", nargs="+", help="page names (default: all)")
    parser.add_argument("--profile", help="profile this page (a name from the table)")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    setup(args.database_url)
    from django.test import Client

    client = Client()
    pages = dict(PUBLIC_PAGES)
    if args.profile:
        path = pages[args.profile]
        client.get(path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(path)
        profiler.disable()
        stats = pstats.Stats(profiler).strip_dirs()
        print(f"{args.profile} ({path}), {args.repeat} requests")
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        return
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"load average {load}; medians of {args.repeat} requests")
    print("| page | wall ms | CPU ms | queries |")
    print("|---|---:|---:|---:|")
    for name in args.pages or pages:
        result = measure(client, pages[name], args.repeat)
        print(
            f"| {name} | {result['wall_ms']:.1f} | {result['cpu_ms']:.1f} | {result['queries']} |"
        )


if __name__ == "__main__":
    main()
