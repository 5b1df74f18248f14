"""The quality figures the officer is told about can be reproduced, on the independently written labelled set."""
import re
import subprocess
import sys

from analytics.codebook import OTHER, load_codebook
from analytics.eval.evaluate import DEFAULT_SET, load_labelled
from bot.settings import PROJECT_ROOT


def test_the_labelled_set_uses_exactly_the_codebook_theme_ids():
    labelled = load_labelled(DEFAULT_SET)
    assert len(labelled) >= 300
    used = set().union(*(item["themes"] for item in labelled))
    assert used <= set(load_codebook().ids) | {OTHER}
    assert set(load_codebook().ids) <= used  # every theme is measured


def test_evaluation_prints_stance_accuracy_both_ways_and_theme_scores():
    result = subprocess.run([sys.executable, "-m", "analytics.eval.evaluate"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    output = result.stdout
    without = float(re.search(r"without the question prior:\s+([\d.]+)", output).group(1))
    with_prior = float(re.search(r"with the question prior:\s+([\d.]+)", output).group(1))
    micro = float(re.search(r"recall [\d.]+, F1 ([\d.]+)", output).group(1))
    # Far above chance (a third for stance); the real figures are reported, the aims are in the issue.
    assert without > 0.6 and with_prior > without and micro > 0.5
    for theme_id in load_codebook().ids:
        assert re.search(rf"^{theme_id}\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\d+$", output, re.MULTILINE)
