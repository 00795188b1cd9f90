"""Rasa's REST channel, made safe: bounded input, pseudonymous senders, a guaranteed reply.

Same URL and JSON as Rasa's stock channel (POST /webhooks/rest/webhook with `sender` and
`message`), but: the sender id is replaced by a keyed hash before Rasa sees it; oversized,
empty or malformed requests get a clear 4xx or a polite reply; no text is ever logged; and if
the assistant produces nothing (action server or model down) the reply is the safety fallback.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.fallback import safety_fallback_text
from bot.i18n import say
from bot.language import LANGUAGES
from bot.limits import MAX_MESSAGE_CHARS
from bot.privacy import pseudonymise_sender

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 16_384
SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_.:@+-]{1,128}$")


def bad_request(reason: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


def parse_request(request: Request) -> tuple[Optional[Dict[str, Any]], Optional[HTTPResponse]]:
    """The validated body, or the 4xx response that explains what is wrong with it."""
    if len(request.body or b"") > MAX_BODY_BYTES:
        return None, bad_request("request body too large", 413)
    try:
        body = request.json
    except Exception:  # noqa: BLE001 - sanic raises several types for bad JSON or UTF-8
        return None, bad_request("body must be JSON encoded as UTF-8")
    if not isinstance(body, dict):
        return None, bad_request("body must be a JSON object")
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        return None, bad_request("sender must be 1-128 letters, digits or _.:@+-")
    if not isinstance(message, str) or not message.strip():
        return None, bad_request("message must be a non-empty string")
    return body, None


def chosen_language(body: Dict[str, Any]) -> Optional[str]:
    metadata = body.get("metadata")
    language = metadata.get("language") if isinstance(metadata, dict) else None
    return language if language in LANGUAGES else None


class SafeRestInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("signpost_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body, error = parse_request(request)
            if error:
                return error
            language = chosen_language(body)
            text = body["message"]
            if len(text) > MAX_MESSAGE_CHARS:
                reply = say("too_long", language or "en", limit=str(MAX_MESSAGE_CHARS))
                return response.json([{"recipient_id": None, "text": reply}])
            sender = pseudonymise_sender(body["sender"], self.name())
            messages = await self.handle(on_new_message, text, sender, language)
            return response.json(messages)

        return webhook

    async def handle(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], text: str,
                     sender: str, language: Optional[str]) -> List[Dict[str, Any]]:
        collector = CollectingOutputChannel()
        metadata = {"language": language} if language else None
        try:
            await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                             metadata=metadata))
        except Exception as exc:  # noqa: BLE001 - the person still gets the safety reply
            logger.error("message handling failed: %s", type(exc).__name__)
        if not any(m.get("text") for m in collector.messages):
            return [{"recipient_id": sender, "text": safety_fallback_text(text, language)}]
        return collector.messages
