"""Plain-English facts about the SEND system, read from data/local_offer/facts.yml (the one place they live)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from bot.settings import PROJECT_ROOT

FACTS_FILE = PROJECT_ROOT / "data" / "local_offer" / "facts.yml"
REQUIRED = ("intent", "title", "sms", "web", "link", "source", "checked")


@dataclass(frozen=True)
class Fact:
    topic: str
    intent: str
    title: str
    sms: str
    web: str
    link: str
    source: str
    checked: str
    contact: Optional[str] = None
    related: List[str] = field(default_factory=list)


@lru_cache(maxsize=2)
def load(path: Path = FACTS_FILE) -> Dict[str, Fact]:
    """Facts by topic; a missing field fails loudly here rather than as a half-empty reply to a parent."""
    with open(path, encoding="utf-8") as handle:
        topics = yaml.safe_load(handle)["topics"]
    facts = {}
    for topic, entry in topics.items():
        missing = [name for name in REQUIRED if not entry.get(name)]
        if missing:
            raise ValueError(f"{path}: topic {topic} has no {', '.join(missing)}")
        facts[topic] = Fact(topic=topic, **{key: str(value) if key not in ("related",) else list(value)
                                            for key, value in entry.items()})
    return facts


def for_intent(intent: str) -> Optional[Fact]:
    return next((fact for fact in load().values() if fact.intent == intent), None)
