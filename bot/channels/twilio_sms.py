"""Twilio SMS webhook for Signpost: signed requests only, pseudonymous senders, TwiML replies.

Replaces Rasa's stock Twilio channel, which accepts unsigned requests, hands the phone number
to Rasa and replies through the REST API. Here a request must carry a valid
``X-Twilio-Signature``; the number is replaced by a keyed hash before Rasa sees it; the reply
travels back in the webhook response, so nothing is sent (or logged) by us afterwards; a
Twilio retry of the same MessageSid gets the same answer without a second turn; and when the
assistant cannot answer, the person still gets the emergency routes.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import time
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, Iterator, List, Optional, Set, Text, Tuple
from urllib.parse import parse_qs

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot.channels.sms_length import sms_segments, utf16_length
from bot.fallback import safety_fallback_text
from bot.limits import MAX_MESSAGE_CHARS
from bot.i18n import say
from bot.language import detect_language
from bot.privacy import pseudonymise_sender

logger = logging.getLogger(__name__)

DEFAULT_AUTH_TOKEN_ENV = "TWILIO_AUTH_TOKEN"
PUBLIC_URL_ENV = "SIGNPOST_PUBLIC_URL"

# Twilio gives up on a webhook after 15 s; answer with the safety text before that.
REPLY_TIMEOUT_SECONDS = 12.0
REPLY_CACHE_TTL_SECONDS = 600.0
REPLY_CACHE_MAX_ENTRIES = 5000
# Twilio refuses a <Message> body over 1600 characters.
MAX_TWIML_BODY_UNITS = 1600
SEGMENT_WARNING_THRESHOLD = 4
MAX_FORM_FIELDS = 200

_XML_INVALID_CHARS = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


class MalformedForm(ValueError):
    """The request body is not a readable url-encoded UTF-8 form."""


def parse_form(request: Request) -> RequestParameters:
    """Strict form parsing: invalid UTF-8 is an error, blank values are kept.

    Sanic's ``request.form`` drops blank values (Twilio signs them) and silently swallows
    decoding errors, so the form is parsed here.
    """
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != _FORM_CONTENT_TYPE:
        raise MalformedForm("not a url-encoded form")
    try:
        fields = parse_qs(
            request.body.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FORM_FIELDS,
        )
    except ValueError as error:  # includes UnicodeDecodeError
        raise MalformedForm(type(error).__name__) from error
    return RequestParameters(fields)


class ReplyCache:
    """Replies by hashed MessageSid, so a Twilio retry is answered once and never reprocessed.

    Holds the task producing the TwiML, so a retry that arrives while the first request is
    still being handled waits for the same answer. Bounded in age and in size.
    """

    def __init__(
        self,
        ttl_seconds: float = REPLY_CACHE_TTL_SECONDS,
        max_entries: int = REPLY_CACHE_MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self._clock = clock
        self._entries: "OrderedDict[str, Tuple[float, asyncio.Future[str]]]" = OrderedDict()

    @staticmethod
    def _key(message_sid: str) -> str:
        return hashlib.sha256(message_sid.encode("utf-8")).hexdigest()

    def _sweep(self) -> None:
        deadline = self._clock() - self.ttl_seconds
        while self._entries and next(iter(self._entries.values()))[0] <= deadline:
            self._entries.popitem(last=False)

    def get(self, message_sid: str) -> Optional["asyncio.Future[str]"]:
        """The reply for this MessageSid if it was seen within the TTL."""
        self._sweep()
        entry = self._entries.get(self._key(message_sid))
        return entry[1] if entry else None

    def put(self, message_sid: str, reply: "asyncio.Future[str]") -> None:
        """Remembers the reply, evicting the oldest entries beyond the size bound."""
        self._sweep()
        self._entries[self._key(message_sid)] = (self._clock(), reply)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def _xml_safe(text: str) -> str:
    """Drops characters XML 1.0 cannot carry, which would make Twilio reject the whole TwiML."""
    return _XML_INVALID_CHARS.sub("", text)


def render_messages(messages: List[Dict[Text, Any]]) -> List[str]:
    """Texts of the collected bot messages; buttons become numbered lines ("1 Title")."""
    texts = []
    for message in messages:
        lines = [message["text"]] if message.get("text") else []
        for number, button in enumerate(message.get("buttons") or [], start=1):
            lines.append(f"{number} {button.get('title', '')}")
        if lines:
            texts.append("\n".join(lines))
    return texts


def _longest_prefix(text: str, limit: int) -> int:
    """How many characters of ``text`` fit in ``limit`` UTF-16 code units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


def _split_long(text: str, limit: int) -> Iterator[str]:
    """Splits one over-long text at a line break or space where possible."""
    while utf16_length(text) > limit:
        cut = _longest_prefix(text, limit)
        space = max(text.rfind("\n", 0, cut), text.rfind(" ", 0, cut))
        if space > 0:
            cut = space
        yield text[:cut].rstrip()
        text = text[cut:].lstrip()
    if text:
        yield text


def pack_messages(texts: List[str], limit: int = MAX_TWIML_BODY_UNITS) -> List[str]:
    """Joins texts with blank lines into as few message bodies of at most ``limit`` as fit."""
    bodies: List[str] = []
    for text in texts:
        for piece in _split_long(text, limit):
            joined = f"{bodies[-1]}\n\n{piece}" if bodies else piece
            if bodies and utf16_length(joined) <= limit:
                bodies[-1] = joined
            else:
                bodies.append(piece)
    return bodies


def reply_bodies(texts: List[str]) -> List[str]:
    """The SMS bodies to send for these texts: XML-safe, packed into as few as fit."""
    return pack_messages([_xml_safe(text) for text in texts])


def _twiml(bodies: List[str]) -> str:
    twiml = MessagingResponse()
    for body in bodies:
        twiml.message(body)
    return str(twiml)


def to_twiml(texts: List[str]) -> str:
    """A TwiML <Response> carrying the texts in as few <Message> elements as fit."""
    return _twiml(reply_bodies(texts))


def _xml_response(twiml: str, status: int = 200) -> HTTPResponse:
    return response.text(twiml, status=status, content_type="text/xml; charset=utf-8")


class SignedTwilioInput(InputChannel):
    """Twilio SMS input channel at ``/webhooks/twilio/webhook`` answering with TwiML."""

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        """Reads secrets and settings from the environment; credentials.yml only names them."""
        credentials = credentials or {}
        if "auth_token" in credentials:
            raise RasaException(
                "Do not put the Twilio auth token in credentials.yml: set the "
                f"{DEFAULT_AUTH_TOKEN_ENV} environment variable (or name another variable "
                "with 'auth_token_env')."
            )
        token_env = credentials.get("auth_token_env") or DEFAULT_AUTH_TOKEN_ENV
        return cls(
            auth_token=os.environ.get(token_env),
            public_url=os.environ.get(PUBLIC_URL_ENV),
            max_message_chars=MAX_MESSAGE_CHARS,
        )

    def __init__(
        self,
        auth_token: Optional[str],
        public_url: Optional[str] = None,
        max_message_chars: int = MAX_MESSAGE_CHARS,
        reply_timeout_seconds: float = REPLY_TIMEOUT_SECONDS,
    ) -> None:
        self._validator = RequestValidator(auth_token) if auth_token else None
        self.public_url = public_url.rstrip("/") if public_url else None
        self.max_message_chars = max_message_chars
        self.reply_timeout_seconds = reply_timeout_seconds
        self.reply_cache = ReplyCache()
        # strong references: a turn outliving its request (time-out) must not be collected
        self._in_flight: Set["asyncio.Future[str]"] = set()
        if self._validator is None:
            logger.error(
                "Configuration error: no Twilio auth token (%s or the variable named by "
                "auth_token_env); every SMS webhook request will be refused.",
                DEFAULT_AUTH_TOKEN_ENV,
            )

    def signed_url(self, request: Request) -> str:
        """The URL Twilio signed: the public URL plus the path, or the URL as received."""
        if not self.public_url:
            return request.url
        query = f"?{request.query_string}" if request.query_string else ""
        return f"{self.public_url}{request.path}{query}"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        twilio_webhook = Blueprint("signpost_twilio_webhook", __name__)

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            try:
                return await self._handle(request, on_new_message)
            except Exception as error:  # never a 5xx: Twilio would show the person nothing
                logger.error("SMS webhook failed (%s).", type(error).__name__)
                return _xml_response(to_twiml([safety_fallback_text("")]))

        return twilio_webhook

    async def _handle(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        if self._validator is None:
            return response.text("Forbidden", status=403)
        signature = request.headers.get("X-Twilio-Signature")
        if not signature:
            logger.warning("Refused an unsigned SMS webhook request.")
            return response.text("Forbidden", status=403)
        try:
            form = parse_form(request)
        except MalformedForm as error:
            logger.warning("Refused a malformed SMS webhook request (%s).", error)
            return response.text("Bad request", status=400)
        if not self._validator.validate(self.signed_url(request), form, signature):
            logger.warning("Refused an SMS webhook request with an invalid signature.")
            return response.text("Forbidden", status=403)

        sender = (form.get("From") or "").strip()
        text = form.get("Body") or ""
        if not sender:
            logger.info("SMS without a sender: not processed.")
            return response.text("Bad request", status=400)
        if not text.strip():  # e.g. a picture message: answer, since Twilio drops 4xx TwiML
            logger.info("SMS without text: not processed.")
            return _xml_response(to_twiml([say("not_understood", "en")]))
        if len(text) > self.max_message_chars:
            logger.info("SMS over %d characters: not processed.", self.max_message_chars)
            language = detect_language(text).language
            reply = say("too_long", language, limit=str(self.max_message_chars))
            return _xml_response(to_twiml([reply]))

        message_sid = form.get("MessageSid")
        reply = self.reply_cache.get(message_sid) if message_sid else None
        if reply is None:
            reply = asyncio.ensure_future(self._reply(sender, text, on_new_message))
            self._in_flight.add(reply)
            reply.add_done_callback(self._in_flight.discard)
            if message_sid:
                self.reply_cache.put(message_sid, reply)
        else:
            logger.info("Twilio retry of an SMS already handled: answered from cache.")
        try:
            # shield: a dropped connection must not cancel the turn, whose reply a retry gets
            twiml = await asyncio.wait_for(asyncio.shield(reply), self.reply_timeout_seconds)
        except asyncio.TimeoutError:
            logger.warning(
                "No reply within %.0f s: sent the safety fallback.", self.reply_timeout_seconds
            )
            twiml = to_twiml([safety_fallback_text(text)])
        return _xml_response(twiml)

    async def _reply(
        self, sender: str, text: str, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> str:
        """Runs one Rasa turn and renders its reply; the safety text if there is none."""
        collector = CollectingOutputChannel()
        message = UserMessage(
            text,
            collector,
            pseudonymise_sender(sender, "sms"),
            input_channel=self.name(),
        )
        try:
            await on_new_message(message)
            texts = render_messages(collector.messages)
        except Exception as error:
            logger.error(
                "Handling an SMS failed (%s): adding the safety fallback.", type(error).__name__
            )
            texts = render_messages(collector.messages) + [safety_fallback_text(text)]
        if not texts:
            logger.warning("No reply from the assistant: sent the safety fallback.")
            texts = [safety_fallback_text(text)]
        bodies = reply_bodies(texts)
        segments = sum(sms_segments(body) for body in bodies)
        if segments > SEGMENT_WARNING_THRESHOLD:
            logger.warning(
                "SMS reply is %d segments (over %d).", segments, SEGMENT_WARNING_THRESHOLD
            )
        else:
            logger.info("SMS answered: %d message(s), %d segment(s).", len(bodies), segments)
        return _twiml(bodies)
