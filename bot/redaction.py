"""Redaction of personal data in free text, before anything leaves the database (exports, reports, quotes).

Recall over precision: a redacted word that was harmless costs a little meaning; a leaked name or number can
identify a child. Placeholders say what was removed, so a reader still follows the sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Set

EMAIL = "[email]"
PHONE = "[phone]"
POSTCODE = "[postcode]"
NAME = "[name]"
SCHOOL = "[school]"
LINK = "[link]"
USERNAME = "[username]"
ADDRESS = "[address]"

_EMAIL = re.compile(r"[\w.+'-]+\s?(?:@|\(at\)|\[at\])\s?[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# Social media handles ("@jaydenb_2009"); emails are removed before this runs.
_HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}")
# House number and a capitalised street name ("14 Church Lane"). Lower-case addresses are not matched: "2 miles
# down the road" reads the same.
_ADDRESS = re.compile(
    r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\s+){1,3}"
    r"(?:Road|Rd|Lane|Street|St|Avenue|Ave|Close|Drive|Way|Crescent|Court|Gardens|Place|Grove|Terrace|Walk|"
    r"Rise|View|Hill|Mews|Square)\b"
)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# Any run of 9+ digits, allowing the spaces, dots, dashes and brackets people type inside phone numbers.
_PHONE = re.compile(r"(?<![\w])(?:\+|00)?\(?\d(?:[\s().-]{0,3}\d){8,14}(?![\w])")
_POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
)
_SCHOOL = re.compile(
    r"\b(?:(?:St\.?|Saint)\s+)?"
    r"(?!(?:The|A|An|My|Our|His|Her|Their|This|That|Every|Any|No|Local|Mainstream|Special|Secondary)\b)"
    r"(?:[A-Z][\w'’-]+\s+){1,4}"
    r"(?:(?:C of E|CofE|RC|Catholic|Church of England)\s+)?"
    r"(?:(?:Primary|Junior|Infants?)(?:\s+(?:School|Academy))?"
    r"|(?:High|Grammar|Secondary|Special|Community)\s+(?:School|Academy|College)"
    r"|Academy|School|College)\b"
)
_TITLE_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?")
_NAME_CUE = re.compile(
    r"\b(?P<cue>(?:my|our|his|her|their)\s+(?:son|daughter|child|kid|boy|girl|lad|brother|sister|twin|"
    r"grandson|granddaughter|stepson|stepdaughter|husband|wife|partner|mum|dad|carer|teacher|senco|"
    r"social worker|caseworker|case worker|key worker|keyworker|tutor|ta)\s*,?\s+(?:is\s+called\s+|called\s+|named\s+)?)"
    r"(?P<name>[A-Za-z][\w'’-]+)"
    r"|\b(?P<cue2>(?:(?:my|our|his|her|their)\s+(?:\w+(?:'|’)?s\s+)?names?(?:\s+is|'s|’s)|i am called|i'm called|"
    r"im called|call me|called|named|this is)\s+)"
    r"(?P<name2>[A-Za-z][\w'’-]+)",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z'’]+\b")
_SURNAME_AFTER_NAME = re.compile(r"\[name\](?:\s+[A-Z][\w'’-]+)+")

# Words that follow a cue like "my son" but are not names ("my son is", "my son has autism").
_NOT_NAMES = frozenset(
    """a an the is was has had have who which that and but or with without needs need needed gets got goes
    went can cant can't cannot could couldn't will won't would wouldn't does doesn't did didn't isn't wasn't
    hates loves likes struggles struggled finds found attends attended started starts left leaves moved
    being been be so too also just still really very not never always often sometimes then now at in on to
    for from of by about as into since after before when because if it its it's he she they we i you him her
    them us me my our their his has's age aged years year yr yrs old who's whose 's autistic adhd asd dyslexic
    deaf blind disabled nonverbal non-verbal disability diagnosis diagnosed currently now only finally
    eventually both twins says said told asked keeps kept feels felt seems seemed came comes comes
    back later anytime asap soon tomorrow today tonight please pls plz whenever again urgently first""".split()
)


@lru_cache(maxsize=1)
def _first_names() -> FrozenSet[str]:
    path = Path(__file__).resolve().parent / "data" / "first_names.txt"
    return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def _redact_cued_name(match: re.Match, removed: Set[str]) -> str:
    cue = match.group("cue") or match.group("cue2")
    name = match.group("name") or match.group("name2")
    if name.lower() in _NOT_NAMES:
        return match.group(0)
    # "my daughter is called amelia-rose": the person said it is a name, so no capital letter is needed.
    said_it_is_a_name = match.group("cue") is not None and re.search(r"(?:called|named)\s*$", cue, re.IGNORECASE)
    explicit = bool(said_it_is_a_name) or (
        match.group("cue2") is not None and match.group("cue2").lower().strip() not in ("called", "named", "this is"))
    if explicit or name[0].isupper() or name.lower() in _first_names():
        removed.add(name)
        return cue + NAME
    return match.group(0)


def _redact_known_name(match: re.Match, removed: Set[str]) -> str:
    word = match.group(0)
    if word.lower() in _first_names():
        removed.add(word)
        return NAME
    return word


def _redact_phone(match: re.Match) -> str:
    # "(0116) 496 0123" goes whole, but "(07700 900123)" keeps its opening bracket so the sentence still reads.
    number = match.group(0)
    return "(" + PHONE if number.startswith("(") and ")" not in number else PHONE


def _redact_titled_name(match: re.Match, removed: Set[str]) -> str:
    removed.update(match.group(0).split()[1:])
    return NAME


def _redact_again(text: str, removed: Set[str]) -> str:
    """A name found once is a name everywhere in the message: "my son Jack ... jack is 7"."""
    names = sorted({name for name in removed if len(name) > 1 and name.lower() not in _NOT_NAMES},
                   key=len, reverse=True)
    if not names:
        return text
    alternatives = "|".join(re.escape(name) for name in names)
    pattern = re.compile(r"(?<![\w\[])(?:" + alternatives + r")(?![\w\]])", re.IGNORECASE)
    return pattern.sub(NAME, text)


def redact(text: str) -> str:
    """Replace emails, links, handles, phone numbers, UK postcodes, addresses, school names and people's names
    with placeholders."""
    if not text:
        return text or ""
    removed: Set[str] = set()
    result = _EMAIL.sub(EMAIL, text)
    result = _URL.sub(LINK, result)
    result = _HANDLE.sub(USERNAME, result)
    result = _PHONE.sub(_redact_phone, result)
    result = _POSTCODE.sub(POSTCODE, result)
    result = _ADDRESS.sub(ADDRESS, result)
    result = _SCHOOL.sub(SCHOOL, result)
    result = _TITLE_NAME.sub(lambda match: _redact_titled_name(match, removed), result)
    result = _NAME_CUE.sub(lambda match: _redact_cued_name(match, removed), result)
    result = _CAPITALISED.sub(lambda match: _redact_known_name(match, removed), result)
    result = _SURNAME_AFTER_NAME.sub(NAME, result)  # "Jack Smith" goes whole, not "[name] Smith"
    return _redact_again(result, removed)
