"""Turn a text message as children and parents write it into plain, correctly spelt lower-case words.

The phrase patterns (phrases.yml) are written once, in plain English; this module makes "wanna die",
"i want 2 d1e", "kms", "sucidal" and "he touchd me" reach them.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional

# Whole-token rewrites: txt-speak, contractions (apostrophes are gone by now) and misspellings seen in
# children's and parents' messages. Values may be several words.
TOKEN_REWRITES: Dict[str, str] = {
    # txt-speak
    "u": "you", "ya": "you", "yu": "you", "ur": "your", "r": "are", "im": "i am", "ive": "i have", 
    "wanna": "want to", "wana": "want to", "wnna": "want to", "wanto": "want to", "wnt": "want", "wan": "want",
    "gonna": "going to", "gona": "going to", "gunna": "going to", "gotta": "got to",
    "kms": "kill myself", "kys": "kill yourself", "kmn": "kill me now", "ded": "dead",
    "2": "to", "4": "for", "b4": "before", "n": "and", "nd": "and", "bc": "because", "coz": "because",
    "cos": "because", "cuz": "because", "bcoz": "because", "becuz": "because", "ppl": "people", "pls": "please",
    "plz": "please", "wen": "when", "wat": "what", "wot": "what", "wt": "what", "y": "why", "tho": "though",
    "sum1": "someone", "some1": "someone", "sumone": "someone", "smone": "someone", "any1": "anyone",
    "every1": "everyone", "no1": "no one", "noone": "no one", "sumthin": "something", "nuthin": "nothing",
    "hme": "home", "hom": "home", "skool": "school", "skl": "school", "scl": "school", "bf": "boyfriend",
    "gf": "girlfriend", "mam": "mum", "mom": "mum", "mommy": "mum", "mummy": "mum", "mumma": "mum",
    "daddy": "dad", "stepdads": "stepdad", "step-dad": "stepdad", "stepfather": "stepdad",
    "stepmother": "stepmum", "nite": "night", "2day": "today", "2nite": "tonight", "lyf": "life", "lif": "life",
    "wiv": "with", "wid": "with", "w": "with", "abt": "about", "thx": "thanks", "pic": "pics", "pix": "pics",
    "nudez": "nudes", "b": "be", "theres": "there is", "snap": "snapchat", "noods": "nudes", "bcuz": "because",
    # contractions once apostrophes are removed ("don't" -> "dont")
    "dont": "do not", "doesnt": "does not", "didnt": "did not", "cant": "can not", "cannot": "can not",
    "wont": "will not", "isnt": "is not", "arent": "are not", "wasnt": "was not", "werent": "were not",
    "havent": "have not", "hasnt": "has not", "hadnt": "had not", "aint": "is not", "wouldnt": "would not",
    "couldnt": "could not", "shouldnt": "should not", "whats": "what is", "thats": "that is",
    "its": "it is", "hes": "he is", "shes": "she is", "theyre": "they are", "dnt": "do not",
    "dont't": "do not", "cnt": "can not", "wudnt": "would not", "doesn": "does not",
    # misspellings of the words that matter most
    "sucide": "suicide", "suicde": "suicide", "suiside": "suicide", "suside": "suicide", "sucicide": "suicide",
    "suecide": "suicide", "sewerslide": "suicide", "sucidal": "suicidal", "suicidel": "suicidal",
    "suicidle": "suicidal", "suisidal": "suicidal", "susidal": "suicidal", "suacidal": "suicidal",
    "selfharm": "self harm", "selfharming": "self harming", "selfharms": "self harms", "slefharm": "self harm",
    "myslef": "myself", "myslf": "myself", "mysef": "myself", "meself": "myself", "maself": "myself",
    "mysel": "myself", "myselfe": "myself", "hisself": "himself", "themselfs": "themselves",
    "touchd": "touched", "tuched": "touched", "tucht": "touched", "touced": "touched", "toucht": "touched",
    "touchs": "touches", "touchin": "touching", "tuching": "touching",
    "hurtin": "hurting", "hurtz": "hurts", "hurst": "hurts", "hert": "hurt", "herts": "hurts", "hirts": "hurts",
    "hitin": "hitting", "hittin": "hitting", "hiting": "hitting", "beatin": "beating",
    "kickin": "kicking", "punchin": "punching", "slappin": "slapping", "smackin": "smacking",
    "cuttin": "cutting", "kil": "kill", "kll": "kill", "killin": "killing", "kilin": "killing", "kiling": "killing",
    "kiled": "killed", "dy": "die", "di": "die", "abusd": "abused", "abussed": "abused",
    "abued": "abused", "abuesd": "abused", "abuseing": "abusing", "abusin": "abusing", "abusiv": "abusive",
    "rapd": "raped", "rapeing": "raping", "molestd": "molested", "grommed": "groomed", "groomd": "groomed",
    "overdoze": "overdose", "saf": "safe", "sfe": "safe", "safee": "safe",
    "scaired": "scared", "scard": "scared", "skared": "scared", "scarred": "scared", "frightend": "frightened",
    "afriad": "afraid", "afaid": "afraid", "unalived": "unalive", "wnt2": "want to",
    "dieing": "dying", "dyin": "dying", "starvin": "starving", "hungary": "hungry", "homless": "homeless",
    "hungery": "hungry", "threatend": "threatened", "thretened": "threatened", "strangld": "strangled",
    "chokin": "choking", "punchd": "punched", "kickd": "kicked", "slapd": "slapped", "smakd": "smacked",
    "smaked": "smacked", "bruses": "bruises", "brusies": "bruises", "nobdy": "nobody", "evry": "every", "evryday": "every day", "everyday": "every day",
    "nemore": "anymore", "ne1": "anyone", "agen": "again", "agian": "again",
}

# Two-word spellings joined or split the way patterns expect.
PHRASE_REWRITES = [
    (re.compile(r"\b(my|him|her|them|your|our) (self|selves|selfs)\b"), r"\1self"),
    (re.compile(r"\bstep (dad|mum|father|mother)\b"), r"step\1"),
    (re.compile(r"\bun alive\b"), "unalive"),
    (re.compile(r"\bthemself\b"), "themselves"),
    (re.compile(r"\bstepfather\b"), "stepdad"),
    (re.compile(r"\bstepmother\b"), "stepmum"),
]

_LEET = str.maketrans({"1": "i", "3": "e", "0": "o", "4": "a", "5": "s", "@": "a", "$": "s", "7": "t"})
_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_WORD = re.compile(r"[^a-z0-9@$]+")
_REPEATS = re.compile(r"(.)\1{2,}")  # "diiiie", "killlll": three or more of a letter


@lru_cache(maxsize=1)
def known_words() -> FrozenSet[str]:
    """English words (TextBlob's spelling list, shipped with the package) that must never be 'corrected'."""
    try:
        import textblob

        path = Path(textblob.__file__).parent / "en" / "en-spelling.txt"
        words = {line.split(" ", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith(";")}
    except (ImportError, OSError):  # without the list, only the explicit rewrites above apply
        words = set()
    return frozenset(words) | frozenset(TOKEN_REWRITES.values())


_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "y")


def is_known_word(token: str) -> bool:
    """An English word, inflected forms included ("billing" is "bill" + "ing"): never to be 'corrected'."""
    words = known_words()
    if token in words:
        return True
    for suffix in _SUFFIXES:
        stem = token[: -len(suffix)]
        if token.endswith(suffix) and len(stem) >= 3:
            if stem in words or stem + "e" in words or (len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in words):
                return True
    return False


def _within_one_edit(a: str, b: str) -> bool:
    """True when b is a away by one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1:] == short:
            return True
    return False


@lru_cache(maxsize=100_000)  # people reuse words: scanning every keyword once per word, not per use (#7)
def _correct(token: str, keywords: FrozenSet[str]) -> Optional[str]:
    """A risk keyword one slip away from an unknown token ("abussed" -> "abused"), or None."""
    if len(token) < 5 or is_known_word(token):
        return None
    for keyword in sorted(keywords):
        if len(keyword) >= 5 and _within_one_edit(token, keyword):
            return keyword
    return None


def _token(raw: str, keywords: FrozenSet[str]) -> str:
    if raw in TOKEN_REWRITES:
        return TOKEN_REWRITES[raw]
    if re.search(r"[a-z]", raw) and re.search(r"[0-9@$]", raw):
        raw = raw.translate(_LEET)  # "d1e", "k1ll", "$uicide"
    if _REPEATS.search(raw):
        doubled = _REPEATS.sub(r"\1\1", raw)
        single = _REPEATS.sub(r"\1", raw)
        raw = next((form for form in (doubled, single) if form in known_words() or form in keywords), single)
    if raw in TOKEN_REWRITES:
        return TOKEN_REWRITES[raw]
    return _correct(raw, keywords) or raw


def normalise(text: str, keywords: FrozenSet[str] = frozenset()) -> str:
    """Plain lower-case words separated by single spaces. `keywords` are words a misspelling may be mended to."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = _APOSTROPHES.sub("", text)
    tokens: List[str] = [_token(raw, keywords) for raw in _NOT_WORD.sub(" ", text).split()]
    normalised = " ".join(tokens)
    for pattern, replacement in PHRASE_REWRITES:
        normalised = pattern.sub(replacement, normalised)
    return normalised
