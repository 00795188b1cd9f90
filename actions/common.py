"""Reading the conversation from a rasa-sdk Tracker, and sending a Reply."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation import LANGUAGE_SLOT, conversation_language, latest_channel_language
from bot.replies import Reply

MENU_SLOT = "menu"


def verdict(tracker: Tracker) -> Dict[str, Any]:
    """The safeguard's triage verdict for the latest message (empty if the model gave none)."""
    return (tracker.latest_message or {}).get("triage") or {}


def language(tracker: Tracker) -> str:
    users = [e for e in tracker.events if e.get("event") == "user"]
    choice = tracker.get_slot(LANGUAGE_SLOT) or latest_channel_language(
        u.get("metadata") for u in users)
    return conversation_language(choice, (u.get("parse_data", {}).get("triage") for u in users))


def send(dispatcher: CollectingDispatcher, reply: Reply) -> List[EventType]:
    """Utter the reply and remember its numbered options (or forget the previous ones)."""
    dispatcher.utter_message(text=reply.text)
    return [SlotSet(MENU_SLOT, reply.menu or None)]
