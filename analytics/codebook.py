"""The officer's codebook: themes with a name, a one-line description, phrases and examples."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

from analytics.phrases import PhraseMatcher
from bot.cli import CommandError

DEFAULT_CODEBOOK = Path(__file__).resolve().parent / "codebook.yml"
OTHER = "other"
_THEME_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str
    phrases: Tuple[str, ...]
    examples: Tuple[str, ...] = ()


@dataclass
class Codebook:
    themes: List[Theme]
    path: Optional[Path] = None
    _matcher: Optional[PhraseMatcher] = field(default=None, repr=False)

    @property
    def ids(self) -> List[str]:
        return [theme.id for theme in self.themes]

    def theme(self, theme_id: str) -> Optional[Theme]:
        return next((theme for theme in self.themes if theme.id == theme_id), None)

    def matcher(self) -> PhraseMatcher:
        if self._matcher is None:
            self._matcher = PhraseMatcher((theme.id, phrase) for theme in self.themes for phrase in theme.phrases)
        return self._matcher

    def classify(self, words: Sequence[str], topic: str = "") -> Tuple[List[str], Dict[str, List[str]]]:
        """Themes a statement carries, in codebook order, and the phrases that put each there.

        A stored topic that names a theme (the person chose it in the chat) counts when no phrase matched.
        """
        evidence = self.matcher().find(words)
        if not evidence and topic in self.ids:
            evidence = {topic: [f"topic:{topic}"]}
        if len(evidence) > 1:
            evidence = _strongest(evidence, self.ids)
        themes = [theme_id for theme_id in self.ids if theme_id in evidence]
        return (themes or [OTHER]), evidence


MAX_THEMES_PER_STATEMENT = 2  # a statement makes one point; sometimes it truly touches two themes
RELATIVE_STRENGTH = 0.5  # a second theme needs more than half the evidence of the strongest


def phrase_strength(phrase: str) -> int:
    """Longer phrases are more specific: "speech and language" says more than "therapy"."""
    return min(3, sum(len(part.split()) for part in phrase.split(" + ")))


def _strongest(evidence: Dict[str, List[str]], order: List[str]) -> Dict[str, List[str]]:
    """Keep the themes with the most evidence: a passing word ("friends", "wait") should not add a theme
    to a statement that is clearly about something else."""
    strength = {theme: sum(phrase_strength(phrase) for phrase in phrases) for theme, phrases in evidence.items()}
    best = max(strength.values())
    ranked = sorted(evidence, key=lambda theme: (-strength[theme], order.index(theme) if theme in order else 0))
    kept = [theme for theme in ranked if strength[theme] > best * RELATIVE_STRENGTH][:MAX_THEMES_PER_STATEMENT]
    return {theme: evidence[theme] for theme in kept}


def load_codebook(path: Optional[Path] = None) -> Codebook:
    """Read and check a codebook; a mistake is named in a sentence (file, theme, field)."""
    path = Path(path) if path else DEFAULT_CODEBOOK
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"There is no codebook at {path}.") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise CommandError(f"The codebook {path} is not readable YAML: {str(error).splitlines()[0]}") from None
    entries = document.get("themes") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CommandError(f"The codebook {path} needs a 'themes:' list with at least one theme.")
    themes: List[Theme] = []
    seen = set()
    for position, entry in enumerate(entries, start=1):
        where = f"theme {position} in {path}"
        if not isinstance(entry, dict):
            raise CommandError(f"{where.capitalize()} is not a mapping of id, name, description, phrases.")
        theme_id = str(entry.get("id", "")).strip()
        if not _THEME_ID.match(theme_id) or theme_id == OTHER:
            raise CommandError(f"{where.capitalize()} needs an id in lower case letters, digits and underscores "
                               f"(not {theme_id!r}; 'other' is kept for statements that fit no theme).")
        if theme_id in seen:
            raise CommandError(f"The theme id {theme_id!r} appears twice in {path}.")
        seen.add(theme_id)
        phrases = entry.get("phrases") or []
        if not isinstance(phrases, list) or not [p for p in phrases if str(p).strip()]:
            raise CommandError(f"Theme {theme_id!r} in {path} needs at least one phrase.")
        for key in ("name", "description"):
            if not str(entry.get(key) or "").strip():
                raise CommandError(f"Theme {theme_id!r} in {path} needs a {key}.")
        themes.append(Theme(
            id=theme_id,
            name=str(entry["name"]).strip(),
            description=str(entry["description"]).strip(),
            phrases=tuple(str(p).strip() for p in phrases if str(p).strip()),
            examples=tuple(str(e).strip() for e in entry.get("examples") or [] if str(e).strip()),
        ))
    return Codebook(themes=themes, path=path)
