"""Custom actions with rasa-sdk's Tracker and CollectingDispatcher (no servers)."""
from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.greeting import ActionGreet
from actions.navigation import ActionContinue, option_for
from actions.signposting import ActionClarify, ActionSignpost


def tracker(intent: str = "greet", slots: dict[str, Any] | None = None, text: str = "",
            triage: dict[str, Any] | None = None, entities: list[dict] | None = None,
            history: list[dict] | None = None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0},
              "intent_ranking": [{"name": intent, "confidence": 1.0}],
              "entities": entities or [], "triage": triage or {}}
    events = (history or []) + [{"event": "user", "text": text, "parse_data": latest}]
    return Tracker("t1", slots or {}, latest, events, False, None, {}, "action_listen")


def run(action: Any, state: Tracker) -> tuple[list[str], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, state, {}))
    return [m["text"] for m in dispatcher.messages], events


def test_greeting_asks_if_safe_and_remembers_the_options() -> None:
    texts, events = run(ActionGreet(), tracker("greet", text="hi"))
    assert "EXIT" in texts[0] and "1 Yes" in texts[0]
    assert SlotSet("menu", ["safe_yes", "safe_no"]) in events


def test_greeting_does_not_name_abuse() -> None:
    texts, _ = run(ActionGreet(), tracker("greet", text="hi"))
    assert "abuse" not in texts[0].lower()


def test_one_after_the_greeting_means_safe_to_talk() -> None:
    state = tracker("choose", {"menu": ["safe_yes", "safe_no"]}, "1",
                    entities=[{"entity": "choice", "value": "1"}])
    texts, _ = run(ActionContinue(), state)
    assert "What's happening?" in texts[0]


def test_no_after_the_greeting_means_not_safe() -> None:
    texts, _ = run(ActionContinue(), tracker("deny", {"menu": ["safe_yes", "safe_no"]}, "no"))
    assert "EXIT" in texts[0] and "999" in texts[0]


def test_signpost_uses_the_verdict_and_sets_need_and_role() -> None:
    verdict = {"need": "stalking", "role": "survivor", "language": "en",
               "language_confident": True}
    texts, events = run(ActionSignpost(), tracker("stalking", text="he follows me",
                                                  triage=verdict))
    assert "0808 802 0300" in texts[0]
    assert SlotSet("need", "stalking") in events and SlotSet("role", "survivor") in events


def test_signpost_answers_in_the_conversation_language() -> None:
    earlier = {"event": "user", "parse_data": {"triage": {"language": "ur",
                                                          "language_confident": True}}}
    verdict = {"need": "domestic_abuse", "role": "survivor", "language": "en",
               "language_confident": False}
    english, _ = run(ActionSignpost(), tracker("domestic_abuse", triage=verdict))
    urdu, _ = run(ActionSignpost(), tracker("domestic_abuse", triage=verdict, history=[earlier]))
    assert english[0] != urdu[0] and "0808 2000 247" in urdu[0]


def test_exit_from_the_help_menu_restarts() -> None:
    state = tracker("choose", {"menu": ["find_support", "reporting", "human", "language", "exit"]},
                    "5", entities=[{"entity": "choice", "value": "5"}])
    texts, events = run(ActionContinue(), state)
    assert "deleted" in texts[0] and Restarted() in events


def test_choosing_a_language_sets_it() -> None:
    menu = [f"lang:{c}" for c in ("en", "ur", "bn")]
    state = tracker("choose", {"menu": menu}, "2", entities=[{"entity": "choice", "value": "2"}])
    _, events = run(ActionContinue(), state)
    assert SlotSet("language", "ur") in events


def test_yes_and_numbers_map_to_the_offered_options() -> None:
    menu = ["safety", "reporting", "human"]
    assert option_for("affirm", None, menu) == "safety"
    assert option_for("choose", "3", menu) == "human"
    assert option_for("choose", "9", menu) is None
    assert option_for("deny", None, menu) is None


def test_clarify_offers_the_helpline() -> None:
    texts, events = run(ActionClarify(), tracker("nlu_fallback", text="idk"))
    assert "0808 2000 247" in texts[0]
    assert SlotSet("menu", ["clarify_yes", "clarify_unsure", "clarify_else"]) in events


def test_romanised_writer_is_answered_in_english_and_offered_her_script_once() -> None:
    verdict = {"need": "domestic_abuse", "role": "survivor", "language": "ur",
               "language_confident": True, "romanised": True}
    texts, events = run(ActionSignpost(), tracker("domestic_abuse", triage=verdict,
                                                  text="mera shohar mujhe marta hai"))
    assert "What you describe is abuse" in texts[0]
    assert "اردو" in texts[0] and "हिन्दी" in texts[0] and "LANGUAGE" in texts[0]
    assert SlotSet("script_offered", True) in events
    again, _ = run(ActionSignpost(), tracker("domestic_abuse", {"script_offered": True},
                                             triage=verdict))
    assert "LANGUAGE" not in again[0]
