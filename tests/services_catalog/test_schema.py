"""The catalog validator refuses anything that could show a wrong or unverified number."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from services_catalog.schema import CATALOG_PATH, NEEDS, load_services, read_catalog

FACTS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "services-facts.md"


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def write_catalog(tmp_path: Path, entries: list[dict]) -> Path:
    path = tmp_path / "catalog.yml"
    path.write_text(yaml.safe_dump(entries), encoding="utf-8")
    return path


def catalog_with(tmp_path: Path, change) -> list[str]:  # noqa: ANN001
    entries = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))
    change(entries)
    return read_catalog(write_catalog(tmp_path, entries)).errors


def entry(entries: list[dict], service_id: str) -> dict:
    return next(e for e in entries if e["id"] == service_id)


def test_the_real_catalog_is_valid() -> None:
    report = read_catalog()
    assert report.errors == []
    assert len(report.services) >= 40


def test_every_number_and_site_comes_from_the_reference_facts() -> None:
    facts = FACTS.read_text(encoding="utf-8")
    fact_digits = {digits(m) for m in re.findall(r"\+?\d[\d ]{1,16}\d", facts)}
    for service in load_services():
        for contact in service.contacts:
            if contact.kind in ("phone", "text"):
                number = digits(contact.value)
                number = "0" + number[2:] if number.startswith("44") else number
                assert number in fact_digits, (service.id, contact.value)
            else:
                assert contact.value.rstrip("/") in facts, (service.id, contact.value)


def test_every_entry_keeps_sources_grade_and_date() -> None:
    for service in load_services():
        assert service.sources and service.confidence and service.last_verified


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    errors = catalog_with(tmp_path, lambda e: entry(e, "samaritans").update(colour="red"))
    assert any("unknown field 'colour'" in err for err in errors)


def test_number_phonenumbers_cannot_parse_is_refused(tmp_path: Path) -> None:
    errors = catalog_with(tmp_path, lambda e: entry(e, "crimestoppers")["contacts"][0].update(
        value="0800 555"))
    assert any("not a valid UK number" in err for err in errors)


def test_l_grade_number_marked_showable_is_refused(tmp_path: Path) -> None:
    errors = catalog_with(tmp_path, lambda e: entry(e, "ashiana")["contacts"][0].update(
        showable=True))
    assert any("L-grade phone is marked as showable" in err for err in errors)


def test_need_with_fewer_than_two_services_is_refused(tmp_path: Path) -> None:
    def only_one_for_fgm(entries: list[dict]) -> None:
        for e in entries:
            if e["id"] != "forward" and "fgm" in e.get("needs", []):
                e["needs"].remove("fgm")
    errors = catalog_with(tmp_path, only_one_for_fgm)
    assert any("need 'fgm' has 1 service" in err for err in errors)


def test_need_without_a_24_7_route_is_refused(tmp_path: Path) -> None:
    def close_at_night(entries: list[dict]) -> None:
        for e in entries:
            if "stalking" in e.get("needs", []):
                e["always_open"] = False
    errors = catalog_with(tmp_path, close_at_night)
    assert any("need 'stalking' has no 24/7 route" in err for err in errors)


def test_every_need_has_services() -> None:
    services = load_services()
    for need in NEEDS:
        assert len([s for s in services if need in s.needs]) >= 2


def test_validate_command_exit_codes(tmp_path: Path) -> None:
    from services_catalog.validate import main
    assert main([]) == 0
    broken = write_catalog(tmp_path, [{"id": "x", "name": "X"}])
    assert main([str(broken)]) == 1
