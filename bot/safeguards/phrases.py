"""Compile the curated danger, crisis and exit phrase lists (one YAML file per language).

Every language's list is applied to every message: a danger phrase must fire even when the
language was misdetected or the person switches language mid-message.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot.text import has_han, normalise

PHRASES_DIR = Path(__file__).with_name("phrases")
MAX_GAP_WORDS = 6


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """A phrase as a regex over normalised text: whole words, `word*` prefixes, `...` gaps."""
    if has_han(phrase):  # no spaces between Chinese words: match the characters in order
        parts = [re.escape(normalise(p).replace(" ", "")) for p in phrase.split("...")]
        return re.compile(r".{0,12}?".join(parts))
    pieces = []
    for raw in phrase.split():
        if raw == "...":
            pieces.append(r"(?:\S+\s+){0,%d}" % MAX_GAP_WORDS)
            continue
        words = normalise(raw.rstrip("*")).split()
        if not words:
            continue
        suffix = r"\S*" if raw.endswith("*") else ""
        pieces.append(r"\s+".join(re.escape(w) for w in words) + suffix + r"\s+")
    body = "".join(pieces).removesuffix(r"\s+")
    return re.compile(r"(?:^|(?<=\s))" + body + r"(?=\s|$)")


@dataclass(frozen=True)
class Phrase:
    text: str
    pattern: re.Pattern[str]
    spaceless: bool  # Chinese: matched against the message with spaces removed

    @classmethod
    def compile(cls, text: str) -> "Phrase":
        return cls(text, compile_phrase(text), has_han(text))


@dataclass(frozen=True)
class PhraseLists:
    danger: tuple[Phrase, ...] = ()
    crisis: tuple[Phrase, ...] = ()
    exit_words: frozenset[str] = field(default_factory=frozenset)

    def first_match(self, kind: str, text: str) -> str | None:
        """The phrase that fires on `text` for `danger` or `crisis`, or None."""
        folded = normalise(text)
        squeezed = folded.replace(" ", "")
        for phrase in getattr(self, kind):
            if phrase.pattern.search(squeezed if phrase.spaceless else folded):
                return phrase.text
        return None

    def is_exit(self, text: str) -> bool:
        return normalise(text) in self.exit_words


@lru_cache(maxsize=1)
def load_phrase_lists(directory: Path = PHRASES_DIR) -> PhraseLists:
    danger, crisis, exits = [], [], set()
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        danger += [Phrase.compile(p) for p in data.get("danger", []) if normalise(p)]
        crisis += [Phrase.compile(p) for p in data.get("crisis", []) if normalise(p)]
        exits |= {normalise(p) for p in data.get("exit", []) if normalise(p)}
    exits.discard("stop")  # reserved by carriers and Twilio for opting out
    return PhraseLists(tuple(danger), tuple(crisis), frozenset(exits))
