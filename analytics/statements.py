"""One answer often makes several points: split it into statements, each an exact slice of the answer.

Statements are verbatim substrings (never rewritten), so a quote in a report is always words someone wrote.
"""
from __future__ import annotations

import re
from typing import List, Tuple

# A sentence ends at . ! ? ; or a line break, unless the full stop belongs to a common abbreviation.
_BOUNDARY = re.compile(r"(?<=[.!?;])[\"')\]]*\s+|\s*[\r\n]+\s*")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "mr.", "mrs.", "ms.", "dr.", "st.", "no.", "approx.", "vs.", "incl.")
# A contrast usually starts a second point: "the SENCO is great but the bus is always late".
_CONTRAST = re.compile(r",?\s+\b(?:but|however|although|whereas)\b\s+", re.IGNORECASE)
_BULLET = re.compile(r"\s*(?:[-*\u2022]|\d+[.)])\s+")
_WORD = re.compile(r"\w+")
MIN_WORDS = 2  # a one-word piece ("Nothing.") is part of the point next to it, not a point of its own

Span = Tuple[int, int]


def _words(answer: str, span: Span) -> int:
    return len(_WORD.findall(answer, span[0], span[1]))


def _trim(answer: str, start: int, end: int) -> Span:
    """Shrink a span past surrounding spaces, a leading bullet and a leading comma."""
    while start < end and answer[start].isspace():
        start += 1
    bullet = _BULLET.match(answer, start, end)
    if bullet:
        start = bullet.end()
    while start < end and answer[start] in ", ":
        start += 1
    while end > start and answer[end - 1].isspace():
        end -= 1
    return start, end


def _sentences(answer: str) -> List[Span]:
    spans: List[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(answer):
        if answer[start:match.start()].lower().endswith(_ABBREVIATIONS):
            continue
        spans.append(_trim(answer, start, match.start()))
        start = match.end()
    spans.append(_trim(answer, start, len(answer)))
    return [span for span in spans if span[1] > span[0]]


def _split_contrast(answer: str, sentence: Span) -> List[Span]:
    parts: List[Span] = []
    start = sentence[0]
    for match in _CONTRAST.finditer(answer, sentence[0], sentence[1]):
        if _words(answer, (start, match.start())) >= MIN_WORDS and \
                _words(answer, (match.start(), sentence[1])) - 1 >= MIN_WORDS:
            parts.append(_trim(answer, start, match.start()))
            start = match.start()  # the contrast word stays with the point it introduces: "but the bus..."
    parts.append(_trim(answer, start, sentence[1]))
    return [part for part in parts if part[1] > part[0]]


def _leads_on(answer: str, span: Span) -> bool:
    # "Nothing." or "Not much:" introduce what follows rather than finishing what came before.
    text = answer[span[0]:span[1]].lower()
    return text.rstrip().endswith((":", ",", "-", "\u2013")) or text.startswith(("nothing", "not ", "no", "none"))


def split_statements(answer: str) -> List[str]:
    """Verbatim statements of an answer, in order; one-word fragments join their neighbour."""
    if not answer or not answer.strip():
        return []
    pieces = [part for sentence in _sentences(answer) for part in _split_contrast(answer, sentence)]
    merged: List[Span] = []
    pending = None
    for piece in pieces:
        if pending is not None:
            piece, pending = (pending[0], piece[1]), None
        if _words(answer, piece) < MIN_WORDS:
            if merged and not _leads_on(answer, piece):
                merged[-1] = (merged[-1][0], piece[1])
            else:
                pending = piece
            continue
        merged.append(piece)
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], pending[1])
        else:
            merged.append(pending)
    return [answer[start:end] for start, end in merged]
