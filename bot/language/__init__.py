"""Which of Signpost's 11 languages a message is in, native script or romanised.

Scripts decide most languages outright. Arabic script (Arabic or Urdu) and Latin script
(English, Turkish, Vietnamese) go to lingua, restricted to our languages; Latin text is also
scored against word lists of romanised Urdu, Hindi, Bengali and Punjabi (romanised/*.yml).
A detection is `confident` only when it should be allowed to change the conversation language:
"ok", "yes" or "1" must never flip it.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from lingua import Language, LanguageDetectorBuilder

from bot.text import normalise

LANGUAGES = ("en", "ur", "bn", "ar", "hi", "pa", "gu", "zh", "vi", "el", "tr")
RTL_LANGUAGES = frozenset({"ar", "ur"})
ROMANISED_DIR = Path(__file__).with_name("romanised")
SCRIPT_LANGUAGE = {"BENGALI": "bn", "GURMUKHI": "pa", "GUJARATI": "gu", "GREEK": "el",
                   "CJK": "zh", "DEVANAGARI": "hi", "HIRAGANA": "zh", "KATAKANA": "zh"}
LINGUA = {Language.ENGLISH: "en", Language.URDU: "ur", Language.ARABIC: "ar",
          Language.TURKISH: "tr", Language.VIETNAMESE: "vi"}
# Letters used in Urdu (and Punjabi Shahmukhi) but not in Arabic.
URDU_LETTERS = set("ٹڈڑںےہھگچپژکی")
MIN_CONFIDENT_LETTERS = 6


@dataclass(frozen=True)
class Detection:
    language: str
    confident: bool
    romanised: bool = False


@lru_cache(maxsize=1)
def _latin_detector():  # noqa: ANN202
    return LanguageDetectorBuilder.from_languages(
        Language.ENGLISH, Language.TURKISH, Language.VIETNAMESE).build()


@lru_cache(maxsize=1)
def _romanised_words() -> dict[str, frozenset[str]]:
    words = {}
    for path in sorted(ROMANISED_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        words[path.stem] = frozenset(normalise(w) for w in data.get("words", []) if normalise(w))
    return words


def _dominant_script(text: str) -> tuple[str, int]:
    scripts: Counter[str] = Counter()
    for char in text:
        if unicodedata.category(char).startswith("L"):
            scripts[unicodedata.name(char, "?").split(" ")[0]] += 1
    if not scripts:
        return "", 0
    script, _ = scripts.most_common(1)[0]
    return script, sum(scripts.values())


def _romanised_language(tokens: list[str]) -> tuple[str | None, int]:
    """Best romanised South Asian language by word-list hits (ties go to the first listed)."""
    best, best_hits = None, 0
    for language in ("ur", "hi", "pa", "bn"):
        hits = sum(t in _romanised_words().get(language, ()) for t in tokens)
        if hits > best_hits:
            best, best_hits = language, hits
    return best, best_hits


def detect_language(text: str) -> Detection:
    script, letters = _dominant_script(text)
    if not script:
        return Detection("en", confident=False)
    if script in SCRIPT_LANGUAGE:
        return Detection(SCRIPT_LANGUAGE[script], confident=letters >= 2)
    if script == "ARABIC":
        language = "ur" if URDU_LETTERS & set(text) else "ar"
        return Detection(language, confident=letters >= 3)
    tokens = normalise(text).split()
    romanised, hits = _romanised_language(tokens)
    if romanised and hits >= max(1, len(tokens) // 4):
        return Detection(romanised, confident=hits >= 2, romanised=True)
    detected = _latin_detector().detect_language_of(text)
    language = LINGUA.get(detected, "en") if detected else "en"
    confident = letters >= MIN_CONFIDENT_LETTERS and len(tokens) >= 2
    return Detection(language, confident=confident)
