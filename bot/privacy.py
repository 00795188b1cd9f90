"""Pseudonymisation of sender ids: a phone number or browser id never reaches Rasa as it is."""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets

logger = logging.getLogger(__name__)

_KEY_ENV = "SIGNPOST_SENDER_KEY"
_process_key: bytes | None = None


def _sender_key() -> bytes:
    """The HMAC key from the environment; a random per-process key when unset.

    A random key keeps ids unlinkable across restarts, which is what we want in development;
    production sets the key so that a restart does not split a live SMS conversation.
    """
    global _process_key
    configured = os.environ.get(_KEY_ENV)
    if configured:
        return configured.encode("utf-8")
    if _process_key is None:
        logger.warning("%s is not set: using a random key for this process.", _KEY_ENV)
        _process_key = secrets.token_bytes(32)
    return _process_key


def pseudonymise_sender(sender_id: str, channel: str) -> str:
    """Keyed hash of a sender id, scoped by channel, safe to use as a Rasa conversation id."""
    digest = hmac.new(_sender_key(), f"{channel}:{sender_id}".encode("utf-8"), hashlib.sha256)
    return f"{channel}-{digest.hexdigest()[:32]}"
