"""Does a message disclose harm or risk? Plain Python (no Rasa), so it can be tested and measured on its own.

The patterns live in phrases.yml, which a safeguarding officer can extend; the Rasa NLU component and the
benchmark both use `Detector.load()`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Tuple

import yaml

from bot.safeguarding.normalise import normalise

PHRASES_FILE = Path(__file__).resolve().parent / "phrases.yml"
_GROUP = re.compile(r"\{(\w+)\}")


class PhraseListError(ValueError):
    """The phrase list cannot be used; the message names the entry."""


@dataclass(frozen=True)
class Match:
    category: str
    phrase: str  # the words of the message that matched, after normalisation

    def describe(self) -> str:
        return f"{self.category}: {self.phrase}"


@dataclass(frozen=True)
class Detection:
    normalised: str
    matches: Tuple[Match, ...] = field(default_factory=tuple)

    @property
    def is_disclosure(self) -> bool:
        return bool(self.matches)

    @property
    def categories(self) -> List[str]:
        return sorted({match.category for match in self.matches})

    def describe(self) -> str:
        return "; ".join(match.describe() for match in self.matches)


def _expand(pattern: str, groups: Dict[str, str], where: str) -> str:
    def replace(found: re.Match) -> str:
        name = found.group(1)
        if name not in groups:
            raise PhraseListError(f"{where}: unknown group {{{name}}} in {pattern!r}")
        return f"(?:{groups[name]})"

    return _GROUP.sub(replace, pattern)


def _compile(pattern: str, groups: Dict[str, str], where: str) -> re.Pattern:
    try:
        return re.compile(r"(?<![a-z0-9])" + _expand(pattern, groups, where) + r"(?![a-z0-9])")
    except re.error as error:
        raise PhraseListError(f"{where}: {pattern!r} is not a valid pattern ({error})") from error


class Detector:
    def __init__(self, patterns: List[Tuple[str, re.Pattern]], exclusions: List[re.Pattern], keywords: FrozenSet[str]):
        self.patterns = patterns
        self.exclusions = exclusions
        self.keywords = keywords  # words a misspelling may be mended to

    @classmethod
    def from_mapping(cls, data: Dict, source: str = "phrase list") -> "Detector":
        groups = {name: str(value) for name, value in (data.get("groups") or {}).items()}
        categories = data.get("categories") or {}
        if not categories:
            raise PhraseListError(f"{source} has no categories of phrases")
        patterns = []
        for category, phrases in categories.items():
            for phrase in phrases or []:
                patterns.append((category, _compile(str(phrase), groups, f"{source}, {category}")))
        exclusions = [_compile(str(phrase), groups, f"{source}, exclusions") for phrase in data.get("exclusions") or []]
        words = re.findall(r"[a-z]{5,}", " ".join([*groups.values(), *map(str, sum(categories.values(), []))]))
        return cls(patterns, exclusions, frozenset(words))

    @classmethod
    def load(cls, path: Optional[Path] = None) -> "Detector":
        path = Path(path or PHRASES_FILE)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise PhraseListError(f"Cannot read the safeguarding phrase list {path}: {error}") from error
        return cls.from_mapping(data, source=str(path))

    def detect(self, text: str) -> Detection:
        normalised = normalise(text, self.keywords)
        excluded = [found.span() for pattern in self.exclusions for found in pattern.finditer(normalised)]
        matches: Dict[Tuple[str, str], Match] = {}
        for category, pattern in self.patterns:
            for found in pattern.finditer(normalised):
                start, end = found.span()
                if any(start < ex_end and ex_start < end for ex_start, ex_end in excluded):
                    continue
                matches.setdefault((category, found.group(0)), Match(category, found.group(0)))
        return Detection(normalised, tuple(matches.values()))


@lru_cache(maxsize=4)
def default_detector(path: Optional[str] = None) -> Detector:
    return Detector.load(Path(path) if path else None)


def is_disclosure(text: str) -> bool:
    """For code that sees a message before Rasa does (an SMS rate limit, a keyword handler): a disclosure must
    always reach the assistant, whatever else would stop it."""
    return default_detector().detect(text).is_disclosure
