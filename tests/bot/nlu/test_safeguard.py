"""The phrase rules override the classifier, whatever its confidence."""
from __future__ import annotations

from bot.language import Detection
from bot.nlu.safeguard import SafeguardOverride, overriding_intent, triage_verdict

CONFIG = SafeguardOverride.get_default_config()
EN = Detection("en", True)


def verdict(text: str, ranking: list[dict], signals: dict | None = None) -> dict:
    return triage_verdict(text, ranking, signals or {}, EN, CONFIG)


def test_danger_phrase_overrides_a_confident_greeting() -> None:
    found = verdict("hi hes outside with a knife", [{"name": "greet", "confidence": 0.99}])
    assert found["danger"] and overriding_intent(found, "hi") == "danger"


def test_crisis_phrase_overrides_and_need_is_kept() -> None:
    ranking = [{"name": "domestic_abuse", "confidence": 0.7}, {"name": "greet", "confidence": 0.2}]
    found = verdict("he hits me and i want to die", ranking)
    assert found["crisis"] and found["need"] == "domestic_abuse"
    assert overriding_intent(found, "he hits me and i want to die") == "crisis"


def test_exit_wins_over_everything() -> None:
    found = verdict("exit", [{"name": "domestic_abuse", "confidence": 0.9}], {"danger": 1.0})
    assert overriding_intent(found, "exit") == "exit"


def test_classifier_signals_can_add_but_not_remove_alarms() -> None:
    assert verdict("hello", [], {"danger": 0.95})["danger"]
    assert verdict("hes outside with a knife", [], {"danger": 0.0})["danger"]


def test_a_bare_number_is_a_choice() -> None:
    found = verdict("2", [{"name": "affirm", "confidence": 0.5}])
    assert overriding_intent(found, "2") == "choose"


def test_also_lists_other_likely_needs_and_role_needs_confidence() -> None:
    ranking = [{"name": "forced_marriage", "confidence": 0.55},
               {"name": "honour_abuse", "confidence": 0.35}, {"name": "fgm", "confidence": 0.05}]
    found = verdict("they will marry me off", ranking,
                    {"role": {"survivor": 0.3, "friend_family": 0.7}})
    assert found["need"] == "forced_marriage" and found["also"] == ["honour_abuse"]
    assert found["role"] == "friend_family"
