"""Compile the curated danger, crisis and exit phrase lists (one YAML file per language).

Every language's list is applied to every message: a danger phrase must fire even when the
language was misdetected or the person switches language mid-message. With tens of thousands of
phrases, each message is checked only against the phrases filed under a word it contains (see
PhraseIndex), and a phrase's regex is compiled the first time it is needed.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from bot.text import has_han, normalise

PHRASES_DIR = Path(__file__).with_name("phrases")
MAX_GAP_WORDS = 6
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the lists are long


@lru_cache(maxsize=None)
def compile_phrase(phrase: str) -> re.Pattern[str]:
    """A phrase as a regex over normalised text: whole words, `word*` prefixes, `...` gaps, and
    `^` / `$` for the start / end of the message (a short "he's here" on its own is an alarm;
    inside a longer message it may not be)."""
    at_start, at_end = phrase.startswith("^"), phrase.endswith("$")
    phrase = phrase.strip("^$ ")
    if has_han(phrase):  # no spaces between Chinese words: match the characters in order
        parts = [re.escape(normalise(p).replace(" ", "")) for p in phrase.split("...")]
        return re.compile("^" * at_start + r".{0,12}?".join(parts) + "$" * at_end)
    start = r"^" if at_start else r"(?:^|(?<=\s))"
    end = r"$" if at_end else r"(?=\s|$)"
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
    return re.compile(start + body + end)


def _found(phrase: str, folded: str, squeezed: str) -> bool:
    return bool(compile_phrase(phrase).search(squeezed if has_han(phrase) else folded))


@dataclass(frozen=True)
class Phrase:
    text: str
    order: int  # position across all files: the first phrase in file order is the one reported
    unless: tuple[str, ...] = ()  # phrases that, anywhere in the message, stop this one firing

    @cached_property
    def spaceless(self) -> bool:  # Chinese: matched against the message with spaces removed
        return has_han(self.text)

    @cached_property
    def words(self) -> list[tuple[str, bool]]:
        """Words every match must contain, each with whether it is only a `word*` prefix; for
        Chinese, its Han characters (the index looks a message up by those, so "帮我打999" must
        not be filed under "9")."""
        body = self.text.strip("^$ ")
        if self.spaceless:
            return [(c, False) for c in normalise(body.replace("...", " ")) if has_han(c)]
        return [(w, raw.endswith("*") and w == words[-1]) for raw in body.split()
                for words in [normalise(raw.rstrip("*")).split()] for w in words]

    def fires_on(self, folded: str, squeezed: str) -> bool:
        return _found(self.text, folded, squeezed) and not any(
            _found(exception, folded, squeezed) for exception in self.unless)


class PhraseIndex:
    """Phrases filed under their rarest word (or `word*` prefix, or Chinese character), so a
    message meets only the phrases whose filing word it contains."""

    def __init__(self, phrases: list[Phrase]) -> None:
        self.phrases = tuple(phrases)
        self.by_word: dict[str, list[Phrase]] = defaultdict(list)
        self.by_prefix: dict[str, list[Phrase]] = defaultdict(list)
        self.anywhere: list[Phrase] = []
        usage = Counter(word for phrase in phrases for word, _ in set(phrase.words))
        for phrase in phrases:  # filed under its rarest word: "please" would bring hundreds
            if not phrase.words:
                self.anywhere.append(phrase)
                continue
            word, is_prefix = min(phrase.words, key=lambda w: (usage[w[0]], -len(w[0])))
            (self.by_prefix if is_prefix else self.by_word)[word].append(phrase)

    def candidates(self, folded: str, squeezed: str) -> list[Phrase]:
        found = list(self.anywhere)
        for word in set(folded.split()) | {c for c in squeezed if has_han(c)}:
            found += self.by_word.get(word, ())
            found += [p for end in range(1, len(word) + 1) for p in self.by_prefix.get(word[:end], ())]
        return sorted(set(found), key=lambda p: p.order)

    def first_match(self, text: str) -> str | None:
        folded = normalise(text)
        squeezed = folded.replace(" ", "")
        return next((p.text for p in self.candidates(folded, squeezed)
                     if p.fires_on(folded, squeezed)), None)


@dataclass(frozen=True)
class PhraseLists:
    danger: PhraseIndex = field(default_factory=lambda: PhraseIndex([]))
    crisis: PhraseIndex = field(default_factory=lambda: PhraseIndex([]))
    exit_words: frozenset[str] = field(default_factory=frozenset)

    def first_match(self, kind: str, text: str) -> str | None:
        """The phrase that fires on `text` for `danger` or `crisis`, or None."""
        return getattr(self, kind).first_match(text)

    def is_exit(self, text: str) -> bool:
        return normalise(text) in self.exit_words


def read_entry(entry: str | dict) -> tuple[str, tuple[str, ...]]:
    """A list entry is a phrase, or `{phrase: ..., unless: [...]}` for a phrase with readings
    that are not alarms ("morte ichha kore" fires, "morte ichha kore na" does not)."""
    if isinstance(entry, dict):
        return str(entry["phrase"]), tuple(str(u) for u in entry.get("unless", ()))
    return str(entry), ()


@lru_cache(maxsize=1)
def load_phrase_lists(directory: Path = PHRASES_DIR) -> PhraseLists:
    entries: dict[str, list[tuple[str, tuple[str, ...]]]] = {"danger": [], "crisis": []}
    exits: set[str] = set()
    for path in sorted(directory.glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
        for kind, found in entries.items():
            found += [e for e in map(read_entry, data.get(kind, [])) if normalise(e[0])]
        exits |= {normalise(p) for p in data.get("exit", []) if normalise(p)}
    exits.discard("stop")  # reserved by carriers and Twilio for opting out
    danger, crisis = (PhraseIndex([Phrase(text, i, unless) for i, (text, unless)
                                   in enumerate(dict.fromkeys(entries[k]))])
                      for k in ("danger", "crisis"))
    return PhraseLists(danger, crisis, frozenset(exits))
