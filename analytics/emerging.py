"""Emerging themes: groups of similar "other" statements, proposed to the officer as new codebook themes.

TF-IDF over dictionary-form words, then NMF (non-negative matrix factorisation) with a deterministic start
(NNDSVD), so the same statements always give the same candidates. Each candidate is named by its strongest
words and shown with example quotes; nothing joins the codebook until the officer adds it.
"""
from __future__ import annotations

import re
import warnings
from collections import defaultdict
from typing import Dict, List, Sequence

from analytics.codebook import OTHER
from analytics.report import MIN_GROUP, pick_quotes

MIN_STATEMENTS = 10
MAX_CANDIDATES = 8
# Words that say nothing about a topic in this consultation (on top of ordinary English stop words).
_GENERIC = {
    "be", "have", "do", "get", "go", "say", "make", "know", "think", "want", "need", "would", "could", "should",
    "will", "can", "just", "really", "very", "lot", "thing", "things", "way", "time", "child", "children",
    "son", "daughter", "kid", "kids", "people", "parent", "school", "help", "support", "service", "good",
    "bad", "great", "not", "no", "nothing", "name", "phone", "email", "postcode", "link", "'s", "like", "feel",
    "year", "month", "week", "day", "more", "better", "also", "still", "always", "never", "even", "much",
}


def emerging_themes(statements: Sequence, min_respondents: int = 2) -> List[Dict]:
    """Candidate themes from statements whose only theme is "other", largest first."""
    others = [statement for statement in statements if statement.themes == [OTHER] and statement.words]
    if len(others) < MIN_STATEMENTS:
        return []
    import numpy
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    stop = set(ENGLISH_STOP_WORDS) | _GENERIC
    documents = [" ".join(word for word in statement.words if word not in stop and re.search(r"[a-z]", word))
                 for statement in others]
    vectoriser = TfidfVectorizer(token_pattern=r"[^ ]+", ngram_range=(1, 2), min_df=2, max_df=0.5,
                                 sublinear_tf=True)
    try:
        matrix = vectoriser.fit_transform(documents)
    except ValueError:  # nothing left after stop words: no shared vocabulary to group by
        return []
    if matrix.shape[1] < 2:
        return []
    components = max(1, min(MAX_CANDIDATES, len(others) // 15, matrix.shape[1] - 1))
    model = NMF(n_components=components, init="nndsvd", max_iter=400, random_state=0)
    with warnings.catch_warnings(), numpy.errstate(invalid="ignore"):
        # Tiny inputs can leave a zero row, which sklearn reports as a harmless sqrt warning.
        warnings.simplefilter("ignore")
        weights = model.fit_transform(matrix)
    terms = vectoriser.get_feature_names_out()
    members: Dict[int, List] = defaultdict(list)
    for index, row in enumerate(weights):
        if row.max() > 0:
            members[int(row.argmax())].append((float(row.max()), index))
    candidates = []
    for component, scored in members.items():
        group = [others[index] for _weight, index in sorted(scored, key=lambda item: (-item[0], item[1]))]
        respondents = {statement.respondent for statement in group}
        if len(respondents) < min_respondents:
            continue
        top_terms = [terms[i] for i in model.components_[component].argsort()[::-1][:6]
                     if model.components_[component][i] > 0]
        if not top_terms:
            continue
        candidates.append({
            "id": "new_" + re.sub(r"[^a-z0-9]+", "_", top_terms[0].lower()).strip("_"),
            "name": " / ".join(top_terms[:3]).capitalize(),
            "respondents": len(respondents),
            "statements": len(group),
            "phrases": top_terms,
            "examples": pick_quotes(group[:50]) if len(respondents) >= MIN_GROUP else [],
        })
    candidates.sort(key=lambda candidate: (-candidate["respondents"], candidate["id"]))
    seen = set()
    for candidate in candidates:  # two groups named by the same word still need different ids
        while candidate["id"] in seen:
            candidate["id"] += "_2"
        seen.add(candidate["id"])
    return candidates


def as_codebook_yaml(candidates: List[Dict]) -> str:
    """Candidates written as codebook entries, ready to edit and paste under `themes:`."""
    import yaml

    if not candidates:
        return "# No new themes suggested: too few 'other' statements share the same words.\n"
    entries = []
    for candidate in candidates:
        entries.append({
            "id": candidate["id"],
            "name": candidate["name"],
            "description": f"Suggested from {candidate['statements']} statements by {candidate['respondents']} "
                           "people that fit no theme: rewrite as one line.",
            "phrases": candidate["phrases"],
            "examples": candidate["examples"],
        })
    header = ("# Suggested themes from statements the codebook does not cover. Check each one: rename it, keep\n"
              "# the phrases that really mean the theme, then paste it under `themes:` in the codebook.\n")
    return header + yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=110)
