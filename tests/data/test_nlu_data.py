"""Training data: every language covers every intent and signal, volumes are balanced, and no
text is taught as two different intents."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from bot.language import LANGUAGES
from bot.text import normalise
from services_catalog.schema import NEEDS

ROOT = Path(__file__).resolve().parents[2]


def examples(language: str) -> list[tuple[str, str, dict]]:
    data = yaml.safe_load((ROOT / "data" / "nlu" / f"{language}.yml").read_text("utf-8"))
    rows = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                rows.append((block["intent"], line.strip()[2:], block.get("metadata") or {}))
    return rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_covers_every_intent_and_signal(language: str) -> None:
    rows = examples(language)
    intents = Counter(intent for intent, _, _ in rows)
    assert set(intents) == {intent for intent, _, _ in examples("en")}
    for need in NEEDS:
        assert intents[need] >= 80, (language, need, intents[need])
    signals = Counter(k if k != "role" else v for _, _, m in rows for k, v in m.items())
    for signal in ("danger", "crisis", "friend_family", "professional", "perpetrator"):
        assert signals[signal] >= 20 if signal in ("danger", "crisis") else signals[signal] >= 5, \
            (language, signal)


def test_volumes_are_balanced_across_languages() -> None:
    sizes = {language: len(examples(language)) for language in LANGUAGES}
    assert min(sizes.values()) >= 0.6 * max(sizes.values()), sizes


def test_no_text_is_taught_as_two_intents() -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for language in LANGUAGES:
        for intent, text, _ in examples(language):
            seen[normalise(text)].add(intent)
    conflicts = {text: intents for text, intents in seen.items() if len(intents) > 1}
    assert not conflicts, list(conflicts.items())[:10]


def test_rasa_data_validate() -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "rasa"), "data", "validate",
                             "--data", "data/nlu", "data/stories"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
