"""Compose SMS replies that phones show as written and that cost at most two segments each.

A single character outside the GSM-7 alphabet (a curly quote, an emoji) switches a whole text to UCS-2,
where a segment holds 70 characters instead of 160: a reply that fitted in two texts would then cost five.
So every reply is made GSM-7 safe first, then cut at sentence boundaries into messages of at most two segments.
No Rasa imports: pure text functions, unit-tested on their own.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable, Dict, Iterable, List, Sequence

# The GSM 03.38 basic character set (one septet each) and its extension table (two septets: escape + char).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")

SINGLE_SEGMENT_SEPTETS = 160
CONCATENATED_SEGMENT_SEPTETS = 153  # 7 septets of each part go to the header that joins the parts
MAX_SEGMENTS_PER_MESSAGE = 2

# Typography that word processors and content editors put in text, mapped to what every phone shows.
_REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...", "\u2022": "-", "\u00b7": "-", "\u25cf": "-",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ", "\t": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\ufe0f": "",
    "\u00bd": "1/2", "\u00bc": "1/4", "\u00be": "3/4", "\u2122": "TM", "\u00a9": "(c)", "\u00ae": "(R)",
    "\u2192": "->", "\u2190": "<-", "\u00d7": "x", "\u2713": "", "\u2714": "",
}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_SPACES = re.compile(r"[ ]{2,}")


def to_gsm7(text: str) -> str:
    """Replace or drop every character a GSM-7 text cannot carry; accents fall back to the plain letter."""
    out: List[str] = []
    for char in text:
        if char in GSM7_BASIC or char in GSM7_EXTENDED:
            out.append(char)
        elif char in _REPLACEMENTS:
            out.append(_REPLACEMENTS[char])
        else:
            # "ć" -> "c", "ł" has no decomposition and is dropped; emoji and symbols are dropped.
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append("".join(c for c in base if c in GSM7_BASIC or c in GSM7_EXTENDED))
    cleaned = _SPACES.sub(" ", "".join(out))
    return "\n".join(line.strip() for line in cleaned.split("\n")).strip()


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENDED for char in text)


def septets(text: str) -> int:
    return sum(2 if char in GSM7_EXTENDED else 1 for char in text)


def segment_count(text: str) -> int:
    """How many SMS segments a phone network bills for this text (GSM-7 if possible, else UCS-2)."""
    if not text:
        return 1
    if not is_gsm7(text):
        units = len(text.encode("utf-16-le")) // 2
        return 1 if units <= 70 else -(-units // 67)
    if septets(text) <= SINGLE_SEGMENT_SEPTETS:
        return 1
    # An escaped character is never split across two segments, so pack greedily like the network does.
    segments, used = 1, 0
    for char in text:
        cost = 2 if char in GSM7_EXTENDED else 1
        if used + cost > CONCATENATED_SEGMENT_SEPTETS:
            segments, used = segments + 1, 0
        used += cost
    return segments


def fits(text: str, max_segments: int = MAX_SEGMENTS_PER_MESSAGE) -> bool:
    return segment_count(text) <= max_segments


def _pack(pieces: Iterable[str], max_segments: int, split_oversized: Callable[[str], List[str]]) -> List[str]:
    """Join pieces with spaces into as few messages as fit; a piece too big on its own is split further."""
    packed: List[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}" if current else piece
        if fits(candidate, max_segments):
            current = candidate
            continue
        if current:
            packed.append(current)
        if fits(piece, max_segments):
            current = piece
        else:
            *whole, current = split_oversized(piece)
            packed.extend(whole)
    if current:
        packed.append(current)
    return packed


def _cut_word(word: str, max_segments: int) -> List[str]:
    """One "word" longer than a message (a pasted link, say): cut it wherever it must be cut."""
    parts: List[str] = []
    while not fits(word, max_segments):
        cut = len(word)
        while cut > 1 and not fits(word[:cut], max_segments):
            cut -= 1
        parts.append(word[:cut])
        word = word[cut:]
    return parts + [word]


def split_into_messages(text: str, max_segments: int = MAX_SEGMENTS_PER_MESSAGE) -> List[str]:
    """GSM-7 safe messages of at most `max_segments` segments, cut at sentence ends, else between words."""
    text = to_gsm7(text)
    if not text:
        return []
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]

    def between_words(sentence: str) -> List[str]:
        return _pack(sentence.split(" "), max_segments, lambda word: _cut_word(word, max_segments))

    return [text] if fits(text, max_segments) else _pack(sentences, max_segments, between_words)


def numbered_choices(titles: Sequence[str], first: int = 1) -> str:
    """Buttons become a line a parent can answer with one digit: "Reply 1 for X, 2 for Y."."""
    options = [f"{number} for {title.strip().rstrip('.')}" for number, title in enumerate(titles, start=first)]
    line = "Reply " + ", ".join(options)
    return line if line.endswith(("?", "!")) else line + "."


def compose_reply(bot_messages: Iterable[Dict]) -> tuple:
    """Rasa's collected bot messages -> (texts to send, button payloads in the order they were numbered).

    Buttons of the turn are numbered together, so "1" always means the first choice the person saw.
    """
    paragraphs: List[str] = []
    payloads: List[str] = []
    for message in bot_messages:
        if message.get("text"):
            paragraphs.append(str(message["text"]))
        buttons = [b for b in message.get("buttons") or [] if b.get("payload")]
        if buttons:
            titles = [str(b.get("title") or b["payload"]) for b in buttons]
            # a second set of buttons in one turn continues the numbering
            paragraphs.append(numbered_choices(titles, first=len(payloads) + 1))
            payloads.extend(str(b["payload"]) for b in buttons)
        if message.get("image") and not message.get("text"):
            paragraphs.append("(There is a picture here that we can't send by text.)")
    texts: List[str] = []
    for paragraph in paragraphs:
        texts.extend(split_into_messages(paragraph))
    return _merge_short(texts), payloads


def _merge_short(texts: List[str]) -> List[str]:
    """Several short bot messages in one turn go out as one text where they fit, to save the parent's inbox."""
    merged: List[str] = []
    for text in texts:
        if merged and fits(f"{merged[-1]}\n{text}"):
            merged[-1] = f"{merged[-1]}\n{text}"
        else:
            merged.append(text)
    return merged
