"""Signposting: services for what is happening, reporting routes, people to talk to, safety."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import by_sms, language, send, verdict
from bot.replies import clarify, reporting, safety_tips, signpost, talk_to_person


class ActionSignpost(Action):
    """Name the pattern and offer 2-4 services, best first, for the need the NLU found."""

    def name(self) -> Text:
        return "action_signpost"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        found = verdict(tracker)
        need = found.get("need") or tracker.get_intent_of_latest_message() or "unsure"
        role = found.get("role") or tracker.get_slot("role") or "survivor"
        reply = signpost(need, role, language(tracker), found.get("also"), found.get("danger"),
                         sms=by_sms(tracker))
        return send(dispatcher, reply, tracker) + [SlotSet("need", need), SlotSet("role", role)]


class ActionReporting(Action):
    def name(self) -> Text:
        return "action_reporting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        return send(dispatcher, reporting(tracker.get_slot("need"), language(tracker)), tracker)


class ActionTalkToPerson(Action):
    def name(self) -> Text:
        return "action_talk_to_person"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        return send(dispatcher, talk_to_person(language(tracker), by_sms(tracker)), tracker)


class ActionSafetyTips(Action):
    def name(self) -> Text:
        return "action_safety_tips"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        return send(dispatcher, safety_tips(language(tracker)), tracker)


class ActionClarify(Action):
    """When unsure: say so, offer the 24/7 helpline, ask one question (never guess silently)."""

    def name(self) -> Text:
        return "action_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        return send(dispatcher, clarify(language(tracker)), tracker)
