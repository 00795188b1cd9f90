"""The configured safeguards really load: Rasa silently falls back to stock classes otherwise."""
from __future__ import annotations

import asyncio
from pathlib import Path

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import read_endpoint_config

ROOT = Path(__file__).resolve().parents[2]


def test_endpoints_use_the_ephemeral_tracker_store() -> None:
    from bot.tracker_store import EphemeralTrackerStore
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    store = TrackerStore.create(config, Domain.load(str(ROOT / "domain.yml")))
    assert isinstance(store, EphemeralTrackerStore)
    assert asyncio.run(store.keys()) == []


def test_endpoints_use_the_locale_nlg_and_no_event_broker() -> None:
    from rasa.core.nlg.generator import NaturalLanguageGenerator
    from bot.nlg import LocaleNaturalLanguageGenerator
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "nlg")
    nlg = NaturalLanguageGenerator.create(config, Domain.load(str(ROOT / "domain.yml")))
    assert isinstance(nlg, LocaleNaturalLanguageGenerator)
    assert read_endpoint_config(str(ROOT / "endpoints.yml"), "event_broker") is None


def test_credentials_enable_only_our_channels() -> None:
    import yaml
    channels = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert set(channels) == {"bot.channels.rest.SafeRestInput",
                             "bot.channels.twilio_sms.SignedTwilioInput"}
