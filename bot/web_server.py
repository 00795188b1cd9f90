"""Web front for the Signpost chat widget: static files, widget strings and a proxy to Rasa.

Why a proxy rather than the browser talking to Rasa directly: one origin lets us send a strict
Content-Security-Policy (connect-src 'self'), validate and size-limit input before Rasa sees it,
pseudonymise the browser's id, and fail safely (the widget shows emergency routes) when Rasa
is down. Nothing here logs message text or sender ids: the access log is off and errors are
logged by exception class only.

Run: python -m bot.web_server --host 127.0.0.1 --port 8080   (env RASA_URL, default
http://127.0.0.1:5005)
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qs, urlsplit

import aiohttp
import yaml

from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot.fallback import safety_fallback_text
from bot.i18n import fact_values, isolate
from bot.language import detect_language
from aiohttp import web

from bot.privacy import pseudonymise_sender

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
WEB_DIR = ROOT / "web"
LOCALES_DIR = ROOT / "locales"

LANGUAGES: tuple[str, ...] = ("en", "ur", "bn", "ar", "hi", "pa", "gu", "zh", "vi", "el", "tr")
DEFAULT_RASA_URL = "http://127.0.0.1:5005"
MAX_MESSAGE_CHARS = 1000
# A message of 1000 characters is at most 4000 bytes of UTF-8; JSON escaping (\uXXXX) can
# make it up to 6 bytes a character. Anything bigger than this is not a valid request.
MAX_BODY_BYTES = 16 * 1024
SENDER_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
RASA_TIMEOUT = aiohttp.ClientTimeout(total=20, connect=3)
EXIT_COMMAND = "EXIT"
SENDER_CHANNEL = "web"

SECURITY_HEADERS: dict[str, str] = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

RASA_URL_KEY = web.AppKey("rasa_url", str)
STRINGS_KEY = web.AppKey("strings", dict)
SESSION_KEY = web.AppKey("session", aiohttp.ClientSession)
WEB_DIR_KEY = web.AppKey("web_dir", Path)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class BadRequest(Exception):
    """Client input we refuse; carries the HTTP status and a short, data-free reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def json_error(status: int, reason: str) -> web.Response:
    """JSON error body so the widget can tell 'too long' from other failures."""
    return web.json_response({"error": reason}, status=status)


def load_strings(locales_dir: Path = LOCALES_DIR) -> dict[str, dict[str, str]]:
    """Read every locales/widget.<lang>.yml once at start-up; a missing file is a startup error
    because a language offered in the picker must never 404 for a survivor."""
    strings: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        path = locales_dir / f"widget.{lang}.yml"
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        if not isinstance(data, dict):
            raise ValueError(f"{path} is not a mapping")
        strings[lang] = {str(k): fill_facts(str(v), lang) for k, v in data.items()}
    return strings


def fill_facts(text: str, lang: str) -> str:
    """Numbers come from the services catalog, like every other sentence the bot says."""
    for name, value in fact_values().items():
        text = text.replace(f"%{{{name}}}", isolate(value, lang))
    return text


async def _add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare hook: runs for every response, static files and errors included."""
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn refusals and crashes into small JSON errors without logging any request data."""
    try:
        return await handler(request)
    except BadRequest as exc:
        return json_error(exc.status, exc.reason)
    except web.HTTPException as exc:
        if exc.status >= 400:
            response = json_error(exc.status, exc.reason.lower().replace(" ", "_"))
            if "Allow" in exc.headers:
                response.headers["Allow"] = exc.headers["Allow"]
            return response
        raise
    except Exception as exc:  # noqa: BLE001 - last resort; log the class only, never the data
        logger.error("Unhandled error in web server: %s", type(exc).__name__)
        return json_error(500, "internal_error")


def _check_origin(request: web.Request) -> None:
    """Refuse cross-site posts: other sites must not use a visitor's browser to talk to Rasa.

    Browsers send Origin on every POST from a page; requests without one (curl, tests) pass.
    Behind a reverse proxy, pass the Host header through or set X-Forwarded-Host.
    """
    origin = request.headers.get("Origin")
    if origin is None:
        return
    allowed = {request.host}
    forwarded = request.headers.get("X-Forwarded-Host")
    if forwarded:
        allowed.add(forwarded.split(",")[0].strip())
    if urlsplit(origin).netloc not in allowed:
        raise BadRequest(403, "cross_origin")


async def _read_json_object(request: web.Request) -> dict[str, Any]:
    """Body as a JSON object. Content-Type is not required because sendBeacon sends text/plain."""
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise BadRequest(413, "too_large") from None
    if not raw:
        raise BadRequest(400, "empty_body")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, "invalid_utf8") from None
    try:
        data = json.loads(text)
    except ValueError:
        raise BadRequest(400, "invalid_json") from None
    if not isinstance(data, dict):
        raise BadRequest(400, "expected_object")
    return data


def _valid_sender(data: dict[str, Any]) -> str:
    sender = data.get("sender")
    if not isinstance(sender, str) or not SENDER_RE.fullmatch(sender):
        raise BadRequest(400, "invalid_sender")
    return sender


def _language(data: dict[str, Any]) -> str:
    """Language from metadata; an unknown code falls back to English rather than failing."""
    metadata = data.get("metadata")
    if metadata is None:
        return "en"
    if not isinstance(metadata, dict):
        raise BadRequest(400, "invalid_metadata")
    lang = metadata.get("language", "en")
    return lang if isinstance(lang, str) and lang in LANGUAGES else "en"


async def _ask_rasa(
    request: web.Request, sender: str, message: str, language: str
) -> list[dict[str, Any]] | None:
    """Forward one message to Rasa's REST channel. None means Rasa could not answer."""
    app = request.app
    payload = {
        "sender": pseudonymise_sender(sender, SENDER_CHANNEL),
        "message": message,
        "metadata": {"language": language, "channel": SENDER_CHANNEL},
    }
    url = app[RASA_URL_KEY].rstrip("/") + "/webhooks/rest/webhook"
    try:
        async with app[SESSION_KEY].post(url, json=payload) as resp:
            if resp.status != 200:
                logger.warning("Rasa answered HTTP %s", resp.status)
                return None
            body = await resp.json(content_type=None)
    except Exception as exc:  # noqa: BLE001 - any failure means "degraded", never a crash
        logger.warning("Rasa unreachable: %s", type(exc).__name__)
        return None
    if not isinstance(body, list):
        logger.warning("Rasa answered with something other than a list")
        return None
    # Keep only text replies; the widget renders nothing else, and the pseudonymised id
    # stays between us and Rasa.
    return [
        {"recipient_id": sender, "text": item["text"]}
        for item in body
        if isinstance(item, dict) and isinstance(item.get("text"), str)
    ]


async def chat(request: web.Request) -> web.Response:
    """POST /chat: validate, forward to Rasa, return its text replies (or [] when degraded)."""
    _check_origin(request)
    data = await _read_json_object(request)
    sender = _valid_sender(data)
    message = data.get("message")
    if not isinstance(message, str) or not message.strip():
        raise BadRequest(400, "invalid_message")
    if len(message) > MAX_MESSAGE_CHARS:
        raise BadRequest(413, "too_long")
    language = _language(data)
    replies = await _ask_rasa(request, sender, message, language)
    if replies is None:
        return web.json_response([], headers={"X-Signpost-Degraded": "1"})
    return web.json_response(replies)


async def chat_exit(request: web.Request) -> web.Response:
    """POST /chat/exit: tell Rasa to wipe this conversation. Always 204 once the input is valid,
    because the page has already gone and nobody is waiting for the answer."""
    _check_origin(request)
    data = await _read_json_object(request)
    sender = _valid_sender(data)
    await _ask_rasa(request, sender, EXIT_COMMAND, _language(data))
    # Ask the browser to drop anything it kept for this origin (best effort).
    return web.Response(status=204, headers={"Clear-Site-Data": '"cache", "storage"'})


async def sms_fallback(request: web.Request) -> web.Response:
    """Twilio's fallback URL for the SMS number: Twilio calls it when the main webhook fails
    (Rasa down, or unable to start because the model cannot be loaded). It needs no model:
    a signed request gets the emergency routes and the 24/7 helpline in the sender's language."""
    token = os.environ.get("TWILIO_AUTH_TOKEN")
    try:
        fields = parse_qs((await request.read()).decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError as exc:
        raise BadRequest(400, "bad_form") from exc
    form = {key: values[0] for key, values in fields.items()}
    public_url = os.environ.get("SIGNPOST_PUBLIC_URL")
    base = public_url.rstrip("/") if public_url else f"{request.scheme}://{request.host}"
    url = base + request.path_qs
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not RequestValidator(token).validate(url, form, signature):
        raise BadRequest(403, "forbidden")
    reply = MessagingResponse()
    reply.message(safety_fallback_text(form.get("Body", "")))
    return web.Response(text=str(reply), content_type="text/xml")


async def i18n(request: web.Request) -> web.Response:
    """GET /i18n/<lang>.json: the widget's strings for one language."""
    lang = request.match_info["lang"]
    strings = request.app[STRINGS_KEY].get(lang)
    if strings is None:
        raise BadRequest(404, "unknown_language")
    return web.json_response(strings, dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def index(request: web.Request) -> web.FileResponse:
    """The demo host page."""
    return web.FileResponse(request.app[WEB_DIR_KEY] / "index.html")


async def _client_session(app: web.Application):  # type: ignore[no-untyped-def]
    """One shared client session for Rasa, closed on shutdown."""
    app[SESSION_KEY] = aiohttp.ClientSession(timeout=RASA_TIMEOUT)
    yield
    await app[SESSION_KEY].close()


def create_app(
    rasa_url: str | None = None,
    web_dir: Path = WEB_DIR,
    locales_dir: Path = LOCALES_DIR,
) -> web.Application:
    """Build the app; tests pass their own fake Rasa URL."""
    app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[error_middleware])
    app[RASA_URL_KEY] = rasa_url or os.environ.get("RASA_URL", DEFAULT_RASA_URL)
    app[STRINGS_KEY] = load_strings(locales_dir)
    app[WEB_DIR_KEY] = web_dir
    app.cleanup_ctx.append(_client_session)
    app.on_response_prepare.append(_add_security_headers)
    app.router.add_get("/", index)
    app.router.add_get("/index.html", index)
    app.router.add_get(r"/i18n/{lang:[a-z]{2}}.json", i18n)
    app.router.add_post("/chat", chat)
    app.router.add_post("/chat/exit", chat_exit)
    app.router.add_post("/sms/fallback", sms_fallback)
    app.router.add_static("/widget/", web_dir / "widget", show_index=False, follow_symlinks=False)
    return app


def main(argv: list[str] | None = None) -> None:
    """Command line entry point. The access log is disabled: paths and ids must not be logged."""
    parser = argparse.ArgumentParser(description="Signpost web widget server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    detect_language("warm up")  # fit language ID now, not on the first SMS fallback request
    web.run_app(create_app(), host=args.host, port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
