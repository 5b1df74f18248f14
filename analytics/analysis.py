"""Answers in, statements out: each with its stance, themes, sentiment and redacted text.

Deterministic by construction: rules, lookups and a fixed order, no randomness and no model weights, so the
same input and codebook give the same output on every run and every machine.
"""
from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from typing import Dict, Iterable, Iterator, List, Optional

from analytics.codebook import Codebook
from analytics.nlp import tokens_and_words
from analytics.stance import StanceClassifier, first_word
from analytics.statements import split_statements
from bot.redaction import redact

PROGRESS_FROM = 5000  # statements; below this a run takes a second or two and a bar is noise
_CHUNK = 2000


@dataclass
class Statement:
    id: str  # "<answer id>-<n>"
    answer_id: str
    respondent: str
    question: str  # the question answered (stance id) or "" for free comments
    stance: str
    stance_source: str
    themes: List[str]
    evidence: Dict[str, List[str]]
    sentiment: float
    text: str  # redacted, verbatim otherwise
    role: str = ""
    age_band: str = ""
    district: str = ""
    topic: str = ""
    created_at: str = ""
    words_agree: bool = True  # the words alone give the same stance as the one assigned
    words: List[str] = field(default_factory=list, repr=False)  # dictionary forms, for clustering

    @property
    def month(self) -> str:
        return self.created_at[:7]


def _polarity_function():
    """TextBlob's polarity (its default pattern lexicon) from a statement's lower-case tokens.

    TextBlob(text).sentiment.polarity tokenises again and builds objects per call: four times slower, and
    the same figures (tests/test_analytics_analysis.py compares them).
    """
    from textblob.en import sentiment

    return lambda tokens: float(sentiment(tokens)[0])


def split_answers(rows: Iterable[Dict], split: bool = True) -> Iterator[tuple]:
    """(row, statement number, redacted statement) for every statement of every answer.

    `split=False` keeps each answer whole (for scoring statements a person already separated).
    """
    for row in rows:
        # Redact the whole answer first: a full stop inside an email address must not split it in two.
        redacted = redact(row["text"])
        pieces = split_statements(redacted) if split else [redacted.strip()]
        for number, text in enumerate(pieces, start=1):
            yield row, number, text


def analyse(rows: List[Dict], codebook: Codebook, progress: Optional[bool] = None,
            keep_words: bool = False, split: bool = True) -> List[Statement]:
    """Statements of every answer, in input order."""
    pieces = list(split_answers(rows, split))
    polarity = _polarity_function()
    classifier = StanceClassifier()
    codebook.matcher()  # compile before the clock of the progress bar starts
    bar = _progress(len(pieces), progress)
    results: List[Statement] = []
    for start in range(0, len(pieces), _CHUNK):
        chunk = pieces[start:start + _CHUNK]
        for (row, number, text), (tokens, words) in zip(chunk, tokens_and_words([piece[2] for piece in chunk])):
            sentiment = polarity(tokens)
            stance = classifier.classify(words, first_word(text), sentiment, row["question"] or None)
            themes, evidence = codebook.classify(words, row["topic"])
            results.append(Statement(
                id=f"{row['id']}-{number}", answer_id=row["id"], respondent=row["respondent"],
                question=row["question"], stance=stance.stance, stance_source=stance.source, themes=themes,
                evidence=evidence, sentiment=round(sentiment, 3), text=text, role=row["role"],
                age_band=row["age_band"], district=row["district"], topic=row["topic"],
                created_at=row["created_at"], words_agree=stance.words_agree, words=words if keep_words else [],
            ))
        bar.update(len(chunk))
    bar.close()
    return results


def _progress(total: int, wanted: Optional[bool]):
    from tqdm import tqdm

    show = (total >= PROGRESS_FROM) if wanted is None else wanted
    return tqdm(total=total, unit="statement", desc="Analysing", file=sys.stderr, disable=not show,
                mininterval=0.5)


def spreadsheet_safe(value):
    """Text starting with = + - @ would run as a formula when the file is opened in a spreadsheet: prefix a '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


ANALYSED_COLUMNS = ["id", "answer_id", "question", "stance", "stance_source", "themes", "evidence", "sentiment",
                    "text", "role", "age_band", "district", "created_at"]


def analysed_row(statement: Statement) -> Dict[str, str]:
    return {
        "id": statement.id, "answer_id": statement.answer_id, "question": statement.question,
        "stance": statement.stance, "stance_source": statement.stance_source,
        "themes": ";".join(statement.themes),
        # Why each theme was given, so an officer can check and improve the codebook.
        "evidence": "; ".join(f"{theme}: {', '.join(phrases)}" for theme, phrases in statement.evidence.items()),
        "sentiment": f"{statement.sentiment:.3f}", "text": spreadsheet_safe(statement.text),
        "role": spreadsheet_safe(statement.role), "age_band": spreadsheet_safe(statement.age_band),
        "district": spreadsheet_safe(statement.district), "created_at": statement.created_at,
    }


def write_analysed_csv(statements: Iterable[Statement], stream) -> int:
    writer = csv.DictWriter(stream, fieldnames=ANALYSED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for statement in statements:
        writer.writerow(analysed_row(statement))
        count += 1
    return count
