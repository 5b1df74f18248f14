"""Directory search latency with a small and a county-sized directory.

Generates N services spread over the seven districts, needs and categories (HSDS 3 shape), loads them with the
real importer into a fresh database, then times the search the assistant runs for each question (session, one
query, phone lookup) over a fixed mix of questions. Prints p50/p95 per size and the ratio between sizes.

    .venv/bin/python benchmarks/directory_search.py                      # SQLite, 40 and 10,000 services
    .venv/bin/python benchmarks/directory_search.py --database postgresql://postgres@127.0.0.1:5432/test
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from bot.db import session_scope  # noqa: E402
from bot.directory import vocabulary  # noqa: E402
from bot.directory.importer import import_records  # noqa: E402
from bot.directory.search import query_from_words, search  # noqa: E402
from bot.migrations import upgrade_database  # noqa: E402

QUESTIONS = [
    {"need": "autism", "district": "Melton"},
    {"category": "short breaks", "district": "Hinckley and Bosworth", "age": 7},
    {"need": "hearing", "district": "Charnwood", "age": 13},
    {"category": "speech therapy", "age": 4},
    {"category": "therapy"},
    {"need": "mental health", "age": 14},
    {"category": "transport"},
    {"need": "dyslexia", "category": "activities", "district": "Oadby and Wigston"},
]


def generated_services(count: int, seed: int = 2017):
    rng = random.Random(seed)
    words = vocabulary.load()
    needs, categories = sorted(words.values("need")), sorted(words.values("category"))
    districts = sorted(words.values("district"))
    for number in range(count):
        district = rng.choice(districts + ["Leicestershire (county-wide)"])
        low = rng.choice([0, 2, 4, 5, 11, 14, 16])
        terms = [("need", need) for need in rng.sample(needs, rng.randint(1, 3))]
        terms += [("category", category) for category in rng.sample(categories, rng.randint(1, 2))]
        yield {
            "id": f"bench-{number}",
            "name": f"Generated service {number}",
            "description": "A generated service for the search benchmark.",
            "minimum_age": low, "maximum_age": rng.choice([a for a in (5, 11, 16, 19, 25) if a > low]),
            "service_areas": [{"name": district}],
            "phones": [{"number": f"0116 496 0{number % 1000:03d}"}],
            "attributes": [{"id": f"bench-{number}-{kind}-{value}", "taxonomy_term": {
                "id": f"bench-{kind}-{value}", "name": value, "taxonomy": f"sendvoice:{kind}"}} for kind, value in terms],
        }


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(url: str, size: int, rounds: int):
    upgrade_database(url)
    started = time.perf_counter()
    summary = import_records(generated_services(size), source=f"benchmark-{size}", database_url=url)
    import_seconds = time.perf_counter() - started
    assert summary.loaded == size, summary.lines()
    for question in QUESTIONS:  # warm caches and connection pool before timing
        with session_scope(url) as session:
            search(session, query_from_words(**question))
    timings, found = [], 0
    for _ in range(rounds):
        for question in QUESTIONS:
            started = time.perf_counter()
            with session_scope(url) as session:
                found += len(search(session, query_from_words(**question)))
            timings.append((time.perf_counter() - started) * 1000)
    return import_seconds, timings, found / (rounds * len(QUESTIONS))


def fresh_databases(base: str | None):
    """Yield a new empty database URL per size: a SQLite file, or a new PostgreSQL database beside `base`."""
    if base is None:
        folder = Path(tempfile.mkdtemp(prefix="directory-bench-"))
        return lambda size: f"sqlite:///{folder / f'{size}.db'}", lambda: None
    admin = create_engine(base, isolation_level="AUTOCOMMIT", future=True)
    created = []

    def make(size):
        name = f"directory_bench_{size}_{uuid.uuid4().hex[:6]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return base.rsplit("/", 1)[0] + f"/{name}"

    def cleanup():
        from bot.db import engine_for

        engine_for.cache_clear()
        with admin.connect() as connection:
            for name in created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return make, cleanup


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[40, 10_000])
    parser.add_argument("--rounds", type=int, default=40, help="times each question is asked per size")
    parser.add_argument("--database", help="PostgreSQL admin URL (default: SQLite files in a temp folder)")
    args = parser.parse_args()
    make, cleanup = fresh_databases(args.database)
    results = {}
    try:
        for size in args.sizes:
            import_seconds, timings, average_found = measure(make(size), size, args.rounds)
            results[size] = (percentile(timings, 0.5), percentile(timings, 0.95))
            print(f"{size:>6} services: import {import_seconds:6.1f} s; search p50 {results[size][0]:6.2f} ms, "
                  f"p95 {results[size][1]:6.2f} ms over {len(timings)} searches ({average_found:.1f} matches each)")
    finally:
        cleanup()
    smallest, largest = min(results), max(results)
    if smallest != largest:
        print(f"ratio {largest}/{smallest}: p50 x{results[largest][0] / results[smallest][0]:.2f}, "
              f"p95 x{results[largest][1] / results[smallest][1]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
