"""Check a language's danger and crisis phrase lists against its own training examples.

    .venv/bin/python scripts/audit_phrases.py ur [--all] [--data FILE.yml]

For writers of bot/safeguards/phrases/<lang>.yml and data/nlu/<lang>.yml: lists the examples
labelled danger (or crisis) that no phrase catches, and the examples NOT so labelled that a
phrase fires on (false alarms). With --all, prints every one instead of the first 40; with
--data, checks the examples in FILE.yml (same format) instead, e.g. a writer's draft.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.safeguards.phrases import load_phrase_lists  # noqa: E402


def labelled_examples(path: Path) -> list[tuple[str, dict]]:
    data = yaml.safe_load(path.read_text("utf-8"))
    return [(line.strip()[2:], block.get("metadata") or {})
            for block in data["nlu"] for line in block["examples"].splitlines()
            if line.strip().startswith("- ")]


def main(path: Path, show_all: bool) -> None:
    phrases = load_phrase_lists()
    rows = labelled_examples(path)
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
    options = sys.argv[2:]
    data = Path(options[options.index("--data") + 1]) if "--data" in options else \
        ROOT / "data" / "nlu" / f"{sys.argv[1]}.yml"
    main(data, "--all" in options)
