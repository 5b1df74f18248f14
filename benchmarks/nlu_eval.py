"""Measure NLU intent quality by k-fold cross-validation on our own training data, for one or more configs.

Usage: .venv/bin/python benchmarks/nlu_eval.py [--folds 5] [--config config.yml ...]
Prints macro and weighted intent F1, training time, and the weakest intents, so a pipeline is chosen by
measurement. Takes ~1-2 minutes per sparse config and several minutes for DIET on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = [sys.executable, "-m", "rasa"]


def cross_validate(config: Path, folds: int) -> dict:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        run = subprocess.run(
            RASA + ["test", "nlu", "--nlu", str(ROOT / "data"), "--config", str(config), "--cross-validation",
                    "--folds", str(folds), "--out", out, "--domain", str(ROOT / "bot" / "domain")],
            cwd=ROOT, capture_output=True, text=True,
            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"},
        )
        if run.returncode != 0:
            raise SystemExit(f"rasa test nlu failed for {config}:\n" + "\n".join(run.stderr.splitlines()[-15:]))
        elapsed = time.perf_counter() - started
        report = json.loads((Path(out) / "intent_report.json").read_text())
    intents = {name: scores for name, scores in report.items() if isinstance(scores, dict) and "f1-score" in scores
               and name not in ("macro avg", "weighted avg", "micro avg")}
    return {
        "config": str(config.relative_to(ROOT) if config.is_relative_to(ROOT) else config),
        "macro_f1": report["macro avg"]["f1-score"],
        "weighted_f1": report["weighted avg"]["f1-score"],
        "seconds": elapsed,
        "weakest": sorted(((scores["f1-score"], name) for name, scores in intents.items()))[:5],
        "intents": len(intents),
        "examples": int(report["weighted avg"]["support"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--config", action="append", type=Path, help="config file(s); default: config.yml")
    args = parser.parse_args()
    configs = [path.resolve() for path in (args.config or [ROOT / "config.yml"])]
    results = [cross_validate(config, args.folds) for config in configs]
    for result in results:
        print(f"{result['config']}: {result['intents']} intents, {result['examples']} examples, "
              f"{args.folds}-fold CV in {result['seconds']:.0f} s")
        print(f"  intent F1 macro {result['macro_f1']:.3f}  weighted {result['weighted_f1']:.3f}  (aim: macro >= 0.90)")
        print("  weakest: " + ", ".join(f"{name} {score:.2f}" for score, name in result["weakest"]))
    if len(results) > 1:
        best = max(results, key=lambda result: result["macro_f1"])
        for result in results:
            print(f"{result['config']}: macro F1 {result['macro_f1'] / best['macro_f1']:.3f} of best, "
                  f"time {result['seconds'] / best['seconds']:.2f}x best's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
