"""Speed and memory of `sendvoice analyse` and `sendvoice report` at 1k, 10k and 100k statements.

    .venv/bin/python benchmarks/analytics_bench.py [--sizes 1000 10000 100000]

Each run is a fresh process (as an officer runs it), so wall time includes start-up. Prints statements per
second, wall time, peak memory (max RSS) and how time grows with size. Aims (issue 7): >= 2,000 statements/s,
100k statements in under a minute and under 2 GB, cost growing linearly.
"""
from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analytics.synthetic import write_csv  # noqa: E402

# Runs the command in-process and reports its own peak memory, so the figure is the command's alone.
RUNNER = ("import resource, sys; from bot.cli import main; code = main(sys.argv[1:]); "
          "usage = resource.getrusage(resource.RUSAGE_SELF); "
          "print('USAGE', usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr); "
          "sys.exit(code)")
STATEMENTS_PER_ANSWER = 1.75  # what the synthetic generator produces on average


def run(args) -> tuple:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", RUNNER, *args], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-2000:]}")
    _label, rss_kb, cpu = next(line.split() for line in result.stderr.splitlines() if line.startswith("USAGE"))
    return wall, int(rss_kb) / 1024, float(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    options = parser.parse_args()
    # On a shared machine wall time includes waiting for a core; CPU seconds show the work itself.
    print(f"{'command':<12}{'statements':>12}{'wall s':>10}{'stmts/s':>10}{'CPU s':>10}{'stmts/CPU s':>13}"
          f"{'peak MB':>10}")
    timings = {}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for size in options.sizes:
            source = write_csv(folder / f"answers_{size}.csv", max(1, round(size / STATEMENTS_PER_ANSWER)))
            analysed = folder / f"analysed_{size}.csv"
            runs = [("analyse", ["analyse", str(source), "-o", str(analysed)])] + [
                (f"report.{suffix}", ["report", "--input", str(source), "-o", str(folder / f"report_{size}.{suffix}")])
                for suffix in ("html", "xlsx")]
            statements = 0
            for name, arguments in runs:
                wall, peak, cpu = run(arguments)
                if not statements:
                    with analysed.open(encoding="utf-8", newline="") as stream:
                        statements = sum(1 for _ in csv.DictReader(stream))
                timings[(name, size)] = cpu
                print(f"{name:<12}{statements:>12,}{wall:>10.1f}{statements / wall:>10,.0f}{cpu:>10.1f}"
                      f"{statements / cpu:>13,.0f}{peak:>10.0f}")
    sizes = options.sizes
    for command in ("analyse", "report.html", "report.xlsx"):
        for small, large in zip(sizes, sizes[1:]):
            ratio = timings[(command, large)] / timings[(command, small)]
            print(f"{command}: {large:,} vs {small:,} statements took {ratio:.1f}x the CPU time "
                  f"(linear would be {large / small:.0f}x, less the fixed start-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
