"""The cached validator still rejects a malformed action-server response."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import bot.rasa_patches  # noqa: F401
from rasa.utils.endpoints import EndpointConfig


def test_valid_and_invalid_action_results() -> None:
    action = RemoteAction("action_x", EndpointConfig("http://127.0.0.1:1/webhook"))
    assert action._validate_action_result({"events": [], "responses": [{"text": "hi"}]})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "not a list", "responses": []})
