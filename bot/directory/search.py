"""Find the best few services for a need, kind of help, district and age: one indexed query.

A kind of help (category) is a requirement when given; otherwise the need is. The other one, and the district,
only order the results: a local service before a county-wide one, a service named for the need before one whose
description mentions it. County-wide services (no district tag) serve every district.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Sequence

from sqlalchemy import and_, case, exists, func, literal, or_, select, true
from sqlalchemy.orm import Session, aliased

from bot.directory import vocabulary
from bot.models.directory import Phone, SearchTag, Service

# A broad word a parent uses ("therapy") stands for the narrower categories services are tagged with.
BROADER_CATEGORIES = {
    "therapy": ("speech therapy", "occupational therapy", "physiotherapy", "therapy"),
    "health": ("speech therapy", "occupational therapy", "physiotherapy", "CAMHS", "audiology", "paediatrics",
               "school nursing", "health"),
}


LOCAL_BONUS = 3


@dataclass(frozen=True)
class Query:
    need: Optional[str] = None
    category: Optional[str] = None
    district: Optional[str] = None
    age: Optional[int] = None

    @property
    def too_broad(self) -> bool:
        return not (self.need or self.category)


@dataclass(frozen=True)
class Match:
    id: str
    name: str
    description: str
    phone: Optional[str]
    url: Optional[str]
    email: Optional[str]
    local: bool
    ehc_plan_needed: bool

    @property
    def short_name(self) -> str:
        """The name without its bracketed expansion: "SENDIASS (SEND Information, ...)" -> "SENDIASS"."""
        return self.name.split(" (")[0]

    @property
    def one_line(self) -> str:
        """The description's first sentence: what a parent reads before deciding to call."""
        text = " ".join((self.description or "").split())
        sentence = text.split(". ")[0].rstrip(".")
        return sentence


def _categories(category: str) -> Sequence[str]:
    return BROADER_CATEGORIES.get(category, (category,))


def search(session: Session, query: Query, limit: int = 3) -> List[Match]:
    if query.too_broad:
        return []
    # Scores come from the tag index alone (kind, value, service_id, weight); only the services that qualify are
    # then joined to their rows for the place and age filters.
    wanted = []
    if query.need:
        wanted.append(and_(SearchTag.kind == "need", SearchTag.value == query.need))
    if query.category:
        wanted.append(and_(SearchTag.kind == "category", SearchTag.value.in_(_categories(query.category))))
    need_score = func.max(case((SearchTag.kind == "need", SearchTag.weight), else_=0))
    category_score = func.max(case((SearchTag.kind == "category", SearchTag.weight), else_=0))
    scores = (
        select(SearchTag.service_id, (need_score + category_score).label("score"))
        .where(or_(*wanted))
        .group_by(SearchTag.service_id)
        .having((category_score if query.category else need_score) > 0)
        .subquery()
    )

    district_tag = aliased(SearchTag)
    if query.district:
        local = exists().where(district_tag.service_id == Service.id, district_tag.kind == "district",
                               district_tag.value == query.district)
        place_filter, local_rank = or_(Service.countywide.is_(True), local), case((local, 1), else_=0)
    else:
        place_filter, local_rank = true(), None

    # Being in the parent's own district counts like one more strong sign of a match (a taxonomy tag).
    ranking = [(scores.c.score + LOCAL_BONUS * local_rank).desc() if local_rank is not None else scores.c.score.desc()]
    statement = (
        select(Service.id, Service.name, Service.description, Service.url, Service.email, Service.ehc_plan_needed,
               (local_rank if local_rank is not None else literal(False)).label("local"))
        .join(scores, scores.c.service_id == Service.id)
        .where(Service.status == "active", place_filter)
        .order_by(*ranking, Service.ehc_plan_needed, Service.name)
        .limit(limit)
    )
    if query.age is not None:
        statement = statement.where(or_(Service.minimum_age.is_(None), Service.minimum_age <= query.age),
                                    or_(Service.maximum_age.is_(None), Service.maximum_age >= query.age))
    rows = session.execute(statement).all()
    phones = _first_phones(session, [row.id for row in rows])
    return [
        Match(id=row.id, name=row.name, description=row.description or "", phone=phones.get(row.id), url=row.url,
              email=row.email, local=bool(row.local), ehc_plan_needed=row.ehc_plan_needed)
        for row in rows
    ]


def _first_phones(session: Session, service_ids: List[str]) -> dict:
    if not service_ids:
        return {}
    phones = {}
    rows = session.execute(select(Phone.service_id, Phone.number).where(Phone.service_id.in_(service_ids))
                           .order_by(Phone.service_id, Phone.contact_id.is_not(None), Phone.id))
    for service_id, number in rows:
        phones.setdefault(service_id, number)
    return phones


SCHOOL_YEAR = re.compile(r"^\s*(?:year|yr|y)\s?(\d{1,2})\b", re.IGNORECASE)
NUMBER = re.compile(r"\d{1,2}")
# Children start Year 1 in the September after they turn 5, so Year N means about age N + 5.
SCHOOL_YEAR_TO_AGE = 5


def age_from_text(text: Optional[str]) -> Optional[int]:
    """An age in years from what the extractor found: "7 years old", "aged 7", "year 5" (school year)."""
    if not text:
        return None
    school_year = SCHOOL_YEAR.match(text)
    if school_year:
        return int(school_year.group(1)) + SCHOOL_YEAR_TO_AGE
    number = NUMBER.search(text)
    return int(number.group()) if number else None


def query_from_words(need: Optional[str] = None, category: Optional[str] = None, district: Optional[str] = None,
                     age: Optional[int] = None) -> Query:
    """A Query in the directory's canonical words, whatever spelling or case the words came in."""
    words = vocabulary.load()

    def canonical(kind: str, value: Optional[str]) -> Optional[str]:
        return (words.canonical(kind, value) or value) if value else None

    return Query(need=canonical("need", need), category=canonical("category", category),
                 district=canonical("district", district), age=age)
