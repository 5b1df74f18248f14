"""The officer's report as data: for each question, themes ranked by respondents, quotes, groups, trend.

Privacy rules applied here, once, for every output format: quotes are redacted statements (verbatim
otherwise); any count under MIN_GROUP respondents is withheld, and a theme that small shows no quotes.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from datetime import datetime, timezone
from typing import Dict, List, Optional, Sequence, Set

from analytics.codebook import OTHER, Codebook
from analytics.stance import QUESTION_LABELS, STANCES

MIN_GROUP = 5
QUOTES_PER_THEME = 3
BREAKDOWNS = (("role", "Role"), ("age_band", "Age band"), ("district", "District"))
_QUOTE_LENGTH = (25, 280)
_PLACEHOLDER = re.compile(r"\[(?:name|phone|email|postcode|school|link)\]")  # characters; shorter says too little, longer is a letter, not a quote


def suppressed(count: int) -> Optional[int]:
    return count if count >= MIN_GROUP else None


def build_report(statements: Sequence, codebook: Codebook, source: str, filters: Dict[str, str],
                 emerging: Optional[List[Dict]] = None) -> Dict:
    respondents_all: Set[str] = set()
    by_question: Dict[str, list] = defaultdict(list)
    for statement in statements:
        respondents_all.add(statement.respondent)
        by_question[statement.stance].append(statement)
    questions = [_question_section(stance, by_question.get(stance, []), codebook) for stance in STANCES]
    return {
        "title": "What families told us",
        "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "source": source,
        "filters": {key: value for key, value in filters.items() if value},
        "min_group": MIN_GROUP,
        "totals": {
            "respondents": suppressed(len(respondents_all)),
            "statements": suppressed(len(statements)),
            "answers": suppressed(len({statement.answer_id for statement in statements})),
        },
        "questions": questions,
        "emerging": emerging or [],
        "method": method_notes(codebook),
    }


def _question_section(stance: str, statements: List, codebook: Codebook) -> Dict:
    people_by_theme: Dict[str, Set[str]] = defaultdict(set)
    statements_by_theme: Dict[str, list] = defaultdict(list)
    people = set()
    for statement in statements:
        people.add(statement.respondent)
        for theme_id in statement.themes:
            people_by_theme[theme_id].add(statement.respondent)
            statements_by_theme[theme_id].append(statement)
    total = len(people)
    themes = []
    for theme_id, theme_people in people_by_theme.items():
        theme = codebook.theme(theme_id)
        count = len(theme_people)
        shown = suppressed(count)
        members = statements_by_theme[theme_id]
        themes.append({
            "id": theme_id,
            "name": theme.name if theme else "Other (fits no theme in the codebook)",
            "description": theme.description if theme else "Statements the codebook does not cover yet; see "
                                                            "the suggested new themes.",
            "respondents": shown,
            "share": round(count / total, 4) if shown is not None and total else None,
            "statements": suppressed(len(members)),
            "quotes": pick_quotes(members) if shown is not None else [],
            "breakdown": {key: _groups(members, key) for key, _label in BREAKDOWNS} if shown is not None else {},
            "trend": _trend(members) if shown is not None else [],
            # Withheld counts must not leak through the order either: small themes go last, in codebook order.
            "_sort": (shown is None, -(shown or 0), theme_id == OTHER, _codebook_position(codebook, theme_id)),
        })
    themes.sort(key=lambda entry: entry.pop("_sort"))
    return {
        "id": stance,
        "label": QUESTION_LABELS[stance],
        "respondents": suppressed(total),
        "statements": suppressed(len(statements)),
        "themes": themes,
        "trend": _trend(statements),
    }


def _codebook_position(codebook: Codebook, theme_id: str) -> int:
    return codebook.ids.index(theme_id) if theme_id in codebook.ids else len(codebook.ids)


def _groups(statements: List, key: str) -> List[Dict]:
    people: Dict[str, Set[str]] = defaultdict(set)
    for statement in statements:
        people[getattr(statement, key) or "not given"].add(statement.respondent)
    rows = [{"group": group, "respondents": suppressed(len(members))} for group, members in people.items()]
    rows.sort(key=lambda row: (row["respondents"] is None, -(row["respondents"] or 0), row["group"]))
    return rows


def _trend(statements: List) -> List[Dict]:
    people: Dict[str, Set[str]] = defaultdict(set)
    for statement in statements:
        if statement.month:
            people[statement.month].add(statement.respondent)
    return [{"month": month, "respondents": suppressed(len(people[month]))} for month in sorted(people)]


def pick_quotes(statements: List, limit: int = QUOTES_PER_THEME) -> List[str]:
    """2-3 verbatim (redacted) statements from different people, chosen the same way every run.

    Prefer statements of a readable length whose own words say what the question says, that make one point
    clearly (fewer themes, more evidence); skip near-repeats of a quote already chosen.
    """
    def rank(statement):
        length = len(statement.text)
        in_range = _QUOTE_LENGTH[0] <= length <= _QUOTE_LENGTH[1]
        stable = hashlib.sha1(statement.text.encode("utf-8")).hexdigest()
        evidence = sum(len(phrases) for phrases in statement.evidence.values())
        clear = getattr(statement, "words_agree", True)
        return (not in_range, not clear, len(statement.themes), -min(evidence, 3), stable)

    chosen: List[str] = []
    keys: List[str] = []
    people_quoted: Set[str] = set()
    for statement in sorted(statements, key=rank):
        if len(statement.text) > _QUOTE_LENGTH[1] or len(_PLACEHOLDER.sub("", statement.text).split()) < 3:
            continue  # never cut short (so too long is left out), and "[phone]" alone says nothing
        key = _letters(statement.text)
        if statement.respondent in people_quoted or any(key.startswith(k) or k.startswith(key) for k in keys):
            continue
        chosen.append(statement.text)
        keys.append(key)
        people_quoted.add(statement.respondent)
        if len(chosen) == limit:
            break
    return chosen


def _letters(text: str) -> str:
    """Just the letters, lower case: "The bus is late." and "the bus is late thx" share a start."""
    return "".join(ch for ch in text.lower() if ch.isalpha())


def method_notes(codebook: Codebook) -> List[str]:
    where = codebook.path.name if codebook.path else "the codebook"
    return [
        "Each answer was split into statements (one answer often makes several points), after names, phone "
        "numbers, emails, postcodes, school names and links were replaced by placeholders such as [name].",
        "Each statement was placed under one of the three questions. The question it answered counts most, "
        "but when the words clearly say something else (\"Nothing, the bus is always late\" under what's "
        "working well) the words win. Comments sent without a question are placed by their words alone.",
        f"Themes come from the council's codebook ({where}, {len(codebook.themes)} themes): a statement "
        "carries every theme whose phrases it uses, so it can count under more than one. Statements that fit "
        "none are 'Other'; groups of similar 'Other' statements are listed as suggested new themes.",
        "Themes are ranked by the number of people who raised them; the share is of the people who said "
        "anything under that question. Quotes are people's own words, unchanged except for redaction.",
        f"To protect privacy, any count under {MIN_GROUP} people is shown as 'fewer than {MIN_GROUP}', and such "
        "themes show no quotes. Safeguarding alerts, and any answer that reads like a disclosure of harm, are "
        "left out: they are for the safeguarding team, never for a report.",
        "The analysis uses fixed rules and word lists (no AI service, nothing sent anywhere): the same input "
        "and codebook always give the same report. It can be wrong on single statements; read the quotes.",
    ]
