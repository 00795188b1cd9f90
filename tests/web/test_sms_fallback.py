"""Twilio's fallback URL answers with the safety text even when Rasa cannot run at all."""
from __future__ import annotations

import asyncio
from urllib.parse import urlencode

import pytest
from aiohttp.test_utils import TestClient, TestServer
from twilio.request_validator import RequestValidator

from bot.web_server import create_app

TOKEN = "fallback-test-token"


def post(form: dict[str, str], sign: bool = True) -> tuple[int, str]:
    async def main() -> tuple[int, str]:
        dead_rasa = "http://127.0.0.1:9"  # nothing listens there: Rasa is down
        async with TestClient(TestServer(create_app(rasa_url=dead_rasa), host="127.0.0.1")) as client:
            url = str(client.make_url("/sms/fallback"))
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            if sign:
                headers["X-Twilio-Signature"] = RequestValidator(TOKEN).compute_signature(url, form)
            response = await client.post("/sms/fallback", data=urlencode(form), headers=headers)
            return response.status, await response.text()
    return asyncio.run(main())


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.delenv("SIGNPOST_PUBLIC_URL", raising=False)


def test_signed_fallback_gives_routes_in_the_senders_language() -> None:
    status, twiml = post({"From": "+447700900123", "Body": "میرا شوہر مجھے مارتا ہے"})
    assert status == 200 and "<Message>" in twiml
    assert "999" in twiml and "55" in twiml and "0808 2000 247" in twiml
    assert any("\u0600" <= c <= "\u06ff" for c in twiml)
    assert "+447700900123" not in twiml


def test_unsigned_fallback_is_refused() -> None:
    status, twiml = post({"From": "+447700900123", "Body": "hi"}, sign=False)
    assert status == 403 and "999" not in twiml
