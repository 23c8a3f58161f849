"""The load benchmark: the large city's public pages under gunicorn, next to a trivial page.

    DEBUG=1 .venv/bin/python bench/load.py [--database-url postgres://…/wt11bench]
        [--redis-url redis://127.0.0.1:6379/11] [--port 8111] [--workers 3]
        [--connections 1 8 32] [--duration 10] [--modes cached uncached] [--output FILE.json]

Builds the large city (``bench/large_city.py``) into the PostgreSQL database
(created if missing; a second run reuses it), then for each mode starts
gunicorn (``config/gunicorn.conf.py``, sync workers, production settings:
``DEBUG`` off, Redis cache) and loads every page with ``wrk`` at each number of
connections for ``--duration`` seconds:

- ``cached``: ``PUBLIC_CACHE`` on; each page is visited once before the run,
  so what is measured is the anonymous visitor served from the cache;
- ``uncached``: ``PUBLIC_CACHE`` off; every request renders the page — the
  cost of the first view after a change.

In the same server and the same run it loads a trivial Django page
(``/bench/trivial/``, which exists only with ``BENCH_TRIVIAL_PAGE`` on: "ok"
through the whole middleware stack), the ceiling that the pages are compared
with. The anonymous API rate limit is raised out of the way but still counted.

Prints one Markdown table (req/s, p50, p95, p99, ratio to the trivial page at
the same connections, non-2xx answers) and the load average before and after
each mode; the machine is shared, so read the figures with it. Needs ``wrk``
(``apt-get install -y wrk``).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.large_city import DEFAULT_SIZES, setup_django  # noqa: E402

SLUG = "suurkaupunki"
TRIVIAL = ("trivial Django page", "/bench/trivial/")
PAGES = [
    ("home", "/fi/"),
    ("plan", "/fi/plans/kaupunkistrategia/"),
    ("goal", "/fi/plans/kaupunkistrategia/goals/tavoite-1/"),
    ("measure list", "/fi/measures/"),
    ("measure list, filtered", "/fi/measures/?status=on_track&plan=kaupunkistrategia"),
    ("measure", "/fi/measures/t-001/"),
    ("indicator", "/fi/indicators/mittari-001/"),
    ("chart SVG", "/fi/indicators/mittari-001/chart.svg"),
    ("API measures", "/api/v1/measures/"),
    ("API measures, filtered", "/api/v1/measures/?status=on_track&plan=kaupunkistrategia"),
    ("API status updates", "/api/v1/status-updates/"),
    TRIVIAL,
]
# wrk prints its summary through this script as one JSON line (p95 included,
# which wrk's own --latency output lacks).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, ' ..
    '"socket_errors": %d, "non2xx": %d}\\n',
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def prepare(database_url: str) -> None:
    """Create the database if missing, migrate it and build the large city into it."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench.large_city import build_large_city

    build_large_city(slug=SLUG, stdout=sys.stderr, **DEFAULT_SIZES)


def server_environment(args, *, cached: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL"}}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        DEFAULT_ORGANISATION_SLUG=SLUG,
        PUBLIC_CACHE="1" if cached else "0",
        # Counted on every answer, never reached: wrk comes from one address.
        API_ANON_RATE="1000000000/minute",
        BENCH_TRIVIAL_PAGE="1",
        # Plain HTTP on the loopback; behind nginx in production (docs/deployment.md).
        SECURE_SSL_REDIRECT="0",
        STRATEGIA_VAR_DIR=args.var_dir,
        GUNICORN_BIND=f"127.0.0.1:{args.port}",
        GUNICORN_WORKERS=str(args.workers),
        GUNICORN_ACCESS_LOG="/dev/null",
        LOG_LEVEL="WARNING",
    )
    return env


def start_server(args, *, cached: bool) -> subprocess.Popen:
    env = server_environment(args, cached=cached)
    python = str(Path(sys.executable))
    subprocess.run(  # noqa: S603
        [python, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(  # noqa: S603
        [gunicorn, "--config", "config/gunicorn.conf.py"], cwd=ROOT, env=env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=2):  # noqa: S310
                return process
        except OSError:
            time.sleep(0.5)
    stop_server(process)
    raise SystemExit("gunicorn did not answer /healthz within a minute")


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        response.read()
        return response.status


def run_wrk(url: str, connections: int, duration: int, script: str) -> dict:
    threads = min(connections, 2)
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s"]
    command += ["--timeout", "10s", "-s", script, url]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run_mode(args, mode: str, script: str) -> tuple[list[dict], dict]:
    process = start_server(args, cached=mode == "cached")
    base = f"http://127.0.0.1:{args.port}"
    rows = []
    loads = {"before": load_average()}
    try:
        for _name, path in PAGES:
            # Checks the page answers, and fills the cache in the cached mode
            # (twice: one visit per worker is not needed, the cache is shared).
            status = fetch(base + path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
        for connections in args.connections:
            for name, path in PAGES:
                result = run_wrk(base + path, connections, args.duration, script)
                result.update(page=name, path=path, mode=mode, connections=connections)
                rows.append(result)
                print(json.dumps(result), file=sys.stderr)
    finally:
        loads["after"] = load_average()
        stop_server(process)
    return rows, loads


def table(rows: list[dict]) -> str:
    trivial = {(r["mode"], r["connections"]): r["rps"] for r in rows if r["page"] == TRIVIAL[0]}
    lines = [
        "| page | mode | connections | req/s | p50 ms | p95 ms | p99 ms | ratio to trivial "
        "| non-2xx |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = r["rps"] / trivial[(r["mode"], r["connections"])]
        lines.append(
            f"| {r['page']} | {r['mode']} | {r['connections']} | {r['rps']:,.0f} | "
            f"{r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {ratio:.2f} | "
            f"{r['non2xx'] + r['socket_errors']} |"
        )
    return "\n".join(lines)


def verdict(rows: list[dict]) -> list[str]:
    """The issue's targets, each met or not, page by page."""
    trivial = {(r["mode"], r["connections"]): r["rps"] for r in rows if r["page"] == TRIVIAL[0]}
    lines = []
    for r in rows:
        if r["page"] == TRIVIAL[0]:
            continue
        if r["mode"] == "cached" and r["connections"] == 32:
            ratio = r["rps"] / trivial[("cached", 32)]
            met = ratio >= 0.5 and r["p95"] < 50
            lines.append(
                f"{'met' if met else 'NOT met'}: cached {r['page']} at 32 connections, "
                f"{ratio:.2f}× trivial (≥ 0.5), p95 {r['p95']:.1f} ms (< 50)"
            )
        if r["mode"] == "uncached" and r["connections"] == 1:
            met = r["p50"] < 25
            lines.append(
                f"{'met' if met else 'NOT met'}: uncached {r['page']}, "
                f"p50 {r['p50']:.1f} ms at 1 connection (< 25)"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/strategia_load_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--port", type=int, default=8111)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--modes", nargs="+", default=["cached", "uncached"])
    parser.add_argument("--output", help="also write the rows as JSON here")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    prepare(args.database_url)
    with tempfile.TemporaryDirectory() as var_dir:
        args.var_dir = var_dir
        script = Path(var_dir) / "summary.lua"
        script.write_text(WRK_SCRIPT)
        rows: list[dict] = []
        loads = {}
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        for mode in args.modes:
            mode_rows, loads[mode] = run_mode(args, mode, str(script))
            rows += mode_rows
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(
        f"\nStarted {started}, commit {commit}, {args.workers} sync workers, "
        f"{args.duration} s per run"
    )
    for mode, load in loads.items():
        print(f"load average ({mode}): before {load['before']}, after {load['after']}")
    print()
    print(table(rows))
    print()
    print("\n".join(verdict(rows)))
    if args.output:
        Path(args.output).write_text(json.dumps({"rows": rows, "loads": loads}, indent=2))


if __name__ == "__main__":
    main()
