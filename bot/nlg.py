"""Domain responses rendered from locales/ inside the Rasa server.

endpoints.yml points Rasa's NLG here, so the replies that must never depend on the action server
(danger, crisis, exit, the fallback) are written in the person's language by the Rasa process
itself. A response in domain.yml names its sentence: `custom: {locale_key: danger}`.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import bot.rasa_patches  # noqa: F401 - the server loads this module, so the fix applies there
from bot.conversation import LANGUAGE_SLOT, conversation_language, latest_channel_language
from bot.i18n import say


def tracker_language(tracker: DialogueStateTracker) -> str:
    users = [e for e in tracker.events if isinstance(e, UserUttered)]
    choice = tracker.get_slot(LANGUAGE_SLOT) or latest_channel_language(u.metadata for u in users)
    return conversation_language(choice, (u.parse_data.get("triage") for u in users))


class LocaleNaturalLanguageGenerator(NaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None,
                 domain: Optional[Domain] = None) -> None:
        self.responses = (domain or Domain.empty()).responses

    def locale_key(self, utter_action: Text, responses: Dict[Text, Any]) -> Optional[Text]:
        for variation in responses.get(utter_action, []):
            key = (variation.get("custom") or {}).get("locale_key")
            if key:
                return key
        return None

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker,
                       output_channel: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
        # Rasa passes the loaded model's responses; the domain given at start-up may be empty.
        key = self.locale_key(utter_action, kwargs.get("domain_responses") or self.responses)
        if key is None:
            return None
        return {"text": say(key, tracker_language(tracker))}
