"""Browser tests of the chat widget in Debian's Chromium (Playwright, sync API).

They start the real `python -m bot.web_server` against a fake Rasa that runs in a thread.
web/screenshots.py reuses FakeRasa, start_web_server and launch_chromium from this file.
Never run `playwright install`: we only use /usr/bin/chromium.
"""
from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
EXIT_URL = "https://www.bbc.co.uk/weather"
HTML_REPLY = "<img src=x onerror=alert(1)>"
SECRET = "SECRET-MARKER-4410 he checks my phone"

# Canned replies so screenshots look like a real exchange; numbers only from the allowed set.
CANNED = {
    "en": "Thank you for telling me. You're not alone.\n"
          "National Domestic Abuse Helpline, free, 24/7: 0808 2000 247\n"
          "If you are in danger now, call 999.",
    "ar": "شكرًا لأنك أخبرتنا. لست وحدك.\n"
          "الخط الوطني للمساعدة في حالات العنف المنزلي، مجاني وعلى مدار الساعة: \u20660808 2000 247\u2069\n"
          "إذا كنت في خطر الآن، اتصل بالرقم 999.",
    "ur": "ہمیں بتانے کا شکریہ۔ آپ اکیلے نہیں ہیں۔\n"
          "نیشنل ڈومیسٹک ابیوز ہیلپ لائن، مفت، دن رات: \u20660808 2000 247\u2069\n"
          "اگر آپ ابھی خطرے میں ہیں تو 999 پر کال کریں۔",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeRasa:
    """Rasa's REST webhook, faked in a background thread.

    "echo <text>" answers <text>; a message containing "html" answers an <img onerror> string;
    "down" answers HTTP 500; "EXIT" answers nothing; anything else gets a canned reply in the
    message's language. Every request is recorded in `requests`.
    """

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: Any = None

    def reply_to(self, body: dict[str, Any]) -> tuple[int, list[dict[str, str]]]:
        message = str(body.get("message", ""))
        lang = (body.get("metadata") or {}).get("language", "en")
        if message == "EXIT":
            return 200, []
        if message.startswith("echo "):
            text = message[len("echo "):]
        elif "html" in message:
            text = HTML_REPLY
        elif "down" in message:
            return 500, []
        else:
            text = CANNED.get(lang, CANNED["en"])
        return 200, [{"recipient_id": body.get("sender", ""), "text": text}]

    async def _webhook(self, request: Any) -> Any:
        from aiohttp import web

        body = await request.json()
        self.requests.append(body)
        status, replies = self.reply_to(body)
        return web.json_response(replies, status=status)

    async def _start(self) -> None:
        from aiohttp import web

        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def start(self) -> "FakeRasa":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def messages(self) -> list[str]:
        return [str(r.get("message")) for r in self.requests]


class WebServer:
    """`python -m bot.web_server` in a subprocess on a free port; output goes to a log file."""

    def __init__(self, rasa_url: str, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("wb")
        env = dict(os.environ, RASA_URL=rasa_url)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.web_server", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.url + "/i18n/en.json", timeout=2).read()
                return
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError("web server did not start: " + self.log())
                time.sleep(0.1)

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self._log.close()


def start_web_server(rasa_url: str, log_path: Path) -> WebServer:
    return WebServer(rasa_url, log_path)


def launch_chromium(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def strings(lang: str) -> dict[str, str]:
    """The strings as the server sends them (numbers filled in from the catalog)."""
    from bot.web_server import load_strings
    return load_strings()[lang]


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def fake_rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def server(fake_rasa: FakeRasa, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    srv = start_web_server(fake_rasa.url, tmp_path_factory.mktemp("web") / "server.log")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


class PageProblems:
    """Console errors (e.g. CSP violations) and dialogs (alert() from injected HTML)."""

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def page(browser: Any, server: WebServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    pg = context.new_page()
    problems = PageProblems()
    pg.on("console", lambda msg: problems.console_errors.append(msg.text) if msg.type == "error" else None)

    def on_dialog(dialog: Any) -> None:
        problems.dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.problems = problems
    pg.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!DOCTYPE html><title>Weather</title><p>Weather</p>"))
    pg.goto(server.url + "/")
    pg.wait_for_selector("#sp-input")
    yield pg
    context.close()


def send(page: Any, text: str, expected_bot_messages: int) -> None:
    page.fill("#sp-input", text)
    page.click(".sp-send")
    page.wait_for_function(
        "n => document.querySelectorAll('#sp-log .sp-msg-bot').length >= n", arg=expected_bot_messages
    )


def bot_texts(page: Any) -> list[str]:
    return page.eval_on_selector_all("#sp-log .sp-msg-bot .sp-msg-text", "els => els.map(e => e.textContent)")


def wait_until(predicate: Any, page: Any, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        page.wait_for_timeout(50)
    return predicate()


# ---------------------------------------------------------------- tests


def test_send_message_shows_reply(page: Any, fake_rasa: FakeRasa) -> None:
    send(page, "echo first line\nsecond line", 1)
    assert bot_texts(page) == ["first line\nsecond line"]
    white_space = page.eval_on_selector(".sp-msg-bot", "e => getComputedStyle(e).whiteSpace")
    assert white_space == "pre-line"
    # The user's own message is shown too, and the input is cleared.
    assert page.eval_on_selector(".sp-msg-user .sp-msg-text", "e => e.textContent") == "echo first line\nsecond line"
    assert page.input_value("#sp-input") == ""
    last = fake_rasa.requests[-1]
    assert last["metadata"]["language"] == "en"
    assert page.problems.console_errors == [], "no CSP violations or script errors"


def test_html_reply_is_rendered_as_text(page: Any) -> None:
    send(page, "please send html", 1)
    assert bot_texts(page) == [HTML_REPLY]
    assert page.locator("#signpost-widget img").count() == 0
    assert page.locator("img").count() == 0
    page.wait_for_timeout(200)
    assert page.problems.dialogs == []


def test_rasa_down_shows_local_safety_message(page: Any) -> None:
    send(page, "pretend rasa is down", 1)
    assert bot_texts(page) == [strings("en")["offline"]]


def test_too_long_message_is_refused_with_a_message(page: Any, fake_rasa: FakeRasa) -> None:
    before = len(fake_rasa.requests)
    assert page.get_attribute("#sp-input", "maxlength") == "1000"
    # Bypass maxlength the way a paste script could, then submit.
    page.eval_on_selector("#sp-input", "e => { e.removeAttribute('maxlength'); e.value = 'x'.repeat(1001); }")
    page.click(".sp-send")
    assert page.text_content("#sp-error") == strings("en")["error_too_long"]
    assert len(fake_rasa.requests) == before


def test_language_switch_to_arabic(page: Any, fake_rasa: FakeRasa) -> None:
    root = page.locator("#signpost-widget")
    assert root.get_attribute("lang") == "en" and root.get_attribute("dir") == "ltr"
    en_label = page.text_content("label[for=sp-input]")
    options = page.eval_on_selector_all("#sp-lang option", "os => os.map(o => o.textContent)")
    assert options == ["English", "اردو", "বাংলা", "العربية", "हिन्दी", "ਪੰਜਾਬੀ", "ગુજરાતી", "中文",
                       "Tiếng Việt", "Ελληνικά", "Türkçe"]

    page.select_option("#sp-lang", "ar")
    page.wait_for_function("() => document.getElementById('signpost-widget').getAttribute('dir') === 'rtl'")
    ar = strings("ar")
    assert root.get_attribute("lang") == "ar"
    assert page.text_content("label[for=sp-input]") == ar["input_label"] != en_label
    assert page.text_content(".sp-exit") == ar["exit_button"]
    assert page.get_attribute(".sp-exit-bar", "dir") == "rtl"
    assert page.get_attribute("#sp-input", "placeholder") == ar["placeholder"]

    send(page, "مرحبا", 1)
    assert fake_rasa.requests[-1]["metadata"]["language"] == "ar"
    assert bot_texts(page) == [CANNED["ar"]]

    page.select_option("#sp-lang", "ur")
    page.wait_for_function("() => document.getElementById('signpost-widget').getAttribute('lang') === 'ur'")
    assert root.get_attribute("dir") == "rtl"
    page.select_option("#sp-lang", "zh")
    page.wait_for_function("() => document.getElementById('signpost-widget').getAttribute('lang') === 'zh'")
    assert root.get_attribute("dir") == "ltr"
    assert page.text_content(".sp-send") == strings("zh")["send"]


def _assert_left_cleanly(page: Any, history_before: int) -> None:
    page.wait_for_url(EXIT_URL)
    assert page.evaluate("history.length") == history_before, "location.replace must not add history"
    assert page.locator("#signpost-widget").count() == 0
    assert page.locator(".sp-exit").count() == 0


def test_quick_exit_button_blanks_and_leaves_without_history(page: Any, fake_rasa: FakeRasa) -> None:
    send(page, "echo hello", 1)
    sender = fake_rasa.requests[-1]["sender"]
    history_before = page.evaluate("history.length")

    # Hold the exit navigation, and record the page as quick exit changes it: the page must be
    # blank before the browser even asks for the neutral site. (page.evaluate would wait for the
    # pending navigation, so the page reports through an exposed function instead.)
    held: list[Any] = []
    seen: list[dict[str, Any]] = []
    page.unroute("https://www.bbc.co.uk/**")
    page.route("https://www.bbc.co.uk/**", lambda route: held.append(route))
    page.expose_function("reportExitState", lambda report: seen.append(report))
    page.evaluate(
        """() => new MutationObserver(() => window.reportExitState({
            children: document.body.children.length,
            blank: !!document.querySelector('body > .sp-blank'),
            widget: !!document.getElementById('signpost-widget'),
            text: document.body.innerText.trim()})).observe(document.body, {childList: true})"""
    )
    page.click(".sp-exit", no_wait_after=True)
    assert wait_until(lambda: bool(held) and bool(seen), page), "exit did not blank and leave"
    assert held[0].request.url == EXIT_URL
    assert seen[0] == {"children": 1, "blank": True, "widget": False, "text": ""}
    held[0].fulfill(status=200, content_type="text/html", body="<!DOCTYPE html><title>Weather</title>")
    _assert_left_cleanly(page, history_before)

    # The beacon told Rasa to wipe this conversation.
    assert wait_until(lambda: any(r["message"] == "EXIT" and r["sender"] == sender
                                  for r in fake_rasa.requests), page)
    page.go_back()
    assert SECRET not in page.content()
    assert page.locator(".sp-msg").count() == 0


def test_shift_three_times_exits(page: Any) -> None:
    send(page, "echo hi", 1)
    history_before = page.evaluate("history.length")
    page.focus("#sp-input")
    for _ in range(3):
        page.keyboard.press("Shift")
    _assert_left_cleanly(page, history_before)


def test_shift_for_capitals_or_slow_presses_does_not_exit(page: Any) -> None:
    page.focus("#sp-input")
    for letter in "ABC":
        page.keyboard.down("Shift")
        page.keyboard.press(letter)
        page.keyboard.up("Shift")
    for _ in range(3):
        page.keyboard.press("Shift")
        page.wait_for_timeout(600)
    page.wait_for_timeout(300)
    assert page.url.startswith("http://127.0.0.1")
    assert page.locator("#signpost-widget").count() == 1


def test_nothing_is_stored_in_the_browser(page: Any) -> None:
    send(page, "echo one", 1)
    page.select_option("#sp-lang", "ur")
    page.wait_for_function("() => document.getElementById('signpost-widget').getAttribute('lang') === 'ur'")
    send(page, SECRET, 2)
    assert page.context.cookies() == []
    stored = page.evaluate(
        """async () => ({
            local: localStorage.length,
            session: sessionStorage.length,
            idb: (await indexedDB.databases()).length,
            caches: ('caches' in window) ? (await caches.keys()).length : 0,
            cookie: document.cookie,
        })"""
    )
    assert stored == {"local": 0, "session": 0, "idb": 0, "caches": 0, "cookie": ""}


def test_no_horizontal_scroll_at_360px(page: Any) -> None:
    send(page, "echo " + "x" * 300, 1)
    send(page, "echo " + "https://example.org/" + "a" * 200, 2)
    send(page, "echo " + "1" * 300 + " " + "12 34 " * 40, 3)
    send(page, "pretend rasa is down", 4)
    # Phone numbers are kept on one line (no-wrap span), still as plain text.
    assert "0808 2000 247" in page.eval_on_selector_all(".sp-msg-bot .sp-nowrap", "es => es.map(e => e.textContent)")
    for lang in ("en", "ar", "ur", "bn"):
        page.select_option("#sp-lang", lang)
        page.wait_for_function(
            "l => document.getElementById('signpost-widget').getAttribute('lang') === l", arg=lang)
        page.eval_on_selector("details.sp-tracks", "d => d.open = true")
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
            " document.body.scrollWidth]")
        assert widths[0] <= widths[1] and widths[2] <= widths[1], (lang, widths)
    assert page.locator(".sp-exit").is_visible()


def test_exit_button_stays_visible_when_scrolled(page: Any) -> None:
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    box = page.locator(".sp-exit").bounding_box()
    assert box is not None and 0 <= box["y"] < 100
    assert page.locator(".sp-exit").is_visible()


def test_keyboard_only_use(page: Any) -> None:
    order: list[str] = []
    for _ in range(25):
        page.keyboard.press("Tab")
        ident = page.evaluate(
            "() => { const a = document.activeElement; return a.id || a.className || a.tagName; }")
        order.append(ident)
        if ident == "sp-send" or "sp-send" in ident:
            break
    exit_i = order.index("sp-exit")
    lang_i = order.index("sp-lang")
    input_i = order.index("sp-input")
    send_i = next(i for i, name in enumerate(order) if "sp-send" in name)
    assert exit_i < lang_i < input_i < send_i, order
    assert exit_i == 0, "quick exit is the first thing Tab reaches"

    # Focus is clearly visible on the send button.
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }")
    assert outline[0] != "none" and outline[1] != "0px"

    # Enter in the message box sends; Shift+Enter would add a line.
    page.focus("#sp-input")
    page.keyboard.type("echo typed with keys")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#sp-log .sp-msg-bot').length >= 1")
    assert bot_texts(page) == ["typed with keys"]

    # The cover-your-tracks note opens from the keyboard.
    page.focus(".sp-tracks summary")
    page.keyboard.press("Enter")
    assert page.eval_on_selector("details.sp-tracks", "d => d.open") is True
    assert strings("en")["cover_tracks_exit"] in page.text_content("details.sp-tracks")

    # Tab back to the exit button and press Enter: that leaves too.
    history_before = page.evaluate("history.length")
    page.focus(".sp-exit")
    page.keyboard.press("Enter")
    _assert_left_cleanly(page, history_before)


def test_accessibility_basics(page: Any) -> None:
    log = page.locator("#sp-log")
    assert log.get_attribute("role") == "log"
    assert log.get_attribute("aria-live") == "polite"
    assert page.locator("label[for=sp-input]").is_visible()
    assert page.locator("label[for=sp-lang]").is_visible()
    assert page.locator("details.sp-tracks summary").is_visible()
    assert page.locator("#signpost-widget").get_attribute("aria-labelledby") == "sp-title"


def test_reduced_motion_is_respected(browser: Any, server: WebServer) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, reduced_motion="reduce")
    pg = context.new_page()
    pg.goto(server.url + "/")
    pg.wait_for_selector("#sp-input")
    transform = pg.evaluate(
        "() => { const b = document.querySelector('.sp-exit'); return getComputedStyle(b).transitionDuration; }")
    assert transform in ("0s", "")
    context.close()


def test_server_log_has_no_message_text(page: Any, server: WebServer) -> None:
    send(page, SECRET, 1)
    log = server.log()
    assert SECRET not in log
    assert "/chat" not in log
