"""Who is writing (role) and whether a message reads as danger or crisis, learnt from data.

The labels come from intent-block metadata in data/nlu/*.yml, so one example carries its need
(the intent) and its signals together. These probabilities only ever ADD alarms on top of the
deterministic phrase lists (bot.nlu.safeguard); they can never silence one.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import METADATA, METADATA_EXAMPLE, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear import fit_linear, load, save, sentence_features

logger = logging.getLogger(__name__)

TRIAGE_SIGNALS = "triage_signals"
SIGNALS = {"role": "survivor", "danger": False, "crisis": False}


def example_labels(message: Message) -> Dict[str, Any]:
    """Signals for a training example: example metadata over intent-block metadata."""
    metadata = message.get(METADATA) or {}
    labels = dict(SIGNALS)
    for scope in (METADATA_INTENT, METADATA_EXAMPLE):
        labels.update({k: v for k, v in (metadata.get(scope) or {}).items() if k in SIGNALS})
    return labels


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TriageSignalClassifier(GraphComponent):
    """One linear model per signal over the same features as the intent model."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Featurizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"C": 1.0}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage,
                 resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.models: Dict[str, Any] = {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TriageSignalClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        if not examples:
            return self._resource
        features = sentence_features(examples)
        labels = [example_labels(e) for e in examples]
        for signal in SIGNALS:
            target = [str(label[signal]) for label in labels]
            if len(set(target)) > 1:
                self.models[signal] = fit_linear(features, target, self.config["C"])
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            for signal, model in self.models.items():
                save(model, model_dir / f"{signal}.skops")

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "TriageSignalClassifier":
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                for path in model_dir.glob("*.skops"):
                    component.models[path.stem] = load(path)
        except ValueError:
            logger.warning("No trained triage signal models found; phrase lists only.")
        return component

    def process(self, messages: List[Message]) -> List[Message]:
        if not self.models or not messages:
            return messages
        features = sentence_features(messages)
        for signal, model in self.models.items():
            probabilities = model.predict_proba(features)
            for message, row in zip(messages, probabilities):
                scores = dict(zip(model.classes_, row))
                found = message.get(TRIAGE_SIGNALS) or {}
                found[signal] = scores if signal == "role" else float(scores.get("True", 0.0))
                message.set(TRIAGE_SIGNALS, found)
        return messages
