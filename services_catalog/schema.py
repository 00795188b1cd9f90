"""The catalog's shape: dataclasses read from catalog.yml, and the rules a catalog must pass.

Validation refuses anything that could put a wrong or unverified number in front of a survivor.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import phonenumbers
import yaml

CATALOG_PATH = Path(__file__).with_name("catalog.yml")

NEEDS = (
    "domestic_abuse", "sexual_violence", "stalking", "image_abuse", "forced_marriage",
    "honour_abuse", "fgm", "trafficking", "public_harassment", "unsure",
)
ROLES = ("survivor", "friend_family", "professional", "perpetrator")
LANGUAGES = ("en", "ur", "bn", "ar", "hi", "pa", "gu", "zh", "vi", "el", "tr")
ROUTES = ("emergency", "crisis", "reporting", "supporter", "human", "money", "legal")
GENDERS = ("women", "men", "lgbt")
AREAS = ("uk", "great_britain", "england", "england_wales", "london")
CONTACT_KINDS = ("phone", "text", "web", "chat", "email")
GRADES = ("H", "M", "L")
HOURS = (
    "always", "always_appointment", "out_of_hours", "weekdays_9am_5pm", "weekdays_10am_4pm",
    "weekdays_3pm_10pm", "weekdays_8am_6pm_weekends_10am_6pm", "daily_8am_6pm", "nspcc_hours",
    "check_website", "unknown",
)
COSTS = ("free", "free_most", "free_support", "unknown")
CONTACT_NOTES = ("global_response_centre", "from_abroad", "text_ncdv", "via_helpline",
                 "staff_line", "family_law", "immigration")
# Short codes and special numbers that phonenumbers does not treat as subscriber numbers.
SHORT_CODES = {"999", "101", "55", "116 123", "85258", "61016", "60777"}

SERVICE_FIELDS = {
    "id", "name", "operator", "for", "needs", "routes", "roles", "ages", "genders", "languages",
    "interpreters", "communities", "area", "boroughs", "always_open", "silent_code", "contacts",
    "sources", "confidence", "last_verified",
}
CONTACT_FIELDS = {"kind", "value", "hours", "cost", "grade", "note", "showable"}


@dataclass(frozen=True)
class Contact:
    """One way to reach a service. Only H and M grades may be shown as numbers to use."""

    kind: str
    value: str
    hours: str = "unknown"
    cost: str = "unknown"
    grade: str = "L"
    note: str | None = None

    @property
    def showable(self) -> bool:
        return self.grade in ("H", "M")


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    operator: str
    purpose: str
    needs: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    roles: tuple[str, ...] = ("survivor",)
    min_age: int | None = None
    max_age: int | None = None
    genders: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    interpreters: bool = False
    communities: tuple[str, ...] = ()
    area: str = "uk"
    boroughs: tuple[str, ...] = ()
    always_open: bool = False
    silent_code: str | None = None
    contacts: tuple[Contact, ...] = ()
    sources: tuple[str, ...] = ()
    confidence: str = ""
    last_verified: dt.date | None = None

    @property
    def showable_contacts(self) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.showable)

    @property
    def open_now_route(self) -> bool:
        """True when the service can be reached at any hour through a contact we may show."""
        return self.always_open and bool(self.showable_contacts)

    def contact(self, kind: str) -> Contact | None:
        return next((c for c in self.showable_contacts if c.kind == kind), None)


@dataclass
class CatalogReport:
    services: list[Service] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _contact_errors(sid: str, raw: dict[str, Any]) -> list[str]:
    errors = [f"{sid}: unknown contact field {k!r}" for k in raw if k not in CONTACT_FIELDS]
    checks = (("kind", CONTACT_KINDS), ("hours", HOURS), ("cost", COSTS), ("grade", GRADES))
    for key, allowed in checks:
        if raw.get(key) not in allowed:
            errors.append(f"{sid}: contact {key} {raw.get(key)!r} is not one of {allowed}")
    if raw.get("note") is not None and raw["note"] not in CONTACT_NOTES:
        errors.append(f"{sid}: unknown contact note {raw['note']!r}")
    if "showable" in raw and raw["showable"] and raw.get("grade") == "L":
        errors.append(f"{sid}: an L-grade {raw.get('kind')} is marked as showable")
    value = str(raw.get("value", ""))
    if raw.get("kind") in ("phone", "text") and value not in SHORT_CODES:
        try:
            number = phonenumbers.parse(value, "GB")
            valid = phonenumbers.is_valid_number(number) and number.country_code == 44
        except phonenumbers.NumberParseException:
            valid = False
        if not valid:
            errors.append(f"{sid}: {value!r} is not a valid UK number")
    return errors


def _service_errors(raw: dict[str, Any]) -> list[str]:
    sid = raw.get("id", "<no id>")
    errors = [f"{sid}: unknown field {k!r}" for k in raw if k not in SERVICE_FIELDS]
    for key in ("id", "name", "sources", "confidence", "last_verified"):
        if not raw.get(key):
            errors.append(f"{sid}: missing {key}")
    vocab = (("needs", NEEDS), ("routes", ROUTES), ("roles", ROLES), ("genders", GENDERS),
             ("languages", LANGUAGES))
    for key, allowed in vocab:
        errors += [f"{sid}: unknown {key} value {v!r}" for v in raw.get(key, []) if v not in allowed]
    if raw.get("area", "uk") not in AREAS:
        errors.append(f"{sid}: unknown area {raw.get('area')!r}")
    if not raw.get("needs") and not raw.get("routes"):
        errors.append(f"{sid}: neither needs nor routes: nothing would ever show it")
    for contact in raw.get("contacts", []):
        errors += _contact_errors(sid, contact)
    return errors


def _build_service(raw: dict[str, Any]) -> Service:
    ages = raw.get("ages", {})
    return Service(
        id=raw["id"], name=raw["name"], operator=raw.get("operator", ""), purpose=raw.get("for", ""),
        needs=tuple(raw.get("needs", [])), routes=tuple(raw.get("routes", [])),
        roles=tuple(raw.get("roles", ["survivor"])),
        min_age=ages.get("min"), max_age=ages.get("max"),
        genders=tuple(raw.get("genders", [])), languages=tuple(raw.get("languages", [])),
        interpreters=bool(raw.get("interpreters", False)),
        communities=tuple(raw.get("communities", [])), area=raw.get("area", "uk"),
        boroughs=tuple(raw.get("boroughs", [])), always_open=bool(raw.get("always_open", False)),
        silent_code=raw.get("silent_code"),
        contacts=tuple(Contact(**{k: v for k, v in c.items() if k != "showable"})
                       for c in raw.get("contacts", [])),
        sources=tuple(raw.get("sources", [])), confidence=str(raw.get("confidence", "")),
        last_verified=raw.get("last_verified"),
    )


def _catalog_errors(services: list[Service]) -> list[str]:
    """Whole-catalog rules: every need has choice, and a way to reach someone at any hour."""
    errors = []
    ids = [s.id for s in services]
    errors += [f"duplicate id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for need in NEEDS:
        serving = [s for s in services if need in s.needs]
        if len(serving) < 2:
            errors.append(f"need {need!r} has {len(serving)} service(s); at least 2 are required")
        if not any(s.open_now_route for s in serving):
            errors.append(f"need {need!r} has no 24/7 route that may be shown")
    for route in ("emergency", "crisis", "reporting"):
        if not any(route in s.routes for s in services):
            errors.append(f"no service for route {route!r}")
    return errors


def read_catalog(path: Path = CATALOG_PATH) -> CatalogReport:
    """Parse and validate catalog.yml; services are only built from entries without errors."""
    try:
        raw_entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        return CatalogReport(errors=[f"cannot read {path}: {exc}"])
    if not isinstance(raw_entries, list):
        return CatalogReport(errors=[f"{path}: expected a list of services"])
    report = CatalogReport()
    for raw in raw_entries:
        if not isinstance(raw, dict):
            report.errors.append(f"{path}: an entry is not a mapping")
            continue
        entry_errors = _service_errors(raw)
        report.errors += entry_errors
        if not entry_errors:
            report.services.append(_build_service(raw))
    report.errors += _catalog_errors(report.services)
    return report


def load_services(path: Path = CATALOG_PATH) -> list[Service]:
    """The validated catalog; raises when it has any error, so nothing half-checked is served."""
    report = read_catalog(path)
    if report.errors:
        raise ValueError("invalid services catalog:\n" + "\n".join(report.errors))
    return report.services
