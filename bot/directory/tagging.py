"""Work out which needs, kinds of help and districts a service is for, in the assistant's own words.

The surest signs are the feed's taxonomy terms and the service's name; a word in the description counts for less
(a speech therapy service may mention autism in passing). Short spellings such as "ot" or "add" only count in
taxonomy terms and names, where they cannot be an ordinary word in a sentence.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Dict, Set, Tuple

from bot.directory.records import ServiceRecord
from bot.directory.vocabulary import Vocabulary

TERM_WEIGHT, NAME_WEIGHT, TEXT_WEIGHT = 3, 2, 1
# Spellings shorter than this are acronyms or everyday words ("add", "ot", "unit") in running text.
MIN_TEXT_SPELLING = 5
COUNTYWIDE = re.compile(r"county|countywide|county-wide|leicestershire|all districts|all areas|national|england",
                        re.IGNORECASE)


def tags_for(record: ServiceRecord, vocabulary: Vocabulary) -> Dict[Tuple[str, str], int]:
    """(kind, value) -> weight for every need, category and district the service answers."""
    sources: Dict[Tuple[str, str], Set[int]] = defaultdict(set)

    def add(kind: str, values, weight: int) -> None:
        for value in values:
            sources[(kind, value)].add(weight)

    # A county-wide service serves every district: no district tag, so no district filter leaves it out.
    countywide = is_countywide(record, vocabulary)
    for term in record.terms:
        for kind in ("need", "category") if countywide else ("need", "category", "district"):
            exact = vocabulary.canonical(kind, term.name) or (term.code and vocabulary.canonical(kind, term.code))
            add(kind, [exact] if exact else vocabulary.find_in(kind, term.name, min_length=3), TERM_WEIGHT)
    names = " / ".join(filter(None, [record.name, record.alternate_name]))
    for kind in ("need", "category"):
        add(kind, vocabulary.find_in(kind, names, min_length=2), NAME_WEIGHT)
        text = " / ".join(filter(None, [record.description, record.eligibility_description]))
        add(kind, vocabulary.find_in(kind, text, min_length=MIN_TEXT_SPELLING), TEXT_WEIGHT)
    if not countywide:
        _add_districts(record, vocabulary, add)
    # Each kind of evidence counts once: tagged, named and described for autism (3 + 2 + 1) ranks above a service
    # only tagged for it.
    return {key: sum(weights) for key, weights in sources.items()}


def _add_districts(record: ServiceRecord, vocabulary: Vocabulary, add) -> None:
    add("district", vocabulary.find_in("district", record.service_area or "", min_length=3), TERM_WEIGHT)
    for location in record.locations:
        place = " / ".join(filter(None, [location.city, location.region, location.address_1, location.name]))
        add("district", vocabulary.find_in("district", place, min_length=3), NAME_WEIGHT)


def is_countywide(record: ServiceRecord, vocabulary: Vocabulary) -> bool:
    area = record.service_area or ""
    return bool(COUNTYWIDE.search(area)) and not vocabulary.find_in("district", area, min_length=3)
