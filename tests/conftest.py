from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from tests.stack import Stack, running_stack  # noqa: E402

SMS_TEST_TOKEN = "e2e-twilio-token"


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real Rasa server and action server on loopback, shared by the end-to-end tests."""
    with running_stack(tmp_path_factory.mktemp("stack"),
                       env={"TWILIO_AUTH_TOKEN": SMS_TEST_TOKEN}) as running:
        yield running
