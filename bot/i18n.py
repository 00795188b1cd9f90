"""Every sentence the bot says comes from locales/ through python-i18n; numbers come from the
catalog. Right-to-left replies isolate numbers and Latin names so a phone number stays in order.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import i18n

from bot.language import LANGUAGES, RTL_LANGUAGES
from services_catalog.queries import service_by_id

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, pop directional isolate


@lru_cache(maxsize=1)
def _configure() -> None:
    i18n.set("load_path", [str(LOCALES_DIR)])
    i18n.set("filename_format", "{namespace}.{locale}.{format}")
    i18n.set("file_format", "yml")
    i18n.set("skip_locale_root_data", True)
    i18n.set("available_locales", list(LANGUAGES))
    i18n.set("fallback", "en")
    i18n.set("enable_memoization", True)


def isolate(value: str, language: str) -> str:
    """Wrap a left-to-right value (number, URL, name) so RTL text cannot reorder it.

    Values already written in the RTL script (e.g. "مفت، 24 گھنٹے") are left alone: wrapping
    them would force left-to-right order on their words."""
    already = value.startswith(LRI) and value.endswith(PDI)  # e.g. a route line inside a line
    latin = any(c.isascii() and c.isalnum() for c in value)
    right_to_left = any("\u0590" <= c <= "\u08ff" for c in value)
    if language in RTL_LANGUAGES and latin and not right_to_left and not already:
        return f"{LRI}{value}{PDI}"
    return value


def t(key: str, language: str, **values: str) -> str:
    """The `bot.`-namespaced sentence `key` in `language` (English if missing), filled in."""
    _configure()
    language = language if language in LANGUAGES else "en"
    filled = {k: isolate(str(v), language) for k, v in values.items()}
    return i18n.t(f"bot.{key}", locale=language, **filled)


def service_text(service_id: str, language: str) -> str:
    _configure()
    language = language if language in LANGUAGES else "en"
    return i18n.t(f"services.{service_id}", locale=language)


def _phone(service_id: str, kind: str = "phone") -> str:
    contact = service_by_id(service_id).contact(kind)
    if contact is None:
        raise LookupError(f"{service_id} has no showable {kind} in the catalog")
    return contact.value


@lru_cache(maxsize=1)
def fact_values() -> dict[str, str]:
    """Fixed routes quoted inside sentences, read from the validated catalog (never typed)."""
    return {
        "emergency": _phone("emergency_999"),
        "silent_code": service_by_id("silent_solution").silent_code or "",
        "samaritans": _phone("samaritans"),
        "shout": _phone("shout", "text"),
        "helpline": _phone("national_da_helpline"),
        "helpline_name": service_by_id("national_da_helpline").name,
        "police": _phone("police_101"),
        "met_online": _phone("met_online_report", "web"),
        "crimestoppers": _phone("crimestoppers"),
        "ncdv": _phone("ncdv"),
        "havens": _phone("the_havens"),
        "btp": _phone("btp", "text"),
        "fmu": _phone("forced_marriage_unit"),
        "msh": _phone("modern_slavery_helpline"),
    }


def say(key: str, language: str, **values: str) -> str:
    """A sentence with the catalog's fixed routes available as placeholders."""
    return t(key, language, **{**fact_values(), **values})
