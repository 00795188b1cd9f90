"""A tokenizer that detects each message's language and splits it with spaCy's rules for it.

Rasa's whitespace tokenizer and `\\w`-based regexes break Devanagari, Gurmukhi, Gujarati and
Bengali words at vowel signs and cannot split Chinese. spaCy's blank pipelines keep those words
whole (Chinese is split into characters; the char n-gram featurizer rebuilds words from them).
Each token's lemma is its accent-folded form, so "dövüyor" and "dovuyor" share features.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Text

import spacy
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language import LANGUAGES, detect_language
from bot.text import normalise

LANGUAGE_DETECTION = "language_detection"
# spaCy has no Punjabi; romanised text of any language is tokenised as Latin text.
SPACY_CODE = {lang: lang for lang in LANGUAGES} | {"pa": "xx"}
SPACY_OPTIONS = {"vi": {"nlp": {"tokenizer": {"use_pyvi": False}}}}


@lru_cache(maxsize=None)
def spacy_tokenizer(spacy_code: str):  # noqa: ANN201 - a spaCy Tokenizer
    return spacy.blank(spacy_code, config=SPACY_OPTIONS.get(spacy_code, {})).tokenizer


def split_words(text: str, language: str, romanised: bool = False) -> List[str]:
    code = "xx" if romanised else SPACY_CODE.get(language, "xx")
    return [t.text for t in spacy_tokenizer(code)(text) if not t.is_space]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class LanguageTokenizer(Tokenizer):
    """Detects the language (kept on the message for later components) and tokenises."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent_tokenization_flag": False, "intent_split_symbol": "_",
                "token_pattern": None, "prefix_separator_symbol": None}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageTokenizer":
        for code in set(SPACY_CODE.values()):
            spacy_tokenizer(code)  # load every pipeline once, at start-up, not mid-conversation
        detect_language("warm up the language models")
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute)
        if attribute == TEXT:
            detection = detect_language(text)
            message.set(LANGUAGE_DETECTION, detection)
            words = split_words(text, detection.language, detection.romanised)
        else:
            words = text.split()
        words = words or [text]
        tokens = self._convert_words_to_tokens(words, text)
        for token in tokens:
            token.lemma = normalise(token.text) or token.text
        return self._apply_token_pattern(tokens)
