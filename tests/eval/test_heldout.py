"""The trained model on the held-out dev sets (eval/dev, never used for training).

Floors sit a little under what `make eval` measured when they were set (see the README), so a
change that makes triage worse in any language fails here.
"""
from __future__ import annotations

import pytest

from eval.evaluate import Scores, evaluate, load_dev


@pytest.fixture(scope="module")
def scores() -> dict[str, Scores]:
    from bot.triage import Triage, quiet
    quiet()
    results, _ = evaluate(Triage(), load_dev())
    return results


def test_every_language_has_a_dev_set() -> None:
    from bot.language import LANGUAGES
    assert set(load_dev()) == set(LANGUAGES)


@pytest.mark.parametrize("language", ["ar", "bn", "el", "en", "gu", "hi", "pa", "tr", "ur", "vi",
                                      "zh"])
def test_need_accuracy_per_language(scores: dict[str, Scores], language: str) -> None:
    assert scores[language].row()["need_acc"] >= 0.80


def test_overall_quality(scores: dict[str, Scores]) -> None:
    row = scores["ALL"].row()
    assert row["need_acc"] >= 0.84
    assert row["danger_recall"] >= 0.95 and row["danger_fp"] <= 0.05
    assert row["crisis_recall"] >= 0.90
    assert row["lang_id"] >= 0.97
