"""The reply of last resort: emergency routes and the 24/7 helpline in the person's language.

Used by the channels whenever the assistant produced nothing (action server down, model not
loaded, an exception), so no one who writes in is ever left without a way to get help.
"""
from __future__ import annotations

import logging

from bot.i18n import say
from bot.language import detect_language

logger = logging.getLogger(__name__)


def safety_fallback_text(text: str, language: str | None = None) -> str:
    """Never raises: if even the locale files fail, a fixed English line is better than nothing."""
    try:
        return say("safety_fallback", language or detect_language(text or "").language)
    except Exception:  # noqa: BLE001 - the last line of defence must not fail
        logger.exception("safety fallback could not be rendered")
        return ("If you are in danger call 999. If you can't speak, call 999 then press 55. "
                "National Domestic Abuse Helpline, free, 24/7: 0808 2000 247.")
