"""The words parents use for needs, kinds of help and places, read from the NLU training data.

`data/nlu/local_offer.yml` holds them once, as lookup tables (every spelling the entity extractor should find) and
synonyms (which canonical value each spelling means). The importer tags services with the same canonical values,
so a word the assistant understands in a question is the word it looks for in the directory.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Set

import yaml

from bot.settings import PROJECT_ROOT

NLU_FILE = PROJECT_ROOT / "data" / "nlu" / "local_offer.yml"
TAGGED_KINDS = ("need", "category", "district")


def _examples(block: str) -> List[str]:
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")]


@dataclass
class Vocabulary:
    # kind ("need", "category", "district") -> spelling (lower case) -> canonical value
    spellings: Dict[str, Dict[str, str]] = field(default_factory=dict)
    _patterns: Dict[tuple, "re.Pattern[str] | None"] = field(default_factory=dict, repr=False)

    def canonical(self, kind: str, text: str) -> str | None:
        """The canonical value for a spelling, or for a canonical value given in any case."""
        spelled = self.spellings.get(kind, {})
        lowered = text.strip().lower()
        if lowered in spelled:
            return spelled[lowered]
        for value in set(spelled.values()):
            if value.lower() == lowered:
                return value
        return None

    def values(self, kind: str) -> Set[str]:
        return set(self.spellings.get(kind, {}).values())

    def find_in(self, kind: str, text: str, min_length: int = 1) -> Set[str]:
        """Canonical values whose spellings occur as whole words in `text` (longest spelling wins)."""
        if not text:
            return set()
        pattern = self._pattern(kind, min_length)
        spelled = self.spellings.get(kind, {})
        return {spelled[match.group(1).lower()] for match in pattern.finditer(text)} if pattern else set()

    def _pattern(self, kind: str, min_length: int) -> "re.Pattern[str] | None":
        key = (kind, min_length)
        if key not in self._patterns:
            spellings = sorted((spelling for spelling in self.spellings.get(kind, {}) if len(spelling) >= min_length),
                               key=len, reverse=True)
            self._patterns[key] = re.compile(
                r"(?<!\w)(" + "|".join(re.escape(spelling) for spelling in spellings) + r")(?!\w)", re.IGNORECASE
            ) if spellings else None
        return self._patterns[key]


def parse(documents: Iterable[dict]) -> Vocabulary:
    synonyms: Dict[str, str] = {}
    lookups: Dict[str, List[str]] = {}
    for document in documents:
        for item in (document or {}).get("nlu", []) or []:
            if "synonym" in item:
                canonical = str(item["synonym"])
                for spelling in _examples(item.get("examples", "")):
                    synonyms[spelling.lower()] = canonical
            elif "lookup" in item:
                lookups.setdefault(item["lookup"], []).extend(_examples(item.get("examples", "")))
    vocabulary = Vocabulary()
    for kind, spellings in lookups.items():
        vocabulary.spellings[kind] = {spelling.lower(): synonyms.get(spelling.lower(), spelling)
                                      for spelling in spellings}
    return vocabulary


@lru_cache(maxsize=1)
def load(path: Path = NLU_FILE) -> Vocabulary:
    with open(path, encoding="utf-8") as handle:
        return parse([yaml.safe_load(handle)])
