"""A signed SMS conversation through the real stack: TwiML replies, short, and wiped on exit."""
from __future__ import annotations

import re
import uuid

import requests
from twilio.request_validator import RequestValidator

from bot.channels.sms_length import sms_segments
from tests.conftest import SMS_TEST_TOKEN
from tests.stack import Stack


def sms(stack: Stack, sender: str, body: str) -> str:
    url = f"{stack.rasa_url}/webhooks/twilio/webhook"
    form = {"From": sender, "To": "+447700900000", "Body": body,
            "MessageSid": "SM" + uuid.uuid4().hex}
    signature = RequestValidator(SMS_TEST_TOKEN).compute_signature(url, form)
    response = requests.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=30)
    assert response.status_code == 200 and "<Response>" in response.text
    return " ".join(re.findall(r"<Message>(.*?)</Message>", response.text, re.S))


def test_sms_signposting_is_short_and_numbered(stack: Stack) -> None:
    sender = "+4477009" + str(uuid.uuid4().int)[:5]
    reply = sms(stack, sender, "my husband hits me and takes all my money")
    assert "0808 2000 247" in reply and "1 staying safe, 2 reporting" in reply
    assert sms_segments(reply) <= 3
    assert "Crimestoppers" in sms(stack, sender, "2")


def test_sms_danger_and_exit(stack: Stack) -> None:
    sender = "+4477009" + str(uuid.uuid4().int)[:5]
    danger = sms(stack, sender, "hes outside the door with a knife")
    assert "999" in danger and "55" in danger
    assert "deleted this conversation" in sms(stack, sender, "EXIT")
    assert "1 Find support" in sms(stack, sender, "1")  # nothing remembered after exit
