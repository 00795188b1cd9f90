"""The conversation's language, decided the same way by the Rasa server and the action server.

An explicit choice wins (the language menu, or the web widget's picker sent as message
metadata); otherwise the last message whose language was detected confidently;
so a short "ok" or "1" in English never flips an Urdu conversation.
"""
from __future__ import annotations

from typing import Any, Iterable

LANGUAGE_SLOT = "language"


def conversation_language(choice: str | None, verdicts: Iterable[dict[str, Any] | None]) -> str:
    """`verdicts` are the `triage` parse data of the user's messages, oldest first."""
    if choice:
        return choice
    for verdict in reversed([v for v in verdicts if v]):
        if verdict.get("language_confident"):
            return verdict["language"]
    return "en"


def latest_channel_language(metadatas: Iterable[dict[str, Any] | None]) -> str | None:
    """The language the channel said the person picked (web widget), newest first."""
    for metadata in reversed([m for m in metadatas if m]):
        if metadata.get(LANGUAGE_SLOT):
            return metadata[LANGUAGE_SLOT]
    return None
