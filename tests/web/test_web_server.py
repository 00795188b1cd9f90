"""Tests for bot/web_server.py: headers, input validation, safe failure, exit, no logging,
and the widget locale files. A tiny fake Rasa runs in the same event loop."""
from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Awaitable, Callable

import pytest
import yaml
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.web_server import LANGUAGES, SECURITY_HEADERS, create_app, load_strings

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
SENDER = "test-sender_0123456789"

# ---------------------------------------------------------------- fake Rasa


class FakeRasa:
    """Records what reaches Rasa's REST webhook and answers with a configurable reply."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status = 200
        self.reply: Any = None  # None: echo the message back

    async def webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        if self.status != 200:
            return web.json_response({"error": "boom"}, status=self.status)
        if self.reply is not None:
            return web.json_response(self.reply)
        return web.json_response([{"recipient_id": body["sender"], "text": body["message"]}])

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self.webhook)
        return app


Scenario = Callable[[TestClient, FakeRasa], Awaitable[None]]


def run(scenario: Scenario, rasa_up: bool = True) -> FakeRasa:
    """Start a fake Rasa (or a dead port) and the web server, then run one scenario."""

    async def main() -> FakeRasa:
        fake = FakeRasa()
        rasa_server = TestServer(fake.app(), host="127.0.0.1")
        await rasa_server.start_server()
        rasa_url = str(rasa_server.make_url("/"))
        if not rasa_up:
            await rasa_server.close()
        try:
            async with TestClient(TestServer(create_app(rasa_url=rasa_url), host="127.0.0.1")) as client:
                await scenario(client, fake)
        finally:
            if rasa_up:
                await rasa_server.close()
        return fake

    return asyncio.run(main())


def assert_security_headers(resp: Any) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert resp.headers.get(name) == value, name
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert resp.headers["Cache-Control"] == "no-store"


def chat_body(message: Any = "hello", sender: Any = SENDER, **extra: Any) -> str:
    return json.dumps({"sender": sender, "message": message, **extra})


# ---------------------------------------------------------------- headers


REQUESTS = [
    ("GET", "/", None, 200),
    ("GET", "/index.html", None, 200),
    ("GET", "/widget/widget.js", None, 200),
    ("GET", "/widget/widget.css", None, 200),
    ("GET", "/widget/missing.js", None, 404),
    ("GET", "/widget/../bot/web_server.py", None, 404),
    ("GET", "/i18n/en.json", None, 200),
    ("GET", "/i18n/ar.json", None, 200),
    ("GET", "/i18n/xx.json", None, 404),
    ("GET", "/screenshots.py", None, 404),
    ("GET", "/nothing-here", None, 404),
    ("GET", "/chat", None, 405),
    ("PUT", "/i18n/en.json", None, 405),
    ("POST", "/chat", b"not json", 400),
    ("POST", "/chat", chat_body(), 200),
    ("POST", "/chat/exit", json.dumps({"sender": SENDER}), 204),
]


@pytest.mark.parametrize("method,path,body,status", REQUESTS)
def test_every_response_has_security_headers(method: str, path: str, body: Any, status: int) -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        resp = await client.request(method, path, data=body)
        assert resp.status == status
        assert_security_headers(resp)

    run(scenario)


def test_security_headers_when_rasa_is_down() -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        resp = await client.post("/chat", data=chat_body())
        assert_security_headers(resp)

    run(scenario, rasa_up=False)


def test_static_files_have_usable_types() -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        js = await client.get("/widget/widget.js")
        assert "javascript" in js.headers["Content-Type"]
        css = await client.get("/widget/widget.css")
        assert css.headers["Content-Type"].startswith("text/css")
        page = await client.get("/")
        assert page.headers["Content-Type"].startswith("text/html")

    run(scenario)


def test_html_has_no_inline_script_or_style() -> None:
    html = (ROOT / "web" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert "http://" not in html and "https://" not in html, "no third-party resources"
    js = (ROOT / "web" / "widget" / "widget.js").read_text(encoding="utf-8")
    assert not re.search(r"\.(inner|outer)HTML\b|insertAdjacentHTML|document\.write", js)
    assert not re.search(r"\b(localStorage|sessionStorage|indexedDB|caches)\s*[.\[]|document\.cookie", js)


# ---------------------------------------------------------------- i18n


def test_i18n_returns_strings() -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        resp = await client.get("/i18n/ur.json")
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("application/json")
        data = await resp.json()
        assert data["lang_ur"] == "اردو"
        assert "999" in data["offline"]
        for lang in LANGUAGES:
            assert (await client.get(f"/i18n/{lang}.json")).status == 200
        unknown = await client.get("/i18n/fr.json")
        assert unknown.status == 404
        assert (await unknown.json())["error"]

    run(scenario)


# ---------------------------------------------------------------- validation


BAD_BODIES = [
    (b"not json", 400, "invalid_json"),
    (b"\xff\xfe{\"sender\": 1}", 400, "invalid_utf8"),
    (b"", 400, "empty_body"),
    (b"[1, 2]", 400, "expected_object"),
    (b"\"just a string\"", 400, "expected_object"),
    (chat_body(message=""), 400, "invalid_message"),
    (chat_body(message="   \n "), 400, "invalid_message"),
    (chat_body(message=42), 400, "invalid_message"),
    (chat_body(message=None), 400, "invalid_message"),
    (chat_body(message="x" * 1001), 413, "too_long"),
    (chat_body(message="é" * 1001), 413, "too_long"),
    (chat_body(sender="short"), 400, "invalid_sender"),
    (chat_body(sender="a" * 65), 400, "invalid_sender"),
    (chat_body(sender="bad sender!"), 400, "invalid_sender"),
    (chat_body(sender="abcdefgh/../x"), 400, "invalid_sender"),
    (chat_body(sender=12345678), 400, "invalid_sender"),
    (json.dumps({"message": "hi"}), 400, "invalid_sender"),
    (chat_body(metadata="ar"), 400, "invalid_metadata"),
    (json.dumps({"sender": SENDER, "message": "x" * 20000}).encode(), 413, "too_large"),
]


@pytest.mark.parametrize("body,status,reason", BAD_BODIES)
def test_chat_rejects_bad_input(body: Any, status: int, reason: str) -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        resp = await client.post("/chat", data=body, headers={"Content-Type": "application/json"})
        assert resp.status == status
        assert resp.headers["Content-Type"].startswith("application/json")
        assert (await resp.json()) == {"error": reason}
        assert_security_headers(resp)

    fake = run(scenario)
    assert fake.requests == [], "refused input must not reach Rasa"


def test_message_of_exactly_1000_characters_is_accepted() -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        resp = await client.post("/chat", data=chat_body(message="ب" * 1000))
        assert resp.status == 200

    fake = run(scenario)
    assert fake.requests[0]["message"] == "ب" * 1000


def test_cross_site_post_is_refused() -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        for origin in ("https://evil.example", "null"):
            resp = await client.post("/chat", data=chat_body(), headers={"Origin": origin})
            assert resp.status == 403
            assert (await resp.json()) == {"error": "cross_origin"}
        exit_resp = await client.post(
            "/chat/exit", data=json.dumps({"sender": SENDER}), headers={"Origin": "https://evil.example"}
        )
        assert exit_resp.status == 403
        same = await client.post(
            "/chat", data=chat_body(), headers={"Origin": str(client.make_url("/")).rstrip("/")}
        )
        assert same.status == 200

    fake = run(scenario)
    assert len(fake.requests) == 1


# ---------------------------------------------------------------- proxying


def test_chat_proxies_to_rasa_with_pseudonymised_sender_and_language() -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        resp = await client.post("/chat", data=chat_body("salam", metadata={"language": "ur"}))
        assert resp.status == 200
        assert "X-Signpost-Degraded" not in resp.headers
        assert await resp.json() == [{"recipient_id": SENDER, "text": "salam"}]

    fake = run(scenario)
    (sent,) = fake.requests
    assert sent["message"] == "salam"
    assert sent["metadata"]["language"] == "ur"
    assert sent["sender"] != SENDER and SENDER not in sent["sender"]
    assert sent["sender"].startswith("web-")


def test_unknown_language_falls_back_to_english() -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        await client.post("/chat", data=chat_body(metadata={"language": "<xx>"}))
        await client.post("/chat", data=chat_body())

    fake = run(scenario)
    assert [r["metadata"]["language"] for r in fake.requests] == ["en", "en"]


def test_html_text_passes_through_as_data() -> None:
    payload = "<script>alert(1)</script><img src=x onerror=alert(1)> & \"quotes\""

    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        resp = await client.post("/chat", data=chat_body(payload))
        assert resp.headers["Content-Type"].startswith("application/json")
        assert (await resp.json())[0]["text"] == payload

    fake = run(scenario)
    assert fake.requests[0]["message"] == payload


def test_only_text_replies_are_returned() -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        fake.reply = [
            {"recipient_id": "web-x", "text": "line one\nline two"},
            {"recipient_id": "web-x", "image": "https://example.org/x.png"},
            {"recipient_id": "web-x", "text": None},
            "junk",
        ]
        resp = await client.post("/chat", data=chat_body())
        assert await resp.json() == [{"recipient_id": SENDER, "text": "line one\nline two"}]

    run(scenario)


def test_rasa_down_gives_empty_list_and_degraded_header() -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        resp = await client.post("/chat", data=chat_body())
        assert resp.status == 200
        assert resp.headers["X-Signpost-Degraded"] == "1"
        assert await resp.json() == []

    run(scenario, rasa_up=False)


@pytest.mark.parametrize("status,reply", [(500, None), (200, {"not": "a list"})])
def test_rasa_error_gives_empty_list_and_degraded_header(status: int, reply: Any) -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        fake.status = status
        fake.reply = reply
        resp = await client.post("/chat", data=chat_body())
        assert resp.status == 200
        assert resp.headers["X-Signpost-Degraded"] == "1"
        assert await resp.json() == []

    run(scenario)


def test_exit_forwards_exit_for_the_same_conversation() -> None:
    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        await client.post("/chat", data=chat_body("hello", metadata={"language": "bn"}))
        # sendBeacon with a string body arrives as text/plain.
        resp = await client.post(
            "/chat/exit", data=json.dumps({"sender": SENDER}), headers={"Content-Type": "text/plain;charset=UTF-8"}
        )
        assert resp.status == 204
        assert await resp.read() == b""
        assert_security_headers(resp)

    fake = run(scenario)
    chat, exit_ = fake.requests
    assert exit_["message"] == "EXIT"
    assert exit_["sender"] == chat["sender"]


def test_exit_rejects_bad_sender_and_survives_rasa_down() -> None:
    async def bad(client: TestClient, fake: FakeRasa) -> None:
        resp = await client.post("/chat/exit", data=json.dumps({"sender": "x"}))
        assert resp.status == 400

    assert run(bad).requests == []

    async def down(client: TestClient, fake: FakeRasa) -> None:
        resp = await client.post("/chat/exit", data=json.dumps({"sender": SENDER}))
        assert resp.status == 204

    run(down, rasa_up=False)


# ---------------------------------------------------------------- no logging


SECRET = "my husband hits me SECRET-MARKER-7731"


def test_nothing_sensitive_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    async def scenario(client: TestClient, fake: FakeRasa) -> None:
        await client.post("/chat", data=chat_body(SECRET))
        await client.post("/chat", data=chat_body(SECRET + "x" * 1001))
        await client.post("/chat/exit", data=json.dumps({"sender": SENDER}))

    run(scenario)
    run(scenario, rasa_up=False)
    assert SECRET not in caplog.text
    assert SENDER not in caplog.text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_command_line_server_logs_no_message_text_or_sender(tmp_path: Path) -> None:
    """The real entry point, with Rasa down, must not print request paths, bodies or ids."""
    port = _free_port()
    log_path = tmp_path / "server.log"
    env = dict(os.environ, RASA_URL=f"http://127.0.0.1:{_free_port()}")
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.web_server", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 20
            while True:
                try:
                    urllib.request.urlopen(base + "/i18n/en.json", timeout=2).read()
                    break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        raise
                    time.sleep(0.1)
            req = urllib.request.Request(base + "/chat", data=chat_body(SECRET).encode(), method="POST")
            with urllib.request.urlopen(req, timeout=10) as resp:
                assert resp.headers["X-Signpost-Degraded"] == "1"
                assert json.loads(resp.read()) == []
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    assert SECRET not in text
    assert SENDER not in text
    assert "/chat" not in text and "/i18n" not in text, "no access log"


# ---------------------------------------------------------------- locale files


def _load(lang: str) -> dict[str, Any]:
    data = yaml.safe_load((LOCALES / f"widget.{lang}.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_every_language_has_a_widget_locale_and_no_others() -> None:
    files = sorted(p.name for p in LOCALES.glob("widget.*.yml"))
    assert files == sorted(f"widget.{lang}.yml" for lang in LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_widget_locale_has_same_keys_and_no_empty_values(lang: str) -> None:
    en = _load("en")
    data = _load(lang)
    assert set(data) == set(en)
    for key, value in data.items():
        assert isinstance(value, str) and value.strip(), f"{lang}.{key} is empty"
    # Endonyms are the same everywhere, so the picker reads the same in every language.
    for code in LANGUAGES:
        assert data[f"lang_{code}"] == en[f"lang_{code}"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_widget_locale_phone_numbers_are_only_the_allowed_ones(lang: str) -> None:
    data = load_strings()[lang]
    for key in ("offline",):
        assert "999" in data[key] and "55" in data[key] and "0808 2000 247" in data[key]
    allowed = {"999", "55", "0808", "2000", "247", "24", "7", "3", "1000"}
    for key, value in data.items():
        for number in re.findall(r"[0-9]+", value):
            assert number in allowed, f"{lang}.{key} has an unexpected number {number}"
        if "0808" in value:
            assert "0808 2000 247" in value


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_rtl_locales_are_in_arabic_script(lang: str) -> None:
    data = _load(lang)
    for key in ("title", "input_label", "send", "exit_button", "offline", "cover_tracks_exit"):
        assert re.search(r"[\u0600-\u06FF]", data[key]), f"{lang}.{key} is not in Arabic script"


def test_widget_js_fallback_matches_english_locale() -> None:
    """widget.js keeps English copies of the exit label and safety message for when /i18n fails."""
    js = (ROOT / "web" / "widget" / "widget.js").read_text(encoding="utf-8")
    en = load_strings()["en"]
    assert json.dumps(en["exit_button"]) in js or f"'{en['exit_button']}'" in js
    assert json.dumps(en["offline"]) in js
