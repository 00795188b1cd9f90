"""The triage entry point (TRIAGE.md): the chatbot's model and safety rules, outside a chat.

    python -m bot.triage "he takes my wages and won't let me see my sister"
    python -m bot.triage --jsonl < messages.jsonl > verdicts.jsonl

Nothing is stored or logged. Each bad line gets a verdict with an `error` and the run goes on;
the exit code is 1 when any line failed.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import warnings
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional

from bot.limits import MAX_MESSAGE_CHARS
from services_catalog.queries import Query, find_services

MODELS_DIR = Path(os.environ.get("SIGNPOST_MODELS_DIR", Path(__file__).resolve().parent.parent / "models"))
VERDICT_FIELDS = ("language", "need", "also", "danger", "crisis", "role", "confidence")


def services_for(verdict: Dict[str, Any]) -> List[str]:
    """Catalog ids, best first: emergency and crisis routes lead when they apply."""
    first = []
    if verdict["danger"]:
        first += ["emergency_999", "silent_solution"]
    if verdict["crisis"]:
        first += ["samaritans", "shout"]
    query = Query(need=verdict["need"], role=verdict["role"], language=verdict["language"],
                  urgent=verdict["danger"], limit=4)
    return first + [s.id for s in find_services(query) if s.id not in first]


def input_error(text: Any) -> Optional[str]:
    if not isinstance(text, str):
        return "text must be a string"
    if not text.strip():
        return "text is empty"
    if len(text) > MAX_MESSAGE_CHARS:
        return f"text is longer than {MAX_MESSAGE_CHARS} characters"
    return None


class Triage:
    """Loads the trained model once; `verdict` is then a few milliseconds per message."""

    def __init__(self, model_path: Optional[str] = None) -> None:
        from rasa.core.agent import Agent
        from rasa.model import get_latest_model

        path = model_path or get_latest_model(str(MODELS_DIR))
        if not path:
            raise FileNotFoundError(f"no trained model in {MODELS_DIR}: run `make train`")
        self.agent = Agent.load(path)
        self.loop = asyncio.new_event_loop()

    def verdict(self, text: str, message_id: Any = None) -> Dict[str, Any]:
        result: Dict[str, Any] = {"id": message_id}
        error = input_error(text)
        if error:
            return {**result, "error": error}
        parse = self.loop.run_until_complete(self.agent.parse_message(text))
        triage = parse["triage"]
        result.update({k: triage[k] for k in VERDICT_FIELDS})
        result["services"] = services_for(triage)
        return result


def read_jsonl(lines: Iterable[str]) -> Iterator[tuple[Any, Any, Optional[str]]]:
    """(id, text, error) per non-blank line; a bad line becomes an error, not a crash."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            yield f"line-{number}", None, "line is not valid JSON"
            continue
        if not isinstance(record, dict):
            yield f"line-{number}", None, "line is not a JSON object"
            continue
        yield record.get("id", f"line-{number}"), record.get("text"), None


def quiet() -> None:
    """Only verdicts on stdout, and no message text in any log (Rasa's structlog prints the
    text at debug level unless configured)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.triage", description=__doc__.split("\n")[0])
    parser.add_argument("text", nargs="?", help="one message to triage")
    parser.add_argument("--jsonl", action="store_true", help="read {id, text} lines from stdin")
    parser.add_argument("--model", help="model archive (default: newest in models/)")
    args = parser.parse_args(argv)
    if not args.jsonl and args.text is None:
        parser.error("give a message, or --jsonl with lines on standard input")
    quiet()
    triage = Triage(args.model)
    records = read_jsonl(sys.stdin) if args.jsonl else [(None, args.text, None)]
    failed = False
    for message_id, text, error in records:
        verdict = {"id": message_id, "error": error} if error else triage.verdict(text, message_id)
        failed |= "error" in verdict
        print(json.dumps(verdict, ensure_ascii=False), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
