"""Find phrases in a statement's words: the one matcher behind both themes and stance cues.

Phrase syntax (documented for officers at the top of codebook.yml):
  "waiting list"      consecutive words, each compared in dictionary form
  "diagnos*"          a word starting with "diagnos"
  "teacher + autism"  every part somewhere in the statement
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, Hashable, Iterable, List, Sequence, Set, Tuple

from analytics.nlp import pipeline, words_of


@dataclass(frozen=True)
class _Part:
    words: Tuple[str, ...]  # a trailing "*" on a word means "starts with"
    label: Hashable  # what a match reports (e.g. a theme id)
    phrase: str  # the phrase as written, for explanations
    part_count: int  # how many "+" parts the phrase has; all must match

    @property
    def exact(self) -> bool:
        return not any(word.endswith("*") for word in self.words)


def _word_matches(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


class PhraseMatcher:
    """Compiled once from (label, phrase) pairs; `find(words)` gives {label: [phrases matched]}."""

    def __init__(self, labelled_phrases: Iterable[Tuple[Hashable, str]]):
        self._by_first_word: Dict[str, List[_Part]] = defaultdict(list)
        self._wildcard_first: List[_Part] = []
        self._candidates: Dict[str, List[_Part]] = {}  # parts that can start at a given word
        compiled_already = set()
        self._exact_parts: Set[_Part] = set()  # whole-word phrases compare as one tuple, the fast way
        for label, phrase in labelled_phrases:
            parts = [part.strip() for part in phrase.split(" + ") if part.strip()]
            for part in parts:
                words = tuple(_phrase_words(part))
                # "bus" and "buses" read the same; one is enough, and evidence should name it once.
                key = (label, words) if len(parts) == 1 else (label, words, phrase)
                if not words or key in compiled_already:
                    continue
                compiled_already.add(key)
                compiled = _Part(words, label, phrase, len(parts))
                if compiled.exact:
                    self._exact_parts.add(compiled)
                if words[0].endswith("*"):
                    self._wildcard_first.append(compiled)
                else:
                    self._by_first_word[words[0]].append(compiled)

    def _starting_with(self, word: str) -> List[_Part]:
        candidates = self._candidates.get(word)
        if candidates is None:
            candidates = self._by_first_word.get(word, []) + [
                part for part in self._wildcard_first if _word_matches(part.words[0], word)]
            if len(self._candidates) < 200_000:  # vocabulary is bounded in practice; memory must be too
                self._candidates[word] = candidates
        return candidates

    def find_positions(self, words: Sequence[str]) -> List[Tuple[int, int, _Part]]:
        """Every (start, end, part) where a phrase part occurs in `words`."""
        found = []
        count = len(words)
        for start, word in enumerate(words):
            for part in self._starting_with(word):
                length = len(part.words)
                if length == 1:
                    found.append((start, start + 1, part))
                elif start + length > count:
                    continue
                elif part in self._exact_parts:
                    if tuple(words[start:start + length]) == part.words:
                        found.append((start, start + length, part))
                elif all(_word_matches(pattern, words[start + offset])
                         for offset, pattern in enumerate(part.words[1:], start=1)):
                    found.append((start, start + length, part))
        return found

    def find(self, words: Sequence[str]) -> Dict[Hashable, List[str]]:
        parts_seen: Dict[Tuple[Hashable, str], Set[Tuple[str, ...]]] = defaultdict(set)
        wanted: Dict[Tuple[Hashable, str], int] = {}
        for _start, _end, part in self.find_positions(words):
            parts_seen[(part.label, part.phrase)].add(part.words)
            wanted[(part.label, part.phrase)] = part.part_count
        matches: Dict[Hashable, List[str]] = defaultdict(list)
        for key, seen in parts_seen.items():
            if len(seen) >= wanted[key]:
                matches[key[0]].append(key[1])
        return dict(matches)


def _phrase_words(phrase: str) -> List[str]:
    """A phrase read exactly as statements are read, keeping "*" prefixes as written."""
    words: List[str] = []
    for token in phrase.lower().split():
        if token.endswith("*"):
            words.append(token)
        else:
            words.extend(words_of(pipeline()(token)))
    return words
