"""The import benchmark (``make bench``): a 1,000,000-row long-form CSV into SQLite and PostgreSQL.

For each database: a fresh database, a first import (all rows created), a
re-import of the same file (all unchanged), each in its own process so that
peak memory is the import's own. On PostgreSQL also a plain ``COPY`` of the
same file into a bare table without indexes, the floor any import can reach.

    DEBUG=1 .venv/bin/python bench/run.py [--rows 1000000] [--postgres URL] [--skip-sqlite]

PostgreSQL is reached at ``--postgres`` (default
``postgres://postgres@127.0.0.1:5432/postgres``); a database
``strategia_bench_<pid>`` is created there and dropped afterwards.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
AGES = ["", "0-17", "18-64", "65-74", "75-"]


def generate(path: Path, rows: int, indicators: int = 50) -> None:
    """indicator;area;period;age;value — indicators × areas × years × age groups."""
    years = 20
    areas = max(1, rows // (indicators * years * len(AGES)))
    rng = random.Random(42)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("indicator;area;period;age;value\n")
        for i in range(indicators):
            slug = f"ind-{i:03d}"
            for a in range(areas):
                area = f"{(a + 5) % 1000:03d}"
                for year in range(2005, 2005 + years):
                    for age in AGES:
                        if written >= rows:
                            return
                        out.write(f"{slug};{area};{year};{age};{rng.uniform(0, 1000):.2f}\n")
                        written += 1


def measured_import(database_url: str, path: Path, setup: bool) -> dict:
    command = [PYTHON, str(ROOT / "bench" / "import_observations.py")]
    command += ["--database-url", database_url, "--file", str(path)]
    if setup:
        command.append("--setup")
    env = {**os.environ, "DEBUG": "1"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"import failed: {' '.join(command)}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def postgres_copy_baseline(database_url: str, path: Path) -> tuple[float, float]:
    """Wall-clock and server CPU seconds of a plain COPY of the file into a bare table."""
    import psycopg

    sys.path.insert(0, str(ROOT / "bench"))
    from import_observations import _process_cpu

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_copy")
        conn.execute(
            "CREATE TABLE bench_copy (indicator text, area text, period text, age text, "
            "value double precision)"
        )
        backend_pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        cpu_before = _process_cpu(backend_pid)
        started = time.perf_counter()
        copy_sql = "COPY bench_copy FROM STDIN (FORMAT csv, DELIMITER ';', HEADER true)"
        with conn.cursor() as cur, path.open("rb") as source, cur.copy(copy_sql) as copy:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        cpu = _process_cpu(backend_pid) - cpu_before
        conn.execute("DROP TABLE bench_copy")
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="strategia-bench-"))
    csv_path = workdir / "observations.csv"
    started = time.perf_counter()
    generate(csv_path, args.rows)
    print(
        f"generated {args.rows} rows ({csv_path.stat().st_size / 1e6:.1f} MB) "
        f"in {time.perf_counter() - started:.1f} s: {csv_path}"
    )

    if not args.skip_sqlite:
        sqlite_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        first = measured_import(sqlite_url, csv_path, setup=True)
        print("sqlite     first import:", json.dumps(first))
        again = measured_import(sqlite_url, csv_path, setup=False)
        print("sqlite     re-import:   ", json.dumps(again))

    if not args.skip_postgres:
        import psycopg

        admin_url = args.postgres
        name = f"strategia_bench_{os.getpid()}"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        bench_url = admin_url.rsplit("/", 1)[0] + "/" + name
        try:
            first = measured_import(bench_url, csv_path, setup=True)
            print("postgresql first import:", json.dumps(first))
            again = measured_import(bench_url, csv_path, setup=False)
            print("postgresql re-import:   ", json.dumps(again))
            copy_seconds, copy_cpu = postgres_copy_baseline(bench_url, csv_path)
            print(
                f"postgresql plain COPY into a bare table: {copy_seconds:.2f} s wall "
                f"({args.rows / copy_seconds:,.0f} rows/s), {copy_cpu:.2f} s server CPU "
                f"({args.rows / max(copy_cpu, 0.01):,.0f} rows/CPU s)"
            )
            print(
                f"ratio to COPY — first import: {first['seconds'] / copy_seconds:.1f}× wall, "
                f"{first['cpu_seconds'] / max(copy_cpu, 0.01):.1f}× CPU; re-import: "
                f"{again['seconds'] / copy_seconds:.1f}× wall, "
                f"{again['cpu_seconds'] / max(copy_cpu, 0.01):.1f}× CPU"
            )
        finally:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    for leftover in workdir.iterdir():
        leftover.unlink()
    workdir.rmdir()


if __name__ == "__main__":
    main()
