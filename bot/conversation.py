"""The conversation's language, decided the same way by the Rasa server and the action server.

An explicit choice wins (the language menu, or the web widget's picker sent as message
metadata); otherwise the last message whose language was detected confidently;
so a short "ok" or "1" in English never flips an Urdu conversation.
"""
from __future__ import annotations

from typing import Any, Iterable

LANGUAGE_SLOT = "language"
SCRIPT_SIBLINGS = {"ur": ["ur", "hi"], "hi": ["hi", "ur"]}


def conversation_language(choice: str | None, verdicts: Iterable[dict[str, Any] | None]) -> str:
    """`verdicts` are the `triage` parse data of the user's messages, oldest first."""
    if choice:
        return choice
    deciding = _deciding_verdict(verdicts)
    if deciding is None or deciding.get("romanised"):
        return "en"  # romanised writers read Latin script: offer theirs (script_offer) instead
    return deciding["language"]


def script_offer(choice: str | None, verdicts: Iterable[dict[str, Any] | None]) -> list[str]:
    """Native-script languages to offer someone writing romanised, until they choose one.

    Romanised Urdu and Hindi are often the same words, so both scripts are offered."""
    deciding = _deciding_verdict(verdicts)
    if choice or deciding is None or not deciding.get("romanised"):
        return []
    return SCRIPT_SIBLINGS.get(deciding["language"], [deciding["language"]])


def _deciding_verdict(verdicts: Iterable[dict[str, Any] | None]) -> dict[str, Any] | None:
    for verdict in reversed([v for v in verdicts if v]):
        if verdict.get("language_confident"):
            return verdict
    return None


def latest_channel_language(metadatas: Iterable[dict[str, Any] | None]) -> str | None:
    """The language the channel said the person picked (web widget), newest first."""
    for metadata in reversed([m for m in metadatas if m]):
        if metadata.get(LANGUAGE_SLOT):
            return metadata[LANGUAGE_SLOT]
    return None
