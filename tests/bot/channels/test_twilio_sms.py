"""SignedTwilioInput, driven through a real Sanic app over ASGI (sanic-testing is not installed)."""
from __future__ import annotations

import asyncio
import logging
import uuid
import xml.etree.ElementTree as ElementTree
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple
from urllib.parse import urlencode

import pytest

from bot.limits import MAX_MESSAGE_CHARS
from rasa.core.channels.channel import UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Sanic
from twilio.request_validator import RequestValidator

from bot.channels.twilio_sms import (
    ReplyCache,
    SignedTwilioInput,
    pack_messages,
)
from bot.fallback import safety_fallback_text
from bot.i18n import say
from bot.privacy import pseudonymise_sender

TOKEN = "test-auth-token"
PHONE = "+447700900123"
LOCAL_URL = "http://localhost:5005/webhooks/twilio/webhook"
PATH = "/webhooks/twilio/webhook"
FORM_TYPE = "application/x-www-form-urlencoded"

Reply = Callable[[UserMessage], Awaitable[None]]


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # test mode lets several Sanic apps start in one process (as sanic-testing does)
    monkeypatch.setattr(Sanic, "test_mode", True)
    monkeypatch.setenv("SIGNPOST_SENDER_KEY", "test-sender-key")
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    for name in ("SIGNPOST_PUBLIC_URL", "SIGNPOST_MAX_MESSAGE_CHARS"):
        monkeypatch.delenv(name, raising=False)


class FakeRasa:
    """Stands in for Agent.handle_message: records messages and answers through the channel."""

    def __init__(self, reply: Optional[Reply] = None) -> None:
        self.messages: List[UserMessage] = []
        self._reply = reply or self.echo

    @staticmethod
    async def echo(message: UserMessage) -> None:
        reply = f"You said: {message.text}"
        await message.output_channel.send_text_message(message.sender_id, reply)

    async def __call__(self, message: UserMessage) -> None:
        self.messages.append(message)
        await self._reply(message)


class Response:
    def __init__(self, messages: List[Dict[str, Any]]) -> None:
        start = messages[0]
        self.status: int = start["status"]
        self.headers = {k.decode(): v.decode() for k, v in start["headers"]}
        self.body: bytes = b"".join(m.get("body", b"") for m in messages[1:])

    @property
    def texts(self) -> List[str]:
        """The bodies of the TwiML <Message> elements."""
        root = ElementTree.fromstring(self.body)
        assert root.tag == "Response"
        return [element.text or "" for element in root.findall("Message")]


class Client:
    """Minimal ASGI client for one Sanic app inside one event loop."""

    def __init__(self, channel: SignedTwilioInput, rasa: FakeRasa) -> None:
        self.app = Sanic(f"test_{uuid.uuid4().hex}")
        self.app.blueprint(channel.blueprint(rasa), url_prefix="/webhooks/twilio")
        self._lifespan: Optional["asyncio.Task[None]"] = None

    async def start(self) -> None:
        started = asyncio.Event()
        messages = [{"type": "lifespan.startup"}]

        async def receive() -> Dict[str, Any]:
            if messages:
                return messages.pop(0)
            await asyncio.Event().wait()  # never shut down; cancelled in stop()
            return {}

        async def send(message: Dict[str, Any]) -> None:
            started.set()

        self._lifespan = asyncio.ensure_future(self.app({"type": "lifespan"}, receive, send))
        await started.wait()

    def stop(self) -> None:
        assert self._lifespan is not None
        self._lifespan.cancel()

    async def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        headers: Optional[Dict[str, str]] = None,
        query: bytes = b"",
    ) -> Response:
        raw_headers = [(b"host", b"localhost:5005")] + [
            (key.lower().encode("latin-1"), value.encode("latin-1"))
            for key, value in (headers or {}).items()
        ]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query,
            "root_path": "",
            "headers": raw_headers,
            "client": ("127.0.0.1", 40000),
            "server": ("localhost", 5005),
        }
        incoming = [{"type": "http.request", "body": body, "more_body": False}]
        sent: List[Dict[str, Any]] = []

        async def receive() -> Dict[str, Any]:
            return incoming.pop(0) if incoming else {"type": "http.disconnect"}

        async def send(message: Dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = dict(message, headers=list(message["headers"]))
            sent.append(message)

        await self.app(scope, receive, send)
        return Response(sent)


def twilio_form(
    body: Optional[str] = "hello", sid: Optional[str] = "SM0001", **extra: str
) -> Dict[str, str]:
    form = {"From": PHONE, "To": "+447700900999", "AccountSid": "AC123", **extra}
    if body is not None:
        form["Body"] = body
    if sid is not None:
        form["MessageSid"] = sid
    return {k: v for k, v in form.items() if v is not None}


def signed(
    form: Dict[str, str], url: str = LOCAL_URL, token: str = TOKEN
) -> Tuple[bytes, Dict[str, str]]:
    signature = RequestValidator(token).compute_signature(url, form)
    return urlencode(form).encode(), {"content-type": FORM_TYPE, "X-Twilio-Signature": signature}


def run_with_client(
    scenario: Callable[[Client], Awaitable[Any]],
    channel: Optional[SignedTwilioInput] = None,
    rasa: Optional[FakeRasa] = None,
) -> Any:
    async def main() -> Any:
        client = Client(channel or SignedTwilioInput.from_credentials(None), rasa or FakeRasa())
        await client.start()
        try:
            return await scenario(client)
        finally:
            client.stop()

    return asyncio.run(main())


def post(form: Dict[str, str], **kwargs: Any) -> Callable[[Client], Awaitable[Response]]:
    body, headers = signed(form, **kwargs)
    return lambda client: client.request("POST", PATH, body, headers)


def test_valid_signature_is_processed_and_answered_with_twiml() -> None:
    rasa = FakeRasa()
    result = run_with_client(post(twilio_form("I need help")), rasa=rasa)
    assert result.status == 200
    assert result.headers["content-type"].startswith("text/xml")
    assert result.texts == ["You said: I need help"]
    assert len(rasa.messages) == 1
    message = rasa.messages[0]
    assert message.text == "I need help"
    assert message.sender_id == pseudonymise_sender(PHONE, "sms")
    assert message.input_channel == "twilio"


def test_sender_number_never_reaches_rasa_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    rasa = FakeRasa()
    secret = "he took my passport"
    run_with_client(post(twilio_form(secret)), rasa=rasa)
    message = rasa.messages[0]
    digits = PHONE.lstrip("+")
    assert digits not in message.sender_id
    assert message.metadata is None
    assert caplog.records
    assert digits not in caplog.text
    assert secret not in caplog.text


@pytest.mark.parametrize(
    "headers",
    [
        {"content-type": FORM_TYPE},
        {"content-type": FORM_TYPE, "X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},
    ],
    ids=["missing", "bad"],
)
def test_unsigned_or_badly_signed_request_is_refused(headers: Dict[str, str]) -> None:
    rasa = FakeRasa()
    body = urlencode(twilio_form()).encode()
    result = run_with_client(lambda c: c.request("POST", PATH, body, headers), rasa=rasa)
    assert result.status == 403
    assert rasa.messages == []


def test_signature_with_another_token_or_tampered_body_is_refused() -> None:
    rasa = FakeRasa()

    async def scenario(client: Client) -> List[int]:
        other_token = await post(twilio_form(), token="other-token")(client)
        body, headers = signed(twilio_form("original"))
        tampered = await client.request(
            "POST", PATH, body.replace(b"original", b"changed!"), headers
        )
        return [other_token.status, tampered.status]

    assert run_with_client(scenario, rasa=rasa) == [403, 403]
    assert rasa.messages == []


def test_missing_auth_token_refuses_everything(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("TWILIO_AUTH_TOKEN")
    caplog.set_level(logging.ERROR)
    channel = SignedTwilioInput.from_credentials(None)
    rasa = FakeRasa()

    async def scenario(client: Client) -> List[int]:
        first = await post(twilio_form(sid="SM1"))(client)
        second = await post(twilio_form(sid="SM2"))(client)
        return [first.status, second.status]

    assert run_with_client(scenario, channel=channel, rasa=rasa) == [403, 403]
    assert rasa.messages == []
    assert len([r for r in caplog.records if "auth token" in r.getMessage()]) == 1


def test_token_variable_can_be_named_in_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWILIO_AUTH_TOKEN")
    monkeypatch.setenv("SIGNPOST_TWILIO_TOKEN", TOKEN)
    channel = SignedTwilioInput.from_credentials({"auth_token_env": "SIGNPOST_TWILIO_TOKEN"})
    assert run_with_client(post(twilio_form()), channel=channel).status == 200


def test_auth_token_in_credentials_is_rejected() -> None:
    with pytest.raises(RasaException):
        SignedTwilioInput.from_credentials({"auth_token": "do-not-store-me"})


def test_public_url_is_used_for_the_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGNPOST_PUBLIC_URL", "https://example.org/")
    rasa = FakeRasa()
    channel = SignedTwilioInput.from_credentials(None)

    async def scenario(client: Client) -> List[int]:
        public = await post(twilio_form(sid="SM1"), url=f"https://example.org{PATH}")(client)
        local = await post(twilio_form(sid="SM2"), url=LOCAL_URL)(client)
        return [public.status, local.status]

    assert run_with_client(scenario, channel=channel, rasa=rasa) == [200, 403]
    assert len(rasa.messages) == 1


def test_query_string_is_part_of_the_signed_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGNPOST_PUBLIC_URL", "https://example.org")
    channel = SignedTwilioInput.from_credentials(None)
    body, headers = signed(twilio_form(), url=f"https://example.org{PATH}?lang=ur")
    result = run_with_client(
        lambda c: c.request("POST", PATH, body, headers, query=b"lang=ur"), channel=channel
    )
    assert result.status == 200


def test_blank_fields_that_twilio_signs_are_kept() -> None:
    form = twilio_form(FromCity="", FromState="", NumMedia="0")
    assert run_with_client(post(form)).status == 200


def test_same_message_sid_is_processed_once() -> None:
    rasa = FakeRasa()

    async def scenario(client: Client) -> Tuple[Response, Response]:
        first = await post(twilio_form("hello", sid="SMretry"))(client)
        retry = await post(twilio_form("hello", sid="SMretry"))(client)
        return first, retry

    first, retry = run_with_client(scenario, rasa=rasa)
    assert first.status == retry.status == 200
    assert first.body == retry.body
    assert len(rasa.messages) == 1


def test_retry_while_first_request_is_in_flight_waits_for_the_same_reply() -> None:
    async def slow(message: UserMessage) -> None:
        await asyncio.sleep(0.05)
        await FakeRasa.echo(message)

    rasa = FakeRasa(slow)

    async def scenario(client: Client) -> List[Response]:
        request = post(twilio_form("hello", sid="SMconcurrent"))
        return list(await asyncio.gather(request(client), request(client)))

    first, retry = run_with_client(scenario, rasa=rasa)
    assert first.texts == retry.texts == ["You said: hello"]
    assert len(rasa.messages) == 1


def test_different_message_sids_are_both_processed() -> None:
    rasa = FakeRasa()

    async def scenario(client: Client) -> None:
        await post(twilio_form("one", sid="SM1"))(client)
        await post(twilio_form("two", sid="SM2"))(client)

    run_with_client(scenario, rasa=rasa)
    assert [m.text for m in rasa.messages] == ["one", "two"]


@pytest.mark.parametrize(
    "form",
    [twilio_form(body=""), twilio_form(body="   "), twilio_form(body=None)],
    ids=["empty-body", "blank-body", "no-body"],
)
def test_empty_text_gets_a_polite_reply_and_is_not_processed(form: Dict[str, str]) -> None:
    """A picture message has no text: answer with 200, since Twilio drops 4xx TwiML."""
    rasa = FakeRasa()
    result = run_with_client(post(form), rasa=rasa)
    assert result.status == 200
    assert result.texts
    assert rasa.messages == []


@pytest.mark.parametrize(
    "form",
    [{k: v for k, v in twilio_form().items() if k != "From"}, {**twilio_form(), "From": ""}],
    ids=["no-from", "empty-from"],
)
def test_missing_sender_is_400_and_not_processed(form: Dict[str, str]) -> None:
    rasa = FakeRasa()
    result = run_with_client(post(form), rasa=rasa)
    assert result.status == 400
    assert rasa.messages == []


def test_oversized_body_gets_polite_reply_and_is_not_processed() -> None:
    rasa = FakeRasa()
    result = run_with_client(post(twilio_form("help " * (MAX_MESSAGE_CHARS // 5 + 1))), rasa=rasa)
    assert result.status == 200
    assert rasa.messages == []
    assert result.texts == [say("too_long", "en", limit=str(MAX_MESSAGE_CHARS))]


def test_too_long_reply_is_in_the_writer_s_language() -> None:
    text = "میرا شوہر مجھے مارتا ہے۔ " * (MAX_MESSAGE_CHARS // 20)
    result = run_with_client(post(twilio_form(text)))
    assert result.texts == [say("too_long", "ur", limit=str(MAX_MESSAGE_CHARS))]


def test_message_limit_is_the_channel_setting() -> None:
    rasa = FakeRasa()
    channel = SignedTwilioInput(auth_token=TOKEN, max_message_chars=10)

    async def scenario(client: Client) -> None:
        await post(twilio_form("a" * 10, sid="SM1"))(client)
        await post(twilio_form("a" * 11, sid="SM2"))(client)

    run_with_client(scenario, channel=channel, rasa=rasa)
    assert [m.text for m in rasa.messages] == ["a" * 10]


@pytest.mark.parametrize(
    "raw_body",
    [b"From=%2B447700900123&Body=\xff\xfe", b"From=%2B447700900123&Body=%FF%FE"],
    ids=["raw-bytes", "percent-encoded"],
)
def test_invalid_utf8_is_400(raw_body: bytes) -> None:
    rasa = FakeRasa()
    headers = {"content-type": FORM_TYPE, "X-Twilio-Signature": "c2lnbmF0dXJl"}
    result = run_with_client(lambda c: c.request("POST", PATH, raw_body, headers), rasa=rasa)
    assert result.status == 400
    assert rasa.messages == []


def test_non_form_body_is_400() -> None:
    rasa = FakeRasa()
    headers = {"content-type": "application/json", "X-Twilio-Signature": "c2lnbmF0dXJl"}
    result = run_with_client(
        lambda c: c.request("POST", PATH, b'{"Body": "hi"}', headers), rasa=rasa
    )
    assert result.status == 400
    assert rasa.messages == []


def test_html_in_body_is_data_and_twiml_is_escaped() -> None:
    rasa = FakeRasa()
    payload = '<script>alert("x")</script> & </Message><Message>'
    result = run_with_client(post(twilio_form(payload)), rasa=rasa)
    assert rasa.messages[0].text == payload
    assert b"<script>" not in result.body
    assert result.texts == [f"You said: {payload}"]


def test_stop_is_an_ordinary_message() -> None:
    rasa = FakeRasa()
    run_with_client(post(twilio_form("STOP")), rasa=rasa)
    assert [m.text for m in rasa.messages] == ["STOP"]


def test_unicode_body_round_trips() -> None:
    rasa = FakeRasa()
    text = "میرا شوہر مجھے مارتا ہے 😢"
    result = run_with_client(post(twilio_form(text)), rasa=rasa)
    assert rasa.messages[0].text == text
    assert result.texts == [f"You said: {text}"]


def test_no_reply_from_rasa_gives_safety_fallback() -> None:
    async def silent(_: UserMessage) -> None:
        return None

    result = run_with_client(post(twilio_form()), rasa=FakeRasa(silent))
    assert result.status == 200
    assert result.texts == [safety_fallback_text("hello")]


def test_rasa_failure_gives_safety_fallback_after_what_was_said() -> None:
    async def failing(message: UserMessage) -> None:
        await message.output_channel.send_text_message(message.sender_id, "I hear you.")
        raise ConnectionError("action server down")

    result = run_with_client(post(twilio_form()), rasa=FakeRasa(failing))
    assert result.status == 200
    assert result.texts == [f"I hear you.\n\n{safety_fallback_text('hello')}"]


def test_slow_turn_gets_fallback_now_and_real_reply_on_retry() -> None:
    async def slow(message: UserMessage) -> None:
        await asyncio.sleep(0.2)
        await FakeRasa.echo(message)

    rasa = FakeRasa(slow)
    channel = SignedTwilioInput(auth_token=TOKEN, reply_timeout_seconds=0.05)

    async def scenario(client: Client) -> Tuple[Response, Response]:
        first = await post(twilio_form("hello", sid="SMslow"))(client)
        await asyncio.sleep(0.3)
        retry = await post(twilio_form("hello", sid="SMslow"))(client)
        return first, retry

    first, retry = run_with_client(scenario, channel=channel, rasa=rasa)
    assert first.texts == [safety_fallback_text("hello")]
    assert retry.texts == ["You said: hello"]
    assert len(rasa.messages) == 1


def test_buttons_become_numbered_lines_and_messages_are_joined() -> None:
    async def menu(message: UserMessage) -> None:
        out = message.output_channel
        await out.send_text_message(message.sender_id, "I believe you.")
        await out.send_text_with_buttons(
            message.sender_id,
            "What would help most?",
            [
                {"title": "Talk to someone", "payload": "/talk"},
                {"title": "Report", "payload": "/report"},
            ],
        )

    result = run_with_client(post(twilio_form()), rasa=FakeRasa(menu))
    assert result.texts == ["I believe you.\n\nWhat would help most?\n1 Talk to someone\n2 Report"]


def test_long_reply_is_split_into_messages_and_logs_segment_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    paragraph = "word " * 200  # 1000 characters

    async def long_reply(message: UserMessage) -> None:
        for _ in range(3):
            await message.output_channel.send_text_message(message.sender_id, paragraph)

    result = run_with_client(post(twilio_form()), rasa=FakeRasa(long_reply))
    assert len(result.texts) == 3
    assert all(len(text) <= 1600 for text in result.texts)
    assert any("segments" in record.getMessage() for record in caplog.records)


def test_pack_messages_joins_and_splits() -> None:
    assert pack_messages(["a", "b"], limit=10) == ["a\n\nb"]
    assert pack_messages(["aaaa", "bbbb"], limit=8) == ["aaaa", "bbbb"]
    assert pack_messages(["one two three"], limit=8) == ["one two", "three"]
    assert pack_messages(["x" * 20], limit=8) == ["x" * 8, "x" * 8, "x" * 4]
    assert pack_messages(["😀" * 5], limit=4) == ["😀" * 2, "😀" * 2, "😀"]


def test_health_route() -> None:
    result = run_with_client(lambda c: c.request("GET", "/webhooks/twilio/"))
    assert result.status == 200


def test_reply_cache_expires_is_bounded_and_stores_only_hashes() -> None:
    now = [0.0]
    cache = ReplyCache(ttl_seconds=10, max_entries=2, clock=lambda: now[0])

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        replies = [loop.create_future() for _ in range(3)]
        cache.put("SM1", replies[0])
        assert cache.get("SM1") is replies[0]
        now[0] = 10.0
        assert cache.get("SM1") is None
        cache.put("SM2", replies[1])
        cache.put("SM3", replies[2])
        cache.put("SM4", replies[0])
        assert len(cache) == 2 and cache.get("SM2") is None
        assert not any("SM" in key for key in cache._entries)

    asyncio.run(scenario())
