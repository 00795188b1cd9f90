"""Check a language's danger and crisis phrase lists against its own training examples.

    .venv/bin/python scripts/audit_phrases.py ur [--all]

For writers of bot/safeguards/phrases/<lang>.yml and data/nlu/<lang>.yml: lists the examples
labelled danger (or crisis) that no phrase catches, and the examples NOT so labelled that a
phrase fires on (false alarms). With --all, prints every one instead of the first 40.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.safeguards.phrases import load_phrase_lists  # noqa: E402


def labelled_examples(language: str) -> list[tuple[str, dict]]:
    data = yaml.safe_load((ROOT / "data" / "nlu" / f"{language}.yml").read_text("utf-8"))
    return [(line.strip()[2:], block.get("metadata") or {})
            for block in data["nlu"] for line in block["examples"].splitlines()
            if line.strip().startswith("- ")]


def main(language: str, show_all: bool) -> None:
    phrases = load_phrase_lists()
    rows = labelled_examples(language)
    limit = None if show_all else 40
    for kind in ("danger", "crisis"):
        missed = [t for t, m in rows if m.get(kind) and not phrases.first_match(kind, t)]
        alarms = [(t, phrases.first_match(kind, t)) for t, m in rows
                  if not m.get(kind) and phrases.first_match(kind, t)]
        positives = sum(1 for _, m in rows if m.get(kind))
        print(f"== {kind}: {positives - len(missed)}/{positives} labelled examples caught; "
              f"{len(alarms)} false alarms on {len(rows) - positives} other examples")
        for text in missed[:limit]:
            print(f"  missed: {text}")
        for text, phrase in alarms[:limit]:
            print(f"  false alarm [{phrase}]: {text}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], "--all" in sys.argv[2:])
