"""Write the directory back out as HSDS 3 / ORUK 3 JSON: one page of the `/services` list, each service complete.

The output imports again unchanged (`sendvoice directory import` reads the same shape), so it doubles as a backup.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Dict, List, Optional

from sqlalchemy import select

from bot.db import session_scope
from bot.models.directory import (
    Attribute, Contact, CostOption, Location, Organization, Phone, Schedule, Service, ServiceAtLocation, TaxonomyTerm,
)


def _grouped(session, model, key: str) -> Dict[str, List[Any]]:
    groups: Dict[str, List[Any]] = defaultdict(list)
    for row in session.execute(select(model).order_by(model.id)).scalars():
        groups[getattr(row, key)].append(row)
    return groups


def export_directory(database_url: Optional[str] = None) -> Dict[str, Any]:
    with session_scope(database_url) as session:
        services = session.execute(select(Service).order_by(Service.id)).scalars().all()
        organizations = {row.id: row for row in session.execute(select(Organization)).scalars()}
        locations = {row.id: row for row in session.execute(select(Location)).scalars()}
        terms = {row.id: row for row in session.execute(select(TaxonomyTerm)).scalars()}
        links = _grouped(session, ServiceAtLocation, "service_id")
        contacts = _grouped(session, Contact, "service_id")
        phones = _grouped(session, Phone, "service_id")
        schedules = _grouped(session, Schedule, "service_id")
        costs = _grouped(session, CostOption, "service_id")
        attributes = _grouped(session, Attribute, "link_id")
        contents = [
            _service(service, organizations, locations, terms, links, contacts, phones, schedules, costs, attributes)
            for service in services
        ]
    return {
        "sample_data": bool(services) and all(service.is_sample for service in services),
        "total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
        "first_page": True, "last_page": True, "empty": not contents,
        "contents": contents,
    }


def _service(service, organizations, locations, terms, links, contacts, phones, schedules, costs, attributes):
    organization = organizations.get(service.organization_id)
    by_contact = defaultdict(list)
    for phone in phones[service.id]:
        by_contact[phone.contact_id].append({"id": phone.id, "number": phone.number, "type": phone.type,
                                             "description": phone.description})
    return {
        "id": service.id,
        "name": service.name,
        "alternate_name": service.alternate_name,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "status": service.status,
        "fees_description": service.fees_description,
        "eligibility_description": service.eligibility_description,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "organization": None if organization is None else {
            "id": organization.id, "name": organization.name, "description": organization.description,
            "email": organization.email, "url": organization.url,
        },
        "service_areas": [{"name": service.service_area}] if service.service_area else [],
        "service_at_locations": [_location_link(link, locations[link.location_id]) for link in links[service.id]],
        "phones": by_contact.pop(None, []),
        "contacts": [{"id": contact.id, "name": contact.name, "title": contact.title, "email": contact.email,
                      "phones": by_contact.get(contact.id, [])} for contact in contacts[service.id]],
        "schedules": [{"id": schedule.id, "byday": schedule.byday, "opens_at": schedule.opens_at,
                       "closes_at": schedule.closes_at, "description": schedule.description}
                      for schedule in schedules[service.id]],
        "cost_options": [{"id": cost.id, "option": cost.option, "amount": cost.amount,
                          "currency": cost.currency, "amount_description": cost.amount_description}
                         for cost in costs[service.id]],
        "attributes": [_attribute(attribute, terms[attribute.taxonomy_term_id]) for attribute in attributes[service.id]],
    }


def _location_link(link, location) -> Dict[str, Any]:
    return {"id": link.id, "location": {
        "id": location.id, "name": location.name,
        "latitude": location.latitude, "longitude": location.longitude,
        "addresses": [{"address_1": location.address_1, "city": location.city, "region": location.region,
                       "postal_code": location.postal_code, "country": "GB"}],
    }}


def _attribute(attribute, term) -> Dict[str, Any]:
    return {"id": attribute.id, "link_entity": attribute.link_entity, "link_type": attribute.link_type,
            "value": attribute.value, "taxonomy_term_id": term.id,
            "taxonomy_term": {"id": term.id, "code": term.code, "name": term.name, "description": term.description,
                              "taxonomy": term.taxonomy, "parent_id": term.parent_id}}
