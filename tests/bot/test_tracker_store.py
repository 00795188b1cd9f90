"""EphemeralTrackerStore: conversations expire, are bounded, and are wiped when they end."""
from __future__ import annotations

import asyncio
import logging
from typing import List

import pytest
from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.tracker_store import IDLE_TIMEOUT_ENV, EphemeralTrackerStore

SECRET_TEXT = "he checks my phone"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def no_env_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(IDLE_TIMEOUT_ENV, raising=False)


def make_tracker(sender_id: str, events: List[Event]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender_id, events)


def conversation(text: str = SECRET_TEXT) -> List[Event]:
    return [
        ActionExecuted("action_listen"),
        UserUttered(text, intent={"name": "inform", "confidence": 1.0}),
        ActionExecuted("utter_ack"),
        BotUttered("I believe you."),
        ActionExecuted("action_listen"),
    ]


def run(coro):  # noqa: ANN001, ANN201
    return asyncio.run(coro)


def test_save_and_retrieve_round_trip() -> None:
    store = EphemeralTrackerStore(Domain.empty())
    run(store.save(make_tracker("a", conversation())))
    tracker = run(store.retrieve("a"))
    assert tracker is not None
    assert tracker.latest_message.text == SECRET_TEXT
    assert [type(e) for e in tracker.events] == [type(e) for e in conversation()]


def test_unknown_id_returns_none() -> None:
    store = EphemeralTrackerStore(Domain.empty())
    assert run(store.retrieve("nobody")) is None
    assert run(store.retrieve_full_tracker("nobody")) is None
    assert run(store.exists("nobody")) is False


def test_idle_timeout_expires_conversation() -> None:
    clock = FakeClock()
    store = EphemeralTrackerStore(Domain.empty(), idle_timeout_seconds=60, clock=clock)
    run(store.save(make_tracker("a", conversation())))
    clock.now += 59
    assert run(store.retrieve("a")) is not None
    clock.now += 1
    assert run(store.retrieve("a")) is None
    assert list(run(store.keys())) == []


def test_activity_extends_life_and_sweep_drops_only_idle_ones() -> None:
    clock = FakeClock()
    store = EphemeralTrackerStore(Domain.empty(), idle_timeout_seconds=60, clock=clock)
    run(store.save(make_tracker("old", conversation())))
    clock.now += 30
    run(store.save(make_tracker("new", conversation())))
    clock.now += 40  # "old" idle 70s, "new" idle 40s
    assert list(run(store.keys())) == ["new"]
    run(store.save(make_tracker("new", conversation())))
    clock.now += 40
    assert run(store.retrieve("new")) is not None


def test_env_overrides_configured_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(IDLE_TIMEOUT_ENV, "5")
    assert EphemeralTrackerStore(idle_timeout_seconds=1800).idle_timeout_seconds == 5.0
    monkeypatch.setenv(IDLE_TIMEOUT_ENV, "soon")
    with pytest.raises(ValueError):
        EphemeralTrackerStore()


def test_lru_bound_evicts_least_recently_active() -> None:
    clock = FakeClock()
    store = EphemeralTrackerStore(Domain.empty(), max_conversations=2, clock=clock)
    for sender in ("a", "b"):
        run(store.save(make_tracker(sender, conversation())))
        clock.now += 1
    run(store.save(make_tracker("a", conversation())))  # "a" is now the most recent
    clock.now += 1
    run(store.save(make_tracker("c", conversation())))
    assert sorted(run(store.keys())) == ["a", "c"]
    assert run(store.retrieve("b")) is None


def test_restarted_since_last_user_message_wipes_conversation() -> None:
    store = EphemeralTrackerStore(Domain.empty())
    run(store.save(make_tracker("a", conversation())))
    exit_turn = conversation() + [
        UserUttered("exit", intent={"name": "exit", "confidence": 1.0}),
        ActionExecuted("utter_exit"),
        BotUttered("Conversation deleted. Delete this thread too."),
        ActionExecuted("action_restart"),
        Restarted(),
        ActionExecuted("action_listen"),
    ]
    run(store.save(make_tracker("a", exit_turn)))
    assert run(store.retrieve("a")) is None
    assert run(store.retrieve_full_tracker("a")) is None
    assert list(run(store.keys())) == []


def test_restart_in_an_earlier_turn_does_not_wipe() -> None:
    store = EphemeralTrackerStore(Domain.empty())
    events = [ActionExecuted("action_restart"), Restarted()] + conversation("hello again")
    run(store.save(make_tracker("a", events)))
    tracker = run(store.retrieve("a"))
    assert tracker is not None and tracker.latest_message.text == "hello again"


def test_delete() -> None:
    store = EphemeralTrackerStore(Domain.empty())
    run(store.save(make_tracker("a", conversation())))
    run(store.save(make_tracker("b", conversation())))
    run(store.delete("a"))
    run(store.delete("unknown"))
    assert list(run(store.keys())) == ["b"]


def test_retrieve_returns_latest_session_full_tracker_all() -> None:
    store = EphemeralTrackerStore(Domain.empty())
    events = (
        [ActionExecuted("action_session_start"), SessionStarted()]
        + conversation("first")
        + [ActionExecuted("action_session_start"), SessionStarted()]
        + conversation("second")
    )
    run(store.save(make_tracker("a", events)))
    latest = run(store.retrieve("a"))
    full = run(store.retrieve_full_tracker("a"))
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["second"]
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == ["first", "second"]


def test_get_or_create_tracker_after_wipe_starts_fresh() -> None:
    store = EphemeralTrackerStore(Domain.empty())
    run(store.save(make_tracker("a", conversation() + [Restarted()])))
    tracker = run(store.get_or_create_tracker("a"))
    assert not any(isinstance(e, UserUttered) for e in tracker.events)
    assert list(run(store.keys())) == ["a"]


def test_created_from_endpoint_config_like_rasa_does() -> None:
    config = EndpointConfig.from_dict(
        {
            "type": "bot.tracker_store.EphemeralTrackerStore",
            "idle_timeout_seconds": 900,
            "max_conversations": 50,
        }
    )
    store = create_tracker_store(config, Domain.empty())
    assert isinstance(store, EphemeralTrackerStore)
    assert store.idle_timeout_seconds == 900
    assert store.max_conversations == 50


def test_logs_carry_no_text_or_ids(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    clock = FakeClock()
    store = EphemeralTrackerStore(
        Domain.empty(), idle_timeout_seconds=10, max_conversations=1, clock=clock
    )
    run(store.save(make_tracker("sender-one", conversation())))
    run(store.save(make_tracker("sender-two", conversation())))
    run(store.save(make_tracker("sender-two", conversation() + [Restarted()])))
    run(store.save(make_tracker("sender-three", conversation())))
    clock.now += 11
    run(store.keys())
    assert caplog.records
    assert "sender-" not in caplog.text
    assert SECRET_TEXT not in caplog.text
