"""The Local Offer service directory: a subset of Open Referral UK / HSDS 3, plus our search tags.

Table and column names follow HSDS 3 so a council can compare them with its own feed. Ids are the feed's own
string ids, which is what makes a re-import an update instead of a duplicate. `directory_search_tag` is ours: the
need, category and district each service answers, worked out at import so a search is one indexed query.
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, String, Text

from bot.db import Base

ID = String(250)


class Organization(Base):
    __tablename__ = "directory_organization"

    id = Column(ID, primary_key=True)
    name = Column(String(500), nullable=False)
    description = Column(Text)
    email = Column(String(320))
    url = Column(String(1000))


class Service(Base):
    __tablename__ = "directory_service"

    id = Column(ID, primary_key=True)
    organization_id = Column(ID, ForeignKey("directory_organization.id", ondelete="SET NULL"), index=True)
    name = Column(String(500), nullable=False)
    alternate_name = Column(String(500))
    description = Column(Text)
    url = Column(String(1000))
    email = Column(String(320))
    status = Column(String(50), nullable=False, default="active")
    fees_description = Column(Text)
    eligibility_description = Column(Text)
    minimum_age = Column(Integer)
    maximum_age = Column(Integer)
    # A free-text area such as "Charnwood" or "Leicestershire" (HSDS 3 service_area.name), kept for display.
    service_area = Column(String(500))
    ehc_plan_needed = Column(Boolean, nullable=False, default=False)
    # Ours: true when no district tag limits the service, so a search by district keeps it without a subquery.
    countywide = Column(Boolean, nullable=False, default=True)
    # Not HSDS: lets `doctor` warn while only the shipped sample is loaded, and a council import replace it.
    is_sample = Column(Boolean, nullable=False, default=False, index=True)
    source_file = Column(String(500))
    imported_at = Column(DateTime(timezone=True))

    __table_args__ = (Index("ix_directory_service_ages", "minimum_age", "maximum_age"),)


class Location(Base):
    __tablename__ = "directory_location"

    id = Column(ID, primary_key=True)
    name = Column(String(500))
    address_1 = Column(String(500))
    city = Column(String(200))
    region = Column(String(200))  # district or county, as the feed gives it
    postal_code = Column(String(20))
    latitude = Column(Float)
    longitude = Column(Float)


class ServiceAtLocation(Base):
    __tablename__ = "directory_service_at_location"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("directory_service.id", ondelete="CASCADE"), nullable=False, index=True)
    location_id = Column(ID, ForeignKey("directory_location.id", ondelete="CASCADE"), nullable=False, index=True)


class Contact(Base):
    __tablename__ = "directory_contact"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("directory_service.id", ondelete="CASCADE"), nullable=False, index=True)
    name = Column(String(500))
    title = Column(String(500))
    email = Column(String(320))


class Phone(Base):
    __tablename__ = "directory_phone"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("directory_service.id", ondelete="CASCADE"), nullable=False, index=True)
    contact_id = Column(ID)
    number = Column(String(50), nullable=False)
    type = Column(String(50))  # voice, text, ...
    description = Column(String(500))


class Schedule(Base):
    __tablename__ = "directory_schedule"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("directory_service.id", ondelete="CASCADE"), nullable=False, index=True)
    byday = Column(String(100))
    opens_at = Column(String(20))
    closes_at = Column(String(20))
    description = Column(Text)


class CostOption(Base):
    __tablename__ = "directory_cost_option"

    id = Column(ID, primary_key=True)
    service_id = Column(ID, ForeignKey("directory_service.id", ondelete="CASCADE"), nullable=False, index=True)
    option = Column(String(500))
    amount = Column(Float)
    currency = Column(String(3))
    amount_description = Column(Text)


class TaxonomyTerm(Base):
    __tablename__ = "directory_taxonomy_term"

    id = Column(ID, primary_key=True)
    code = Column(String(250))
    name = Column(String(500), nullable=False)
    description = Column(Text)
    taxonomy = Column(String(250))  # the vocabulary, e.g. "sendvoice:need" or "esdServiceTypes"
    parent_id = Column(ID)


class Attribute(Base):
    """HSDS 3 attribute: tags a service with a taxonomy term (need, age band, district, "EHC plan needed")."""

    __tablename__ = "directory_attribute"

    id = Column(ID, primary_key=True)
    link_id = Column(ID, ForeignKey("directory_service.id", ondelete="CASCADE"), nullable=False, index=True)
    link_type = Column(String(100))
    link_entity = Column(String(50), nullable=False, default="service")
    taxonomy_term_id = Column(ID, ForeignKey("directory_taxonomy_term.id", ondelete="CASCADE"), nullable=False,
                              index=True)
    value = Column(String(500))


class SearchTag(Base):
    """What a service is for, in the assistant's words (need / category / district), with how sure we are."""

    __tablename__ = "directory_search_tag"

    service_id = Column(ID, ForeignKey("directory_service.id", ondelete="CASCADE"), primary_key=True)
    kind = Column(String(20), primary_key=True)
    value = Column(String(100), primary_key=True)
    weight = Column(Integer, nullable=False)

    # Covers the whole scoring query, so a search reads the index and never the table.
    __table_args__ = (Index("ix_directory_search_tag_lookup", "kind", "value", "service_id", "weight"),)
