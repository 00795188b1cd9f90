"""`make eval`: per-language quality of the triage on our held-out sets.

- eval/dev: written separately from data/nlu and never used for training; the danger and crisis
  thresholds are chosen on it.
- eval/safety: danger, crisis and hard negatives (past abuse, idioms, everyday plans), 40 per
  language, by writers who saw neither data nor phrase lists. Its misses showed which kinds of
  danger the phrase lists lacked; phrase writers were given those kinds, not its messages.
- eval/blind: a second such set, written after that and never looked at while building.
- eval/probe: a third such set, 50 per language (22 danger, 12 crisis, 16 hard negatives), written
  later by writers who again saw neither; like eval/safety, its misses became kinds for writers.
Prints, per language: need accuracy (native script and romanised), danger recall and
false-positive rate, crisis recall, language-ID accuracy, latency, and the most common need
confusions.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

EVAL_DIR = Path(__file__).resolve().parent
DEV_DIR = EVAL_DIR / "dev"
SETS = {"dev": "held-out dev sets", "safety": "safety sets", "probe": "probe safety sets",
        "blind": "blind safety sets"}


@dataclass
class Scores:
    total: int = 0
    need_right: int = 0
    romanised: int = 0
    romanised_right: int = 0
    danger: int = 0
    danger_found: int = 0
    safe: int = 0
    false_alarms: int = 0
    crisis: int = 0
    crisis_found: int = 0
    language_right: int = 0
    confusions: Counter = field(default_factory=Counter)
    misses: List[str] = field(default_factory=list)

    def add(self, gold: Dict[str, Any], verdict: Dict[str, Any]) -> None:
        self.total += 1
        right = verdict["need"] == gold["need"]
        self.need_right += right
        if gold.get("romanised"):
            self.romanised += 1
            self.romanised_right += right
        if not right:
            self.confusions[(gold["need"], verdict["need"])] += 1
        if gold["danger"]:
            self.danger += 1
            self.danger_found += verdict["danger"]
        else:
            self.safe += 1
            self.false_alarms += verdict["danger"]
        if gold["crisis"]:
            self.crisis += 1
            self.crisis_found += verdict["crisis"]
        if (gold["danger"] and not verdict["danger"]) or (gold["crisis"] and not verdict["crisis"]):
            self.misses.append(gold["id"])
        self.language_right += verdict["language"] == gold["language"]

    def row(self) -> Dict[str, Optional[float]]:
        def ratio(a: int, b: int) -> Optional[float]:
            return round(a / b, 3) if b else None
        native = self.total - self.romanised
        return {"n": self.total, "need_acc": ratio(self.need_right, self.total),
                "need_native": ratio(self.need_right - self.romanised_right, native),
                "need_roman": ratio(self.romanised_right, self.romanised),
                "danger_recall": ratio(self.danger_found, self.danger),
                "danger_fp": ratio(self.false_alarms, self.safe),
                "crisis_recall": ratio(self.crisis_found, self.crisis),
                "lang_id": ratio(self.language_right, self.total)}


def load_dev(directory: Path = DEV_DIR) -> Dict[str, List[Dict[str, Any]]]:
    sets = {}
    for path in sorted(directory.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        sets[path.stem] = [json.loads(line) for line in lines if line.strip()]
    return sets


def evaluate(triage: Any, dev: Dict[str, List[Dict[str, Any]]]) -> tuple[Dict[str, Scores], List[float]]:
    scores: Dict[str, Scores] = defaultdict(Scores)
    latencies = []
    for language, examples in dev.items():
        for gold in examples:
            started = time.perf_counter()
            verdict = triage.verdict(gold["text"], gold["id"])
            latencies.append((time.perf_counter() - started) * 1000)
            scores[language].add(gold, verdict)
            scores["ALL"].add(gold, verdict)
    return scores, latencies


def print_report(scores: Dict[str, Scores], latencies: List[float], model: Path) -> None:
    columns = ["n", "need_acc", "need_native", "need_roman", "danger_recall", "danger_fp",
               "crisis_recall", "lang_id"]
    print(f"{'lang':<5}" + "".join(f"{c:>14}" for c in columns))
    for language in sorted(scores, key=lambda k: (k == "ALL", k)):
        row = scores[language].row()
        print(f"{language:<5}" + "".join(f"{'-' if row[c] is None else row[c]:>14}" for c in columns))
    ordered = sorted(latencies)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"\ntriage latency per message: p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms"
          f" over {len(ordered)} messages; model {model.stat().st_size / 1e6:.1f} MB")
    print("\nmost common need confusions (gold -> predicted):")
    for (gold, predicted), count in scores["ALL"].confusions.most_common(12):
        print(f"  {count:3d}  {gold} -> {predicted}")
    misses = scores["ALL"].misses
    print(f"\nmissed danger/crisis ids ({len(misses)}): {' '.join(misses) or 'none'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    from bot.triage import MODELS_DIR, Triage, quiet
    quiet()
    triage = Triage(args.model)
    model = Path(args.model) if args.model else MODELS_DIR / "signpost.tar.gz"
    for name, title in SETS.items():
        print(f"== {title} (eval/{name})")
        scores, latencies = evaluate(triage, load_dev(EVAL_DIR / name))
        print_report(scores, latencies, model)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
