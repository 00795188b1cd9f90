"""With the action server down, a person still gets emergency routes and the 24/7 helpline."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tests.stack import Stack, running_stack


@pytest.fixture(scope="module")
def rasa_alone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("no-actions"), with_actions=False) as stack:
        yield stack


def test_danger_reply_needs_no_action_server(rasa_alone: Stack) -> None:
    reply = "\n".join(rasa_alone.say("down-1", "he's outside the door with a knife"))
    assert "999" in reply and "55" in reply


def test_other_messages_get_emergency_routes_and_helpline(rasa_alone: Stack) -> None:
    reply = "\n".join(rasa_alone.say("down-2", "my husband hits me"))
    assert "999" in reply and "55" in reply and "0808 2000 247" in reply


def test_exit_still_works(rasa_alone: Stack) -> None:
    reply = "\n".join(rasa_alone.say("down-3", "exit"))
    assert "deleted this conversation" in reply

