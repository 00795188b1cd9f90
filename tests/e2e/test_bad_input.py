"""Hostile and malformed requests to the REST channel: a clear 4xx or a polite reply, never 5xx."""
from __future__ import annotations

import requests

from tests.stack import Stack


def post(stack: Stack, data: bytes, content_type: str = "application/json") -> requests.Response:
    return requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", data=data,
                         headers={"Content-Type": content_type}, timeout=30)


def test_not_json_is_400(stack: Stack) -> None:
    assert post(stack, b"this is not json").status_code == 400


def test_invalid_utf8_is_400(stack: Stack) -> None:
    assert post(stack, b'{"sender": "x1", "message": "\xff\xfe"}').status_code == 400


def test_missing_fields_and_empty_message_are_400(stack: Stack) -> None:
    assert post(stack, b'{"message": "hi"}').status_code == 400
    assert post(stack, b'{"sender": "x2"}').status_code == 400
    assert post(stack, b'{"sender": "x3", "message": "   "}').status_code == 400
    assert post(stack, b'["sender", "message"]').status_code == 400


def test_huge_body_is_413(stack: Stack) -> None:
    assert post(stack, b'{"sender": "x4", "message": "' + b"a" * 100_000 + b'"}').status_code == 413


def test_long_message_gets_a_polite_reply(stack: Stack) -> None:
    replies = stack.say("x5", "help " * 1000)
    assert "too long" in replies[0]


def test_html_is_treated_as_text(stack: Stack) -> None:
    replies = stack.say("x6", "<script>alert(1)</script> he hits me")
    assert all("<script>" not in r for r in replies)
    assert replies


def test_forged_sender_ids_are_refused(stack: Stack) -> None:
    assert post(stack, b'{"sender": "../../etc/passwd", "message": "hi"}').status_code == 400
