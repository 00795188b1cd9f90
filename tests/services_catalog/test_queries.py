"""Ranking: specialist first, language or community match, a 24/7 route; database or not."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from services_catalog import queries
from services_catalog.load import load_into
from services_catalog.models import from_row, ServiceRow
from services_catalog.queries import Query, find_services, rank, yaml_services
from services_catalog.schema import load_services


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test queries a freshly loaded SQLite database."""
    url = f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    load_into(create_engine(url, future=True), load_services())
    monkeypatch.setenv("DATABASE_URL", url)
    queries._engine.cache_clear()
    queries._candidates_from_db.cache_clear()
    yield
    queries._engine.cache_clear()
    queries._candidates_from_db.cache_clear()


def ids(query: Query) -> list[str]:
    return [s.id for s in find_services(query)]


def test_domestic_abuse_leads_with_the_24_7_helpline() -> None:
    assert ids(Query(need="domestic_abuse"))[0] == "national_da_helpline"


def test_sexual_violence_gives_rape_crisis_and_the_havens() -> None:
    assert {"rape_crisis_247", "the_havens"} <= set(ids(Query(need="sexual_violence")))


def test_urdu_speaker_gets_a_by_and_for_service() -> None:
    assert "southall_black_sisters" in ids(Query(need="domestic_abuse", language="ur"))


def test_vietnamese_speaker_gets_in_language_outreach() -> None:
    assert "refuge_culturally_specific" in ids(Query(need="domestic_abuse", language="vi"))


def test_someone_worried_about_their_own_behaviour_gets_respect() -> None:
    assert ids(Query(need="domestic_abuse", role="perpetrator")) == ["respect_phoneline"]


def test_children_get_childline_and_adults_do_not() -> None:
    assert "childline" in ids(Query(need="sexual_violence", age_band="13_15"))
    assert "childline" not in ids(Query(need="sexual_violence"))


def test_every_need_gets_two_to_four_services_with_a_24_7_route_where_one_exists() -> None:
    for need in ("domestic_abuse", "sexual_violence", "stalking", "image_abuse",
                 "forced_marriage", "honour_abuse", "trafficking", "public_harassment", "unsure"):
        found = find_services(Query(need=need))
        assert 2 <= len(found) <= 4, need
        assert any(s.open_now_route for s in found), need


def test_services_with_only_l_grade_contacts_are_left_out() -> None:
    found = {s.id for need in ("fgm", "forced_marriage") for s in find_services(Query(need=need))}
    assert "nspcc_fgm_helpline" not in found and "ashiana" not in found


def test_database_and_yaml_rank_the_same() -> None:
    query = Query(need="honour_abuse", language="ar")
    from_db = [s.id for s in find_services(query)]
    from_yaml = [s.id for s in rank(list(yaml_services()), query)]
    assert from_db == from_yaml


def test_database_round_trip_keeps_every_field(tmp_path: Path) -> None:
    from sqlalchemy.orm import Session
    engine = create_engine(f"sqlite:///{tmp_path / 'rt.sqlite'}", future=True)
    services = load_services()
    load_into(engine, services)
    with Session(engine, future=True) as session:
        loaded = {row.id: from_row(row) for row in session.query(ServiceRow)}
    assert all(loaded[s.id] == s for s in services)


def test_database_down_falls_back_to_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:////nonexistent-dir/nowhere.sqlite")
    queries._engine.cache_clear()
    queries._candidates_from_db.cache_clear()
    assert ids(Query(need="stalking"))[0] == "national_stalking_helpline"
