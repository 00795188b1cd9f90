"""SQLAlchemy tables for the catalog, so operators can serve it from any database they run."""
from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Text, create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import declarative_base, relationship

from services_catalog.schema import Contact, Service

DEFAULT_DATABASE_URL = f"sqlite:///{Path(__file__).with_name('catalog.sqlite')}"

Base = declarative_base()


class ServiceRow(Base):
    __tablename__ = "services"

    id = Column(String(64), primary_key=True)
    name = Column(String(200), nullable=False)
    operator = Column(String(200), nullable=False, default="")
    purpose = Column(Text, nullable=False, default="")
    min_age = Column(Integer)
    max_age = Column(Integer)
    interpreters = Column(Boolean, nullable=False, default=False)
    area = Column(String(32), nullable=False)
    always_open = Column(Boolean, nullable=False, default=False)
    silent_code = Column(String(8))
    sources = Column(Text, nullable=False)  # JSON list: kept verbatim for audit
    confidence = Column(String(200), nullable=False)
    last_verified = Column(Date)
    tags = relationship("TagRow", cascade="all, delete-orphan", lazy="selectin")
    contacts = relationship("ContactRow", cascade="all, delete-orphan", lazy="selectin",
                            order_by="ContactRow.position")


class TagRow(Base):
    """One (kind, value) fact used for filtering: need, route, role, language, community..."""

    __tablename__ = "service_tags"

    service_id = Column(String(64), ForeignKey("services.id"), primary_key=True)
    kind = Column(String(16), primary_key=True)
    value = Column(String(64), primary_key=True)
    position = Column(Integer, nullable=False, default=0)


class ContactRow(Base):
    __tablename__ = "contact_routes"

    service_id = Column(String(64), ForeignKey("services.id"), primary_key=True)
    position = Column(Integer, primary_key=True)
    kind = Column(String(8), nullable=False)
    value = Column(String(200), nullable=False)
    hours = Column(String(64), nullable=False)
    cost = Column(String(32), nullable=False)
    grade = Column(String(1), nullable=False)
    note = Column(String(64))


TAG_KINDS = ("needs", "routes", "roles", "genders", "languages", "communities", "boroughs")


def engine_from_env() -> Engine:
    return create_engine(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), future=True)


def to_row(service: Service) -> ServiceRow:
    tags = [TagRow(kind=kind, value=value, position=i)
            for kind in TAG_KINDS for i, value in enumerate(getattr(service, kind))]
    contacts = [ContactRow(position=i, kind=c.kind, value=c.value, hours=c.hours, cost=c.cost,
                           grade=c.grade, note=c.note) for i, c in enumerate(service.contacts)]
    return ServiceRow(
        id=service.id, name=service.name, operator=service.operator, purpose=service.purpose,
        min_age=service.min_age, max_age=service.max_age, interpreters=service.interpreters,
        area=service.area, always_open=service.always_open, silent_code=service.silent_code,
        sources=json.dumps(list(service.sources)), confidence=service.confidence,
        last_verified=service.last_verified, tags=tags, contacts=contacts,
    )


def from_row(row: ServiceRow) -> Service:
    def tagged(kind: str) -> tuple[str, ...]:
        return tuple(t.value for t in sorted(row.tags, key=lambda t: t.position) if t.kind == kind)

    return Service(
        id=row.id, name=row.name, operator=row.operator, purpose=row.purpose,
        **{kind: tagged(kind) for kind in TAG_KINDS},
        min_age=row.min_age, max_age=row.max_age, interpreters=row.interpreters, area=row.area,
        always_open=row.always_open, silent_code=row.silent_code,
        contacts=tuple(Contact(kind=c.kind, value=c.value, hours=c.hours, cost=c.cost,
                               grade=c.grade, note=c.note) for c in row.contacts),
        sources=tuple(json.loads(row.sources)), confidence=row.confidence,
        last_verified=row.last_verified,
    )
