"""Which services to show, best first: the specialist, one in the person's language or community,
and a route open at any hour (PRODUCT.md, "Signpost precisely").

Candidates come from the database (cached per process: restart after reloading the catalog); if
it cannot be reached the same ranking runs over catalog.yml, so a database outage never leaves
a survivor without services.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from services_catalog.models import ServiceRow, TagRow, engine_from_env, from_row
from services_catalog.schema import Service, load_services

logger = logging.getLogger(__name__)

# Communities served by "by and for" services, by the language a person writes in.
LANGUAGE_COMMUNITIES = {
    "ur": {"south_asian", "muslim"}, "hi": {"south_asian"}, "pa": {"south_asian"},
    "bn": {"south_asian", "muslim"}, "gu": {"south_asian"}, "ar": {"middle_eastern", "muslim"},
    "tr": {"turkish", "middle_eastern"}, "zh": {"chinese"}, "vi": {"vietnamese"},
}
AGE_BANDS = {"under_13": (0, 12), "13_15": (13, 15), "16_17": (16, 17), "adult": (18, 59),
             "older": (60, 120)}
TOPIC_ROUTES = {"money", "legal"}  # services for one part of a need, shown when asked for


@dataclass(frozen=True)
class Query:
    need: str | None = None
    route: str | None = None
    role: str = "survivor"
    language: str = "en"
    age_band: str = "adult"
    gender: str = "women"
    borough: str | None = None
    urgent: bool = False
    limit: int = 3


@lru_cache(maxsize=1)
def yaml_services() -> tuple[Service, ...]:
    return tuple(load_services())


@lru_cache(maxsize=1)
def _engine():  # noqa: ANN202 - one engine per process
    return engine_from_env()


@lru_cache(maxsize=64)
def _candidates_from_db(kind: str, value: str) -> tuple[Service, ...]:
    """Cached per process: the catalog changes only when it is reloaded on deploy."""
    stmt = (select(ServiceRow).join(TagRow)
            .where(TagRow.kind == kind, TagRow.value == value).order_by(ServiceRow.id))
    with Session(_engine(), future=True) as session:
        return tuple(from_row(row) for row in session.scalars(stmt).unique())


def _candidates_from_yaml(query: Query) -> list[Service]:
    if query.need:
        return [s for s in yaml_services() if query.need in s.needs]
    return [s for s in yaml_services() if query.route in s.routes]


def candidates(query: Query) -> list[Service]:
    kind, value = ("needs", query.need) if query.need else ("routes", query.route)
    try:
        return list(_candidates_from_db(kind, value))
    except SQLAlchemyError as exc:
        logger.warning("catalog database unavailable (%s); using catalog.yml", type(exc).__name__)
        return _candidates_from_yaml(query)


def is_eligible(service: Service, query: Query) -> bool:
    """Hard filters: who the service is for. A wrong audience is worse than a shorter list."""
    low, high = AGE_BANDS.get(query.age_band, AGE_BANDS["adult"])
    if service.min_age is not None and service.min_age > low:
        return False
    if service.max_age is not None and service.max_age < high:
        return False
    if query.role not in service.roles:
        return False
    if service.genders and query.gender not in service.genders:
        return False
    if service.boroughs and query.borough not in service.boroughs:
        return False
    if service.communities and not LANGUAGE_COMMUNITIES.get(query.language, set()) & set(
            service.communities):
        return False  # a "by and for" service is offered to the community it serves
    if query.need and TOPIC_ROUTES & set(service.routes):
        return False
    return bool(service.showable_contacts)


def score(service: Service, query: Query) -> float:
    """Higher is better. Specialism leads; language and community match come next."""
    value = 0.0
    if query.need in service.needs:
        value += 10 - 3 * service.needs.index(query.need)
    communities = LANGUAGE_COMMUNITIES.get(query.language, set())
    if query.language != "en" and query.language in service.languages:
        value += 4
    elif query.language != "en" and service.interpreters:
        value += 2
    if service.communities and communities & set(service.communities):
        value += 3
    if service.open_now_route:
        value += 4 if query.urgent else 2
    if any(c.kind in ("phone", "text", "chat") for c in service.showable_contacts):
        value += 1
    if service.boroughs:
        value += 3
    return value


def rank(services: list[Service], query: Query) -> list[Service]:
    """Best first, then make sure a route open at any hour is in the first `limit`."""
    eligible = [s for s in services if is_eligible(s, query)]
    ordered = sorted(eligible, key=lambda s: (-score(s, query), s.id))
    chosen = ordered[: query.limit]
    if chosen and not any(s.open_now_route for s in chosen):
        always = next((s for s in ordered if s.open_now_route), None)
        if always:
            chosen = chosen[: query.limit - 1] + [always]
    return chosen


def find_services(query: Query) -> list[Service]:
    return rank(candidates(query), query)


def service_by_id(service_id: str) -> Service:
    """A single service from the validated YAML (used for fixed routes such as 999)."""
    return next(s for s in yaml_services() if s.id == service_id)
