"""Reading the conversation from a rasa-sdk Tracker, and sending a Reply."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation import (LANGUAGE_SLOT, conversation_language, latest_channel_language,
                              script_offer)
from bot.i18n import say, t
from bot.replies import Reply

MENU_SLOT = "menu"
OFFERED_SLOT = "script_offered"


def verdict(tracker: Tracker) -> Dict[str, Any]:
    """The safeguard's triage verdict for the latest message (empty if the model gave none)."""
    return (tracker.latest_message or {}).get("triage") or {}


def _choice_and_verdicts(tracker: Tracker) -> tuple[Any, list]:
    users = [e for e in tracker.events if e.get("event") == "user"]
    choice = tracker.get_slot(LANGUAGE_SLOT) or latest_channel_language(
        u.get("metadata") for u in users)
    return choice, [u.get("parse_data", {}).get("triage") for u in users]


def language(tracker: Tracker) -> str:
    return conversation_language(*_choice_and_verdicts(tracker))


def by_sms(tracker: Tracker) -> bool:
    """SMS replies are kept to a few segments."""
    return tracker.get_latest_input_channel() == "twilio"


def send(dispatcher: CollectingDispatcher, reply: Reply, tracker: Tracker) -> List[EventType]:
    """Utter the reply and remember its numbered options (or forget the previous ones).

    Someone writing romanised Urdu, Hindi, Bengali or Punjabi is answered in English and, once,
    offered their own script."""
    events: List[EventType] = [SlotSet(MENU_SLOT, reply.menu or None)]
    text = reply.text
    choice, verdicts = _choice_and_verdicts(tracker)
    offer = script_offer(choice, verdicts)
    if offer and not tracker.get_slot(OFFERED_SLOT):
        lang = conversation_language(choice, verdicts)
        names = " / ".join(t(f"language_name.{code}", lang) for code in offer)
        text = f"{text}\n{say('script_offer', lang, scripts=names)}"
        events.append(SlotSet(OFFERED_SLOT, True))
    dispatcher.utter_message(text=text)
    return events
