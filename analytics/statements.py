"""One answer often makes several points: split it into statements, each an exact slice of the answer.

Statements are verbatim substrings (never rewritten), so a quote in a report is always words someone wrote.
"""
from __future__ import annotations

import re
from typing import List

# A sentence ends at . ! ? ; or a line break, unless the full stop belongs to a common abbreviation.
_BOUNDARY = re.compile(r"(?<=[.!?;])[\"')\]]*\s+|\s*[\r\n]+\s*|(?<=[.!?])(?=[A-Z][a-z])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "mr.", "mrs.", "ms.", "dr.", "st.", "no.", "approx.", "vs.", "incl.")
# A contrast usually starts a second point: "the SENCO is great but the bus is always late".
_CONTRAST = re.compile(r",?\s+\b(?:but|however|although|though|whereas)\b\s+", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")
MIN_WORDS = 2  # a one-word piece ("Nothing.") is part of the point next to it, not a point of its own


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _sentences(answer: str) -> List[str]:
    pieces: List[str] = []
    start = 0
    for match in _BOUNDARY.finditer(answer):
        candidate = answer[start:match.start()]
        if candidate.lower().endswith(_ABBREVIATIONS):
            continue
        pieces.append(candidate)
        start = match.end()
    pieces.append(answer[start:])
    return [_BULLET.sub("", piece).strip() for piece in pieces if piece.strip()]


def _split_contrast(sentence: str) -> List[str]:
    parts: List[str] = []
    start = 0
    for match in _CONTRAST.finditer(sentence):
        before, after = sentence[start:match.start()], sentence[match.start():]
        if _word_count(before) >= MIN_WORDS and _word_count(after) - 1 >= MIN_WORDS:
            parts.append(before)
            start = match.start()
    parts.append(sentence[start:])
    # The contrast word stays with the point it introduces: "but the bus is late".
    return [re.sub(r"^,\s*", "", part.strip()) for part in parts if part.strip()]


def split_statements(answer: str) -> List[str]:
    """Verbatim statements of an answer, in order; short fragments join their neighbour."""
    if not answer or not answer.strip():
        return []
    pieces = [part for sentence in _sentences(answer) for part in _split_contrast(sentence)]
    merged: List[str] = []
    pending = ""
    for piece in pieces:
        if pending:
            piece = _join(answer, pending, piece)
            pending = ""
        if _word_count(piece) < MIN_WORDS:
            if merged and not _leads_on(piece):
                merged[-1] = _join(answer, merged[-1], piece)
            else:
                pending = piece
            continue
        merged.append(piece)
    if pending:
        if merged:
            merged[-1] = _join(answer, merged[-1], pending)
        else:
            merged.append(pending)
    return merged


def _leads_on(piece: str) -> bool:
    # "Nothing." or "Not much:" introduce what follows rather than finishing what came before.
    return piece.rstrip().endswith((":", ",", "-", "\u2013")) or piece.lower().startswith(("nothing", "not ", "no"))


def _join(answer: str, first: str, second: str) -> str:
    """The stretch of the answer from the start of `first` to the end of `second`, still verbatim."""
    begin = answer.find(first)
    end = answer.find(second, begin + len(first)) if begin >= 0 else -1
    if begin < 0 or end < 0:
        return f"{first} {second}"
    return answer[begin:end + len(second)]
