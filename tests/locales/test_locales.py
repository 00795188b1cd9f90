"""Every sentence exists in all 11 languages, with the same placeholders, and no phone numbers."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.language import LANGUAGES

LOCALES = Path(__file__).resolve().parents[2] / "locales"
NAMESPACES = sorted({p.name.split(".")[0] for p in LOCALES.glob("*.en.yml")})
PLACEHOLDER = re.compile(r"%\{(\w+)\}")
PHONE = re.compile(r"(?<!\d)(?:0\d{2,4}[ ]?\d{3,4}[ ]?\d{3,4}|116 ?123|85258|61016)(?!\d)")


def flatten(data: object, prefix: str = "") -> dict[str, str]:
    if isinstance(data, dict):
        out: dict[str, str] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: "" if data is None else str(data)}


def load(namespace: str, language: str) -> dict[str, str]:
    return flatten(yaml.safe_load((LOCALES / f"{namespace}.{language}.yml").read_text("utf-8")))


@pytest.mark.parametrize("namespace", NAMESPACES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_same_keys_and_placeholders_as_english(namespace: str, language: str) -> None:
    english, other = load(namespace, "en"), load(namespace, language)
    assert set(other) == set(english), set(english) ^ set(other)
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(other[key])) == set(PLACEHOLDER.findall(text)), key
        assert other[key].strip() or not text.strip(), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_bot_sentences_carry_no_phone_numbers(language: str) -> None:
    for key, text in load("bot", language).items():
        assert not PHONE.search(text), (key, text)
