"""Score stance and themes against a hand-labelled set of statements.

    .venv/bin/python -m analytics.eval.evaluate [analytics/eval/labelled_statements.csv] [--codebook PATH]

The CSV needs `text`, the gold `stance` and gold `themes` (`;`-separated THEMES.md ids, or `other`), and
optionally `question` (the question the statement answered). Each row is scored as one statement, twice for
stance: with its question as the prior and with no question at all (as a free SMS comment).
Prints stance accuracy both ways, per-theme precision / recall / F1 and micro-averaged F1.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Set, Tuple

from analytics.analysis import analyse
from analytics.codebook import OTHER, load_codebook
from analytics.inputs import normalise_row
from analytics.stance import QUESTION_ALIASES, STANCES

HERE = Path(__file__).resolve().parent
DEFAULT_SET = HERE / "labelled_statements.csv"
DEVELOPMENT_SET = HERE / "dev_statements.csv"


def _column(row: Dict[str, str], *names: str) -> str:
    for name in names:
        if row.get(name) not in (None, ""):
            return row[name].strip()
    return ""


def load_labelled(path: Path) -> List[Dict]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    labelled = []
    for row in rows:
        row = {(key or "").strip().lower(): value for key, value in row.items()}
        stance = QUESTION_ALIASES.get(_column(row, "stance", "gold_stance").lower(), "")
        themes = {theme.strip() for theme in _column(row, "themes", "gold_themes", "theme").replace(",", ";")
                  .split(";") if theme.strip()} or {OTHER}
        if row.get("text", "").strip() and stance:
            labelled.append({"text": row["text"], "question": _column(row, "question"), "stance": stance,
                             "themes": themes})
    return labelled


def predict(labelled: List[Dict], codebook, use_question: bool) -> List[Tuple[str, Set[str]]]:
    rows = [normalise_row({"id": str(number), "text": item["text"],
                           "question": item["question"] if use_question else ""}, number)
            for number, item in enumerate(labelled, start=1)]
    statements = analyse(rows, codebook, progress=False, split=False)
    return [(statement.stance, set(statement.themes)) for statement in statements]


def prf(true_positive: int, false_positive: int, false_negative: int) -> Tuple[float, float, float]:
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 0.0
    recall = true_positive / (true_positive + false_negative) if true_positive + false_negative else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(path: Path, codebook_path=None, show_errors: int = 0) -> Dict[str, float]:
    codebook = load_codebook(codebook_path)
    labelled = load_labelled(path)
    if not labelled:
        raise SystemExit(f"{path} has no labelled statements (needs text, stance, themes columns).")
    with_prior = predict(labelled, codebook, use_question=True)
    without_prior = predict(labelled, codebook, use_question=False)
    with_question = [index for index, item in enumerate(labelled) if item["question"]]

    def accuracy(predictions, indices):
        return sum(predictions[i][0] == labelled[i]["stance"] for i in indices) / len(indices) if indices else 0.0

    everything = list(range(len(labelled)))
    results = {
        "statements": len(labelled),
        "stance_accuracy_without_question": accuracy(without_prior, everything),
        "stance_accuracy_with_question": accuracy(with_prior, with_question or everything),
    }
    print(f"Labelled statements: {len(labelled)} from {path}  ({len(with_question)} with a question)")
    print(f"Stance accuracy without the question prior: {results['stance_accuracy_without_question']:.3f}"
          "   (aim >= 0.85)")
    print(f"Stance accuracy with the question prior:    {results['stance_accuracy_with_question']:.3f}"
          "   (aim >= 0.95)")
    confusion = Counter((labelled[i]["stance"], without_prior[i][0]) for i in everything)
    print("\nStance without prior, gold (rows) x predicted (columns):")
    print(" " * 18 + "".join(f"{stance[:15]:>16}" for stance in STANCES))
    for gold in STANCES:
        print(f"{gold:>18}" + "".join(f"{confusion[(gold, predicted)]:>16}" for predicted in STANCES))

    theme_ids = codebook.ids + [OTHER]
    print(f"\n{'theme':<26}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    totals = Counter()
    for theme_id in theme_ids:
        tp = fp = fn = 0
        for item, (_stance, predicted) in zip(labelled, with_prior):
            gold = theme_id in item["themes"]
            said = theme_id in predicted
            tp += gold and said
            fp += said and not gold
            fn += gold and not said
        precision, recall, f1 = prf(tp, fp, fn)
        print(f"{theme_id:<26}{precision:>10.3f}{recall:>10.3f}{f1:>10.3f}{tp + fn:>10}")
        if theme_id != OTHER:
            totals.update({"tp": tp, "fp": fp, "fn": fn})
    micro = prf(totals["tp"], totals["fp"], totals["fn"])
    results.update({"theme_micro_precision": micro[0], "theme_micro_recall": micro[1], "theme_micro_f1": micro[2]})
    print(f"\nTheme micro-average over the {len(codebook.ids)} codebook themes: precision {micro[0]:.3f}, "
          f"recall {micro[1]:.3f}, F1 {micro[2]:.3f}   (aim >= 0.80)")
    exact = sum(item["themes"] == predicted for item, (_s, predicted) in zip(labelled, with_prior))
    print(f"Statements whose theme set is exactly right: {exact / len(labelled):.3f}")
    if show_errors:
        print("\nSome disagreements (gold -> predicted):")
        shown = 0
        for item, (stance, predicted), (bare, _t) in zip(labelled, with_prior, without_prior):
            if item["themes"] != predicted or bare != item["stance"]:
                print(f"  [{item['stance']} -> {bare}] {sorted(item['themes'])} -> {sorted(predicted)}: {item['text']}")
                shown += 1
                if shown >= show_errors:
                    break
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("labelled", nargs="?", type=Path,
                        help=f"labelled CSV (default {DEFAULT_SET.name}, else the small development set)")
    parser.add_argument("--codebook", type=Path)
    parser.add_argument("--errors", type=int, default=0, help="print this many disagreements")
    args = parser.parse_args(argv)
    path = args.labelled or (DEFAULT_SET if DEFAULT_SET.exists() else DEVELOPMENT_SET)
    evaluate(path, args.codebook, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
