"""The safety net: deterministic phrase rules that override whatever the classifier said.

Runs last in the NLU pipeline. Exit words, danger and crisis phrases (in every language) replace
the predicted intent, so the dialogue's first reply is decided by rules, never by a confidence
score. It also writes the `triage` verdict (TRIAGE.md) into the parse data for actions and CLI.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language import Detection, detect_language
from bot.nlu.signals import TRIAGE_SIGNALS
from bot.nlu.tokenizer import LANGUAGE_DETECTION
from bot.safeguards.phrases import load_phrase_lists
from services_catalog.schema import NEEDS

TRIAGE = "triage"
CHOICE = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


def triage_verdict(text: str, ranking: List[Dict[str, Any]], signals: Dict[str, Any],
                   detection: Detection, config: Dict[str, Any]) -> Dict[str, Any]:
    """The TRIAGE.md verdict for one message (without services), from model output and rules."""
    phrases = load_phrase_lists()
    predicted = [r for r in ranking if r.get("name") != "nlu_fallback"]
    needs = [r for r in predicted if r.get("name") in NEEDS]
    top_is_need = bool(predicted) and predicted[0].get("name") in NEEDS
    need = needs[0]["name"] if needs and top_is_need else "unsure"
    confidence = needs[0]["confidence"] if needs and need == needs[0]["name"] else 0.0
    also = [r["name"] for r in needs[1:] if r["confidence"] >= config["also_threshold"]
            and r["name"] not in (need, "unsure")]
    roles = signals.get("role") or {}
    role, role_score = max(roles.items(), key=lambda kv: kv[1], default=("survivor", 1.0))
    danger_rule = phrases.first_match("danger", text) is not None
    crisis_rule = phrases.first_match("crisis", text) is not None
    return {
        "language": detection.language,
        "language_confident": detection.confident,
        "romanised": detection.romanised,
        "need": need,
        "also": also,
        "danger": danger_rule or signals.get("danger", 0.0) >= config["danger_threshold"],
        "crisis": crisis_rule or signals.get("crisis", 0.0) >= config["crisis_threshold"],
        "danger_rule": danger_rule,
        "crisis_rule": crisis_rule,
        "exit": phrases.is_exit(text),
        "role": role if role_score >= config["role_threshold"] else "survivor",
        "confidence": round(float(confidence), 4),
    }


def overriding_intent(verdict: Dict[str, Any], text: str) -> str | None:
    """Rules in priority order: leaving, then danger, then crisis, then a numbered choice."""
    if verdict["exit"]:
        return "exit"
    if verdict["danger"]:
        return "danger"
    if verdict["crisis"]:
        return "crisis"
    if CHOICE.match(text):
        return "choose"
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafeguardOverride(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"danger_threshold": 0.9, "crisis_threshold": 0.9, "role_threshold": 0.5,
                "also_threshold": 0.25}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = {**self.get_default_config(), **config}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SafeguardOverride":
        load_phrase_lists()  # compile at start-up
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            signals = message.get(TRIAGE_SIGNALS) or {}
            detection = message.get(LANGUAGE_DETECTION) or detect_language(text)
            ranking = message.get(INTENT_RANKING_KEY) or []
            verdict = triage_verdict(text, ranking, signals, detection, self.config)
            intent = overriding_intent(verdict, text)
            if intent:  # as Rasa's FallbackClassifier does: the override also leads the ranking
                override = {"name": intent, "confidence": 1.0}
                message.set(INTENT, override, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [override, *ranking], add_to_output=True)
            if intent == "choose":
                choice = CHOICE.match(text).group(1)
                entities = list(message.get(ENTITIES) or [])
                entities.append({"entity": "choice", "value": choice, "start": 0,
                                 "end": len(text), "extractor": self.__class__.__name__})
                message.set(ENTITIES, entities, add_to_output=True)
            message.set(TRIAGE, verdict, add_to_output=True)
        return messages
