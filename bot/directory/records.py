"""Turn one service from an Open Referral UK file into a checked, shape-independent record.

Two shapes are in use: HSDS 3 / ORUK 3 (`attributes` with `taxonomy_term`, `schedules`, `minimum_age` on the
service, `addresses`) and the older ORUK v1 that many council feeds still publish (`eligibilitys`,
`service_taxonomys`, `regular_schedules`, `physical_addresses`, `fees`). Optional fields may be missing; a
record without an id or name, or with a field of the wrong kind, raises MalformedRecord naming the problem.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

EHC_PLAN_TERM = re.compile(r"ehc\W*plan\W*(needed|required)", re.IGNORECASE)
AGE_BAND = re.compile(r"^\s*(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\s*$")
ID_LIMIT = 250


class MalformedRecord(ValueError):
    def __init__(self, record_id: str, problem: str):
        super().__init__(f"{record_id}: {problem}")
        self.record_id = record_id
        self.problem = problem


@dataclass
class TermRecord:
    id: str
    name: str
    code: Optional[str] = None
    taxonomy: Optional[str] = None
    description: Optional[str] = None
    parent_id: Optional[str] = None
    attribute_id: Optional[str] = None
    value: Optional[str] = None


@dataclass
class LocationRecord:
    id: str
    link_id: str
    name: Optional[str] = None
    address_1: Optional[str] = None
    city: Optional[str] = None
    region: Optional[str] = None
    postal_code: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None


@dataclass
class ServiceRecord:
    id: str
    name: str
    organization: Optional[Dict[str, Any]] = None
    alternate_name: Optional[str] = None
    description: Optional[str] = None
    url: Optional[str] = None
    email: Optional[str] = None
    status: str = "active"
    fees_description: Optional[str] = None
    eligibility_description: Optional[str] = None
    minimum_age: Optional[int] = None
    maximum_age: Optional[int] = None
    service_area: Optional[str] = None
    ehc_plan_needed: bool = False
    locations: List[LocationRecord] = field(default_factory=list)
    contacts: List[Dict[str, Any]] = field(default_factory=list)
    phones: List[Dict[str, Any]] = field(default_factory=list)
    schedules: List[Dict[str, Any]] = field(default_factory=list)
    cost_options: List[Dict[str, Any]] = field(default_factory=list)
    terms: List[TermRecord] = field(default_factory=list)


class _Reader:
    """Typed access to one JSON object, with errors that name the record and the field."""

    def __init__(self, record_id: str, data: Any, where: str = ""):
        if not isinstance(data, dict):
            raise MalformedRecord(record_id, f"{where or 'record'} is not an object")
        self.record_id, self.data, self.where = record_id, data, where

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def text(self, key: str, limit: Optional[int] = 500, required: bool = False) -> Optional[str]:
        value = self.data.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is not None and not isinstance(value, str):
            raise MalformedRecord(self.record_id, f"{self._name(key)} should be text")
        value = value.strip() if value else None
        if required and not value:
            raise MalformedRecord(self.record_id, f"{self._name(key)} is missing")
        if value and limit and len(value) > limit:
            raise MalformedRecord(self.record_id, f"{self._name(key)} is longer than {limit} characters")
        return value or None

    def age(self, key: str) -> Optional[int]:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise MalformedRecord(self.record_id, f"{self._name(key)} is not a number: {value!r}") from None
        if not 0 <= number <= 130 or number != int(number):
            raise MalformedRecord(self.record_id, f"{self._name(key)} is not an age in years: {value!r}")
        return int(number)

    def number(self, key: str) -> Optional[float]:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise MalformedRecord(self.record_id, f"{self._name(key)} is not a number: {value!r}") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise MalformedRecord(self.record_id, f"{self._name(key)} is not a number: {value!r}")
        return number

    def objects(self, key: str) -> List["_Reader"]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise MalformedRecord(self.record_id, f"{self._name(key)} should be a list")
        return [_Reader(self.record_id, item, f"{self._name(key)}[{index}]") for index, item in enumerate(value)]

    def object(self, key: str) -> Optional["_Reader"]:
        value = self.data.get(key)
        return None if value is None else _Reader(self.record_id, value, self._name(key))

    def child_id(self, fallback: str) -> str:
        return self.text("id", limit=ID_LIMIT) or fallback


def record_id_of(data: Any, position: int) -> str:
    """The id to report a record by, even when it has none."""
    if isinstance(data, dict) and isinstance(data.get("id"), (str, int)) and str(data["id"]).strip():
        return str(data["id"]).strip()[:ID_LIMIT]
    return f"record #{position + 1} (no id)"


def read_service(data: Any, position: int = 0) -> ServiceRecord:
    record_id = record_id_of(data, position)
    service = _Reader(record_id, data)
    record = ServiceRecord(
        id=service.text("id", limit=ID_LIMIT, required=True),
        name=service.text("name", required=True),
        alternate_name=service.text("alternate_name"),
        description=service.text("description", limit=None),
        url=service.text("url", limit=1000),
        email=service.text("email", limit=320),
        status=(service.text("status", limit=50) or "active").lower(),
        fees_description=service.text("fees_description", limit=None) or service.text("fees", limit=None),
        eligibility_description=service.text("eligibility_description", limit=None),
        minimum_age=service.age("minimum_age"),
        maximum_age=service.age("maximum_age"),
    )
    _read_organization(service, record)
    _read_v1_eligibility(service, record)
    _read_areas(service, record)
    _read_locations(service, record)
    _read_contacts_and_phones(service, record)
    _read_schedules(service, record)
    _read_costs(service, record)
    _read_terms(service, record)
    _apply_terms(record)
    if record.minimum_age is not None and record.maximum_age is not None and record.minimum_age > record.maximum_age:
        raise MalformedRecord(record.id, f"minimum_age {record.minimum_age} is above maximum_age {record.maximum_age}")
    return record


def _read_organization(service: _Reader, record: ServiceRecord) -> None:
    organization = service.object("organization")
    organization_id = service.text("organization_id", limit=ID_LIMIT)
    if organization is not None:
        record.organization = {
            "id": organization.text("id", limit=ID_LIMIT) or organization_id or f"{record.id}:organization",
            "name": organization.text("name", required=True),
            "description": organization.text("description", limit=None),
            "email": organization.text("email", limit=320),
            "url": organization.text("url", limit=1000),
        }
    elif organization_id:
        record.organization = {"id": organization_id}


def _read_v1_eligibility(service: _Reader, record: ServiceRecord) -> None:
    texts = []
    for eligibility in service.objects("eligibilitys"):
        if eligibility.text("eligibility", limit=None):
            texts.append(eligibility.text("eligibility", limit=None))
        if record.minimum_age is None:
            record.minimum_age = eligibility.age("minimum_age")
        if record.maximum_age is None:
            record.maximum_age = eligibility.age("maximum_age")
    if texts and not record.eligibility_description:
        record.eligibility_description = "; ".join(texts)


def _read_areas(service: _Reader, record: ServiceRecord) -> None:
    names = []
    for area in service.objects("service_areas"):
        name = area.text("name") or area.text("service_area")
        if name:
            names.append(name)
    record.service_area = ", ".join(names)[:500] or None


def _read_locations(service: _Reader, record: ServiceRecord) -> None:
    for index, link in enumerate(service.objects("service_at_locations")):
        location = link.object("location")
        if location is None:
            continue
        addresses = location.objects("addresses") or location.objects("physical_addresses")
        address = addresses[0] if addresses else None
        record.locations.append(LocationRecord(
            id=location.child_id(link.text("location_id", limit=ID_LIMIT) or f"{record.id}:location:{index}"),
            link_id=link.child_id(f"{record.id}:service_at_location:{index}"),
            name=location.text("name"),
            address_1=address.text("address_1") if address else None,
            city=address.text("city", limit=200) if address else None,
            region=(address.text("region", limit=200) or address.text("state_province", limit=200)) if address else None,
            postal_code=address.text("postal_code", limit=20) if address else None,
            latitude=location.number("latitude"),
            longitude=location.number("longitude"),
        ))


def _phone(reader: _Reader, fallback_id: str, contact_id: Optional[str] = None) -> Optional[Dict[str, Any]]:
    number = reader.text("number", limit=50)
    if not number:
        return None
    return {"id": reader.child_id(fallback_id), "number": number, "type": reader.text("type", limit=50),
            "description": reader.text("description"), "contact_id": contact_id}


def _read_contacts_and_phones(service: _Reader, record: ServiceRecord) -> None:
    for index, phone in enumerate(service.objects("phones")):
        found = _phone(phone, f"{record.id}:phone:{index}")
        if found:
            record.phones.append(found)
    for index, contact in enumerate(service.objects("contacts")):
        contact_id = contact.child_id(f"{record.id}:contact:{index}")
        record.contacts.append({"id": contact_id, "name": contact.text("name"), "title": contact.text("title"),
                                "email": contact.text("email", limit=320)})
        for phone_index, phone in enumerate(contact.objects("phones")):
            found = _phone(phone, f"{contact_id}:phone:{phone_index}", contact_id)
            if found:
                record.phones.append(found)


def _read_schedules(service: _Reader, record: ServiceRecord) -> None:
    for index, schedule in enumerate(service.objects("schedules") + service.objects("regular_schedules")):
        record.schedules.append({
            "id": schedule.child_id(f"{record.id}:schedule:{index}"),
            "byday": schedule.text("byday", limit=100) or schedule.text("weekday", limit=100),
            "opens_at": schedule.text("opens_at", limit=20),
            "closes_at": schedule.text("closes_at", limit=20),
            "description": schedule.text("description", limit=None),
        })


def _read_costs(service: _Reader, record: ServiceRecord) -> None:
    for index, cost in enumerate(service.objects("cost_options")):
        record.cost_options.append({
            "id": cost.child_id(f"{record.id}:cost_option:{index}"),
            "option": cost.text("option"),
            "amount": cost.number("amount"),
            "currency": cost.text("currency", limit=3),
            "amount_description": cost.text("amount_description", limit=None),
        })


def _term(reader: _Reader, fallback_id: str, vocabulary_key: str) -> TermRecord:
    parent = reader.data.get("parent") if "parent" in reader.data else reader.data.get("parent_id")
    return TermRecord(
        id=reader.child_id(fallback_id),
        name=reader.text("name", required=True),
        code=reader.text("code", limit=250),
        taxonomy=reader.text(vocabulary_key, limit=250),
        description=reader.text("description", limit=None),
        parent_id=str(parent)[:ID_LIMIT] if isinstance(parent, (str, int)) and str(parent) else None,
    )


def _read_terms(service: _Reader, record: ServiceRecord) -> None:
    for index, attribute in enumerate(service.objects("attributes")):
        term_reader = attribute.object("taxonomy_term")
        if term_reader is None:
            raise MalformedRecord(record.id, f"attributes[{index}].taxonomy_term is missing")
        term = _term(term_reader, attribute.text("taxonomy_term_id", limit=ID_LIMIT) or f"{record.id}:term:{index}",
                     "taxonomy")
        term.attribute_id = attribute.child_id(f"{record.id}:attribute:{index}")
        term.value = attribute.text("value")
        record.terms.append(term)
    for index, link in enumerate(service.objects("service_taxonomys")):
        term_reader = link.object("taxonomy")
        if term_reader is None:
            raise MalformedRecord(record.id, f"service_taxonomys[{index}].taxonomy is missing")
        term = _term(term_reader, f"{record.id}:term:v1:{index}", "vocabulary")
        term.attribute_id = link.child_id(f"{record.id}:attribute:v1:{index}")
        record.terms.append(term)


def _apply_terms(record: ServiceRecord) -> None:
    """Read the tags that change what a service is for: EHC plan needed, and age bands when ages are missing."""
    ages_given = record.minimum_age is not None or record.maximum_age is not None
    for term in record.terms:
        label = " ".join(filter(None, [term.code, term.name]))
        if EHC_PLAN_TERM.search(label):
            record.ehc_plan_needed = True
        band = AGE_BAND.match(term.code or "") or AGE_BAND.match(term.name)
        if band and not ages_given and (term.taxonomy or "").endswith("age_band"):
            low, high = int(band.group(1)), int(band.group(2))
            record.minimum_age = low if record.minimum_age is None else min(record.minimum_age, low)
            record.maximum_age = high if record.maximum_age is None else max(record.maximum_age, high)
