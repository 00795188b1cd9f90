"""The trained model and phrase lists on the held-out sets (eval/dev, safety, probe, blind).

Floors sit a little under what `make eval` measured when they were set (see the README), so a
change that makes triage worse fails here. The safety floors are far from the 1.00 we aim for:
they record where we are, not where we want to be.
"""
from __future__ import annotations

import pytest

from bot.language import LANGUAGES
from eval.evaluate import EVAL_DIR, SETS, Scores, evaluate, load_dev

NEED_PER_LANGUAGE = 0.85  # on eval/dev
FLOORS = {  # set -> (overall need accuracy, danger recall, danger false alarms, crisis recall,
    #                  language ID)
    "dev": (0.90, 0.97, 0.04, 0.95, 0.97),
    "safety": (0.74, 0.92, 0.09, 0.93, 0.95),
    "probe": (0.80, 0.86, 0.03, 0.82, 0.95),
    "blind": (0.74, 0.83, 0.08, 0.86, 0.95),
}


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, Scores]]:
    from bot.triage import Triage, quiet
    quiet()
    triage = Triage()
    return {name: evaluate(triage, load_dev(EVAL_DIR / name))[0] for name in SETS}


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_language_has_a_set(name: str) -> None:
    assert set(load_dev(EVAL_DIR / name)) == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_need_accuracy_per_language_on_dev(scores: dict[str, dict[str, Scores]],
                                           language: str) -> None:
    assert scores["dev"][language].row()["need_acc"] >= NEED_PER_LANGUAGE


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_overall_quality(scores: dict[str, dict[str, Scores]], name: str) -> None:
    need, danger, false_alarms, crisis, language_id = FLOORS[name]
    row = scores[name]["ALL"].row()
    assert row["need_acc"] >= need
    assert row["danger_recall"] >= danger and row["danger_fp"] <= false_alarms
    assert row["crisis_recall"] >= crisis
    assert row["lang_id"] >= language_id
