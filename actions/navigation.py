"""Menus: numbered choices, "yes"/"ok"/"no" in context, help and language."""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import MENU_SLOT, by_sms, language, send
from bot.conversation import LANGUAGE_SLOT
from bot.i18n import say
from bot.replies import (Reply, help_menu, language_menu, reporting, safety_tips, signpost,
                         talk_to_person, which_need)
from services_catalog.schema import NEEDS

YES_OPTIONS = ("safe_yes", "clarify_yes")
TOPICS = ("safety", "reporting", "human")  # answers that leave the next-steps menu in place
NO_OPTIONS = ("safe_no", "clarify_unsure")


def choose_option(option: str, lang: str, need: Optional[str], role: str,
                  sms: bool = False) -> Reply:
    """The reply for a menu option code (see bot.replies for the menus that offer them)."""
    simple: Dict[str, Callable[[], Reply]] = {
        "safe_yes": lambda: Reply(say("ask_what_happening", lang)),
        "safe_no": lambda: Reply(say("not_safe", lang)),
        "safety": lambda: safety_tips(lang),
        "reporting": lambda: reporting(need, lang),
        "human": lambda: talk_to_person(lang, sms),
        "clarify_yes": lambda: which_need(lang),
        "find_support": lambda: which_need(lang),
        "clarify_unsure": lambda: signpost("unsure", role, lang, sms=sms),
        "clarify_else": lambda: Reply(say("tell_me_more", lang)),
        "tell_more": lambda: Reply(say("tell_me_more", lang)),
        "language": lambda: language_menu(lang),
    }
    if option in NEEDS:
        return signpost(option, role, lang, sms=sms)
    if option.startswith("lang:"):
        return Reply(say("language_set", option.split(":", 1)[1]))
    return simple.get(option, lambda: help_menu(lang))()


def option_for(intent: str, choice: Optional[str], menu: List[str]) -> Optional[str]:
    """Which offered option a "2", "yes" or "no" means; None when it means nothing here."""
    if intent == "choose" and choice and choice.isdigit() and 1 <= int(choice) <= len(menu):
        return menu[int(choice) - 1]
    if intent == "affirm":
        return next((o for o in menu if o in YES_OPTIONS), menu[0] if menu else None)
    if intent == "deny":
        return next((o for o in menu if o in NO_OPTIONS), None)
    return None


class ActionContinue(Action):
    """Carry on from the last question: a number, "yes" or "no" is read against its menu."""

    def name(self) -> Text:
        return "action_continue"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        lang = language(tracker)
        menu = tracker.get_slot(MENU_SLOT) or []
        choice = next(tracker.get_latest_entity_values("choice"), None)
        option = option_for(tracker.get_intent_of_latest_message() or "", choice, menu)
        if option is None:
            anything_else = Reply(say("anything_else", lang)) if tracker.get_slot("need") else None
            return send(dispatcher, anything_else or help_menu(lang), tracker)
        if option == "exit":
            dispatcher.utter_message(text=say("exit", lang))
            return [Restarted()]
        need = option if option in NEEDS else tracker.get_slot("need")
        reply = choose_option(option, lang, need, tracker.get_slot("role") or "survivor",
                              by_sms(tracker))
        if option in TOPICS and not reply.menu:
            reply.menu = menu
        events = send(dispatcher, reply, tracker)
        if option.startswith("lang:"):
            events.append(SlotSet(LANGUAGE_SLOT, option.split(":", 1)[1]))
        if option in NEEDS:
            events.append(SlotSet("need", option))
        return events


class ActionHelp(Action):
    def name(self) -> Text:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        return send(dispatcher, help_menu(language(tracker)), tracker)


class ActionLanguageMenu(Action):
    def name(self) -> Text:
        return "action_language_menu"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        return send(dispatcher, language_menu(language(tracker)), tracker)
