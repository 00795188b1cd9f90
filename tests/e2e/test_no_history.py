"""No message text, phone number or sender id in logs (at the production level) or in files."""
from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests
from twilio.request_validator import RequestValidator

from tests.stack import ROOT, Stack, running_stack

TOKEN = "canary-test-token"
CANARY = f"canary{uuid.uuid4().hex[:10]}"
PHONE = "+447700900123"  # an Ofcom drama number: never a real person
SENDER = f"browser-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def canary_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, float]]:
    started = time.time()
    with running_stack(tmp_path_factory.mktemp("canary"),
                       env={"TWILIO_AUTH_TOKEN": TOKEN, "LOG_LEVEL": "INFO"}) as stack:
        yield stack, started


def send_sms(stack: Stack, body: str, sid: str) -> requests.Response:
    url = f"{stack.rasa_url}/webhooks/twilio/webhook"
    form = {"From": PHONE, "To": "+447700900000", "Body": body, "MessageSid": sid}
    signature = RequestValidator(TOKEN).compute_signature(url, form)
    return requests.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=30)


def files_written_since(started: float, roots: list[Path]) -> Iterator[Path]:
    for root in roots:
        for path in root.rglob("*"):
            if ".venv" in path.parts or ".git" in path.parts or not path.is_file():
                continue
            try:
                if path.stat().st_mtime >= started:
                    yield path
            except OSError:
                continue


def test_canary_leaves_no_trace(canary_stack: tuple[Stack, float]) -> None:
    stack, started = canary_stack
    secrets = (CANARY, PHONE, PHONE.lstrip("+"), SENDER)
    stack.say(SENDER, f"my husband hits me {CANARY}")
    stack.say(SENDER, f"he is outside with a knife {CANARY}")
    stack.say(SENDER, "EXIT")
    assert send_sms(stack, f"my ex follows me {CANARY}", "SM" + "1" * 32).status_code == 200
    assert send_sms(stack, "EXIT", "SM" + "2" * 32).status_code == 200
    time.sleep(1)
    stack.stop()  # flush and close every log
    scanned = list(files_written_since(started, [ROOT, stack.log_dir]))
    assert any(p.name == "rasa.log" for p in scanned)
    for path in scanned:
        content = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in content, f"{secret} found in {path}"


def test_http_api_is_off(stack: Stack) -> None:
    for path in ("/conversations/someone/tracker", "/model/parse", "/status"):
        assert requests.get(f"{stack.rasa_url}{path}", timeout=10).status_code in (404, 405)
