"""Load an Open Referral UK JSON file into the directory tables: idempotent, record by record.

Re-importing a file updates the services it names (by id) and never duplicates them. A record that cannot be read
is reported with its id and skipped; the others still load. A council's own file replaces the shipped sample.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from bot.db import get_engine, session_scope
from bot.directory import tagging, vocabulary
from bot.directory.records import MalformedRecord, ServiceRecord, read_service, record_id_of
from bot.models.directory import (
    Attribute, Contact, CostOption, Location, Organization, Phone, Schedule, SearchTag, Service, ServiceAtLocation,
    TaxonomyTerm,
)

SERVICE_CHILDREN = (ServiceAtLocation, Contact, Phone, Schedule, CostOption)
BATCH_SIZE = 200
ANALYZE_AFTER = 1000


class DirectoryFileError(ValueError):
    """The file as a whole cannot be read (not JSON, or no list of services in it)."""


@dataclass
class ImportSummary:
    source: str
    created: int = 0
    updated: int = 0
    skipped: List[Tuple[str, str]] = field(default_factory=list)  # (record id, problem)
    sample_removed: int = 0

    @property
    def loaded(self) -> int:
        return self.created + self.updated

    def lines(self) -> List[str]:
        lines = [f"Imported {self.loaded} service(s) from {self.source}: {self.created} new, {self.updated} updated, "
                 f"{len(self.skipped)} skipped."]
        lines += [f"  skipped {record_id}: {problem}" for record_id, problem in self.skipped]
        if self.sample_removed:
            lines.append(f"Removed the {self.sample_removed} sample service(s): your own directory replaces them.")
        return lines


def read_file(path: Path) -> Tuple[List[Any], bool]:
    """The service objects in an ORUK file, and whether the file says it is sample data."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise DirectoryFileError(f"there is no file {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DirectoryFileError(f"{path} is not a JSON file ({error})") from None
    return services_in(document)


def services_in(document: Any) -> Tuple[List[Any], bool]:
    if isinstance(document, list):
        return document, False
    if isinstance(document, dict):
        # ORUK API pages use "contents"; some exports wrap the list as "services" or "items".
        for key in ("contents", "services", "items"):
            if isinstance(document.get(key), list):
                return document[key], bool(document.get("sample_data"))
        if "id" in document and "name" in document:
            return [document], False
    raise DirectoryFileError("no list of services found (expected a JSON list, or an object with \"contents\")")


def import_file(path: Path, database_url: Optional[str] = None) -> ImportSummary:
    records, is_sample = read_file(Path(path))
    return import_records(records, source=Path(path).name, is_sample=is_sample, database_url=database_url)


def import_records(raw_records: Iterable[Any], source: str, is_sample: bool = False,
                   database_url: Optional[str] = None) -> ImportSummary:
    summary = ImportSummary(source=source)
    words = vocabulary.load()
    records: Dict[str, ServiceRecord] = {}
    for position, raw in enumerate(raw_records):
        try:
            record = read_service(raw, position)
        except MalformedRecord as problem:
            summary.skipped.append((problem.record_id, problem.problem))
            continue
        records[record.id] = record  # a later copy of the same id wins, as a re-import would
    now = datetime.now(timezone.utc)
    batch = list(records.values())
    with session_scope(database_url) as session, session.no_autoflush:
        for start in range(0, len(batch), BATCH_SIZE):
            _store_batch(session, batch[start:start + BATCH_SIZE], words, is_sample, source, now, summary)
        if not is_sample and summary.loaded:
            summary.sample_removed = _remove_sample(session)
    if len(records) >= ANALYZE_AFTER:
        _refresh_statistics(database_url)
    return summary


def _store_batch(session: Session, batch: List[ServiceRecord], words, is_sample: bool, source: str, now,
                 summary: ImportSummary) -> None:
    """Store a batch in one savepoint; if the database refuses any record, redo the batch one record at a time so
    only the refused record is skipped. (One savepoint per record would make SQLite commit after every record.)"""
    try:
        with session.begin_nested():
            outcomes = [_upsert(session, record, words, is_sample, source, now) for record in batch]
    except Exception:
        outcomes = []
        for record in batch:
            try:
                with session.begin_nested():
                    outcomes.append(_upsert(session, record, words, is_sample, source, now))
            except Exception as error:  # a database refusal for one record must not lose the others
                reason = str(getattr(error, "orig", None) or error).splitlines()[0][:200]
                summary.skipped.append((record.id, f"could not be stored ({type(error).__name__}: {reason})"))
    summary.created += sum(outcomes)
    summary.updated += len(outcomes) - sum(outcomes)


def _upsert(session: Session, record: ServiceRecord, words, is_sample: bool, source: str, now) -> bool:
    """Write one service and everything hanging from it; True when it is new."""
    organization_id = _upsert_organization(session, record.organization)
    service = session.get(Service, record.id)
    created = service is None
    if created:
        service = Service(id=record.id)
        session.add(service)
    else:
        for model in SERVICE_CHILDREN:
            session.execute(delete(model).where(model.service_id == record.id))
        session.execute(delete(Attribute).where(Attribute.link_id == record.id))
        session.execute(delete(SearchTag).where(SearchTag.service_id == record.id))
    for name in ("name", "alternate_name", "description", "url", "email", "status", "fees_description",
                 "eligibility_description", "minimum_age", "maximum_age", "service_area", "ehc_plan_needed"):
        setattr(service, name, getattr(record, name))
    service.organization_id = organization_id
    service.is_sample, service.source_file, service.imported_at = is_sample, source[:500], now
    for location in record.locations:
        session.merge(Location(id=location.id, name=location.name, address_1=location.address_1, city=location.city,
                               region=location.region, postal_code=location.postal_code,
                               latitude=location.latitude, longitude=location.longitude))
    for term in record.terms:
        session.merge(TaxonomyTerm(id=term.id, code=term.code, name=term.name, description=term.description,
                                   taxonomy=term.taxonomy, parent_id=term.parent_id))
    # Our models have no relationship() links, so the parents must be written before the rows that point at them.
    session.flush()
    session.add_all(ServiceAtLocation(id=location.link_id, service_id=record.id, location_id=location.id)
                    for location in record.locations)
    session.add_all(Contact(service_id=record.id, **contact) for contact in record.contacts)
    session.add_all(Phone(service_id=record.id, **phone) for phone in record.phones)
    session.add_all(Schedule(service_id=record.id, **schedule) for schedule in record.schedules)
    session.add_all(CostOption(service_id=record.id, **cost) for cost in record.cost_options)
    session.add_all(Attribute(id=term.attribute_id, link_id=record.id, link_entity="service",
                              taxonomy_term_id=term.id, value=term.value) for term in record.terms)
    tags = tagging.tags_for(record, words)
    service.countywide = not any(kind == "district" for kind, _value in tags)
    session.add_all(SearchTag(service_id=record.id, kind=kind, value=value, weight=weight)
                    for (kind, value), weight in tags.items())
    session.flush()
    return created


def _refresh_statistics(database_url: Optional[str]) -> None:
    """After a big load the query planner needs fresh statistics, or it plans searches as if the tables were empty
    (and PostgreSQL reads the table where the index alone would do until VACUUM updates its visibility map)."""
    engine = get_engine(database_url)
    statement = "VACUUM ANALYZE {}" if engine.dialect.name == "postgresql" else "ANALYZE {}"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:  # VACUUM needs autocommit
        for table in ("directory_service", "directory_search_tag"):
            connection.execute(text(statement.format(table)))


def _upsert_organization(session: Session, organization: Optional[Dict[str, Any]]) -> Optional[str]:
    if not organization:
        return None
    if set(organization) == {"id"}:
        # Only a reference: link it if we know the organisation, rather than inventing an empty one.
        return organization["id"] if session.get(Organization, organization["id"]) else None
    session.merge(Organization(**organization))
    return organization["id"]


def _remove_sample(session: Session) -> int:
    sample_ids = select(Service.id).where(Service.is_sample.is_(True))
    count = session.execute(select(func.count()).select_from(sample_ids.subquery())).scalar_one()
    if not count:
        return 0
    for model in SERVICE_CHILDREN:
        session.execute(delete(model).where(model.service_id.in_(sample_ids)), execution_options={"synchronize_session": False})
    session.execute(delete(Attribute).where(Attribute.link_id.in_(sample_ids)), execution_options={"synchronize_session": False})
    session.execute(delete(SearchTag).where(SearchTag.service_id.in_(sample_ids)), execution_options={"synchronize_session": False})
    session.execute(delete(Service).where(Service.is_sample.is_(True)), execution_options={"synchronize_session": False})
    # What only the sample used goes with it.
    session.execute(delete(Organization).where(~Organization.id.in_(
        select(Service.organization_id).where(Service.organization_id.is_not(None)))),
        execution_options={"synchronize_session": False})
    session.execute(delete(Location).where(~Location.id.in_(select(ServiceAtLocation.location_id))),
                    execution_options={"synchronize_session": False})
    session.execute(delete(TaxonomyTerm).where(~TaxonomyTerm.id.in_(select(Attribute.taxonomy_term_id))),
                    execution_options={"synchronize_session": False})
    return count


def service_count(database_url: Optional[str] = None) -> Tuple[int, int]:
    """(all services, sample services) in the directory."""
    with session_scope(database_url) as session:
        total = session.execute(select(func.count()).select_from(Service)).scalar_one()
        sample = session.execute(select(func.count()).select_from(Service).where(Service.is_sample.is_(True))).scalar_one()
    return total, sample
