"""Which of Signpost's 11 languages a message is in, native script or romanised.

Bengali, Gurmukhi, Gujarati, Greek, Han and Devanagari scripts decide the language outright.
Latin script (English, Turkish, Vietnamese, and romanised Urdu, Hindi, Bengali, Punjabi,
Gujarati, Greek or Arabic) and Arabic script (Arabic, Urdu, Shahmukhi Punjabi) go to character
n-gram models learnt at start-up from our own training data (data/nlu/<language>.yml: the file
name is the label), with lingua as a second opinion for accented English, Turkish and Vietnamese.
A detection is `confident` only when it may change the conversation language: "ok", "yes" or "1"
never flip it.
"""
from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from lingua import Language, LanguageDetectorBuilder
import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.naive_bayes import MultinomialNB

from bot.text import normalise

LANGUAGES = ("en", "ur", "bn", "ar", "hi", "pa", "gu", "zh", "vi", "el", "tr")
LATIN_NATIVE = frozenset({"en", "tr", "vi"})
RTL_LANGUAGES = frozenset({"ar", "ur"})
NLU_DIR = Path(__file__).resolve().parents[2] / "data" / "nlu"
SCRIPT_LANGUAGE = {"BENGALI": "bn", "GURMUKHI": "pa", "GUJARATI": "gu", "GREEK": "el",
                   "CJK": "zh", "DEVANAGARI": "hi", "HIRAGANA": "zh", "KATAKANA": "zh"}
LINGUA = {Language.ENGLISH: "en", Language.TURKISH: "tr", Language.VIETNAMESE: "vi"}
MIN_CONFIDENT_LETTERS = 6
MIN_CONFIDENT_PROBABILITY = 0.6
LINGUA_DEFERS_BELOW = 0.9  # lingua settles English/Turkish/Vietnamese when our model is unsure


@dataclass(frozen=True)
class Detection:
    language: str
    confident: bool
    romanised: bool = False


def _letters_by_script(text: str) -> Counter[str]:
    scripts: Counter[str] = Counter()
    for char in text:
        if unicodedata.category(char).startswith("L"):
            scripts[unicodedata.name(char, "?").split(" ")[0]] += 1
    return scripts


def _dominant_script(text: str) -> tuple[str, int]:
    scripts = _letters_by_script(text)
    if not scripts:
        return "", 0
    return scripts.most_common(1)[0][0], sum(scripts.values())


def _training_examples(directory: Path) -> dict[str, list[tuple[str, str]]]:
    """(text, language) pairs from the NLU files, grouped by the text's dominant script."""
    by_script: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path in sorted(directory.glob("*.yml")):
        if path.stem not in LANGUAGES:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu", []):
            for line in str(block.get("examples", "")).splitlines():
                text = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
                script, letters = _dominant_script(text)
                if letters >= 2 and script in ("LATIN", "ARABIC"):
                    by_script[script].append((text, path.stem))
    return by_script


@dataclass(frozen=True)
class ScriptModel:
    """Naive Bayes over character n-grams, kept as one (features x languages) matrix so that
    scoring a message is a single sparse product (sklearn's predict_proba copies the
    transposed matrix on every call: 25 ms a message)."""

    vectorizer: HashingVectorizer
    weights: np.ndarray
    languages: tuple[str, ...]

    @classmethod
    def fit(cls, texts: list[str], languages: list[str]) -> "ScriptModel":
        vectorizer = HashingVectorizer(analyzer="char_wb", ngram_range=(1, 5), n_features=2**18,
                                       alternate_sign=False, preprocessor=normalise)
        bayes = MultinomialNB(alpha=0.02, fit_prior=False)  # uniform: English is not likelier
        bayes.fit(vectorizer.transform(texts), languages)
        weights = np.ascontiguousarray(bayes.feature_log_prob_.T)
        return cls(vectorizer, weights, tuple(str(c) for c in bayes.classes_))

    def best(self, text: str) -> tuple[str, float]:
        scores = np.asarray(self.vectorizer.transform([text]) @ self.weights)[0]
        probabilities = np.exp(scores - scores.max())
        probabilities /= probabilities.sum()
        index = int(probabilities.argmax())
        return self.languages[index], float(probabilities[index])


@lru_cache(maxsize=1)
def script_models(directory: Path = NLU_DIR) -> dict[str, ScriptModel]:
    """One character n-gram model per shared script (a few seconds to fit at start-up)."""
    models = {}
    for script, examples in _training_examples(directory).items():
        if len({language for _, language in examples}) > 1:
            models[script] = ScriptModel.fit([t for t, _ in examples], [l for _, l in examples])
    return models


@lru_cache(maxsize=1)
def _lingua():  # noqa: ANN202
    return LanguageDetectorBuilder.from_languages(*LINGUA).build()


def _classify(script: str, text: str) -> tuple[str, float] | None:
    model = script_models().get(script)
    return model.best(text) if model else None


def detect_language(text: str) -> Detection:
    script, letters = _dominant_script(text)
    if not script:
        return Detection("en", confident=False)
    if script in SCRIPT_LANGUAGE:
        return Detection(SCRIPT_LANGUAGE[script], confident=letters >= 2)
    words = normalise(text).split()
    long_enough = letters >= MIN_CONFIDENT_LETTERS and len(words) >= 2
    guess = _classify(script, text)
    if script == "ARABIC":
        language = guess[0] if guess else "ar"
        return Detection(language, confident=letters >= 3)
    if not long_enough:  # "ok", "hi", "salam": too short to tell, and must not flip anything
        return Detection("en", confident=False)
    if guess is None or (guess[0] in LATIN_NATIVE and guess[1] < LINGUA_DEFERS_BELOW):
        found = _lingua().detect_language_of(text)
        language = LINGUA.get(found, "en") if found else "en"
        return Detection(language, confident=long_enough)
    language, probability = guess
    if language in LATIN_NATIVE:
        return Detection(language, confident=long_enough)
    confident = long_enough and probability >= MIN_CONFIDENT_PROBABILITY
    return Detection(language, confident=confident, romanised=True)
