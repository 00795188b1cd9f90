"""Start the real Rasa server and action server on loopback for end-to-end tests (no mocks)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import requests

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "signpost.tar.gz"
VENV_BIN = Path(sys.executable).parent
START_TIMEOUT_SECONDS = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = START_TIMEOUT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {process.returncode}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up in {timeout}s")


@dataclass
class Stack:
    rasa_url: str
    action_url: str | None
    log_dir: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def say(self, sender: str, message: str, **extra: Any) -> list[str]:
        response = requests.post(f"{self.rasa_url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message, **extra}, timeout=30)
        response.raise_for_status()
        return [m.get("text", "") for m in response.json()]

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def endpoints_file(directory: Path, action_port: int, extra_env: dict[str, str]) -> Path:
    text = (ROOT / "endpoints.yml").read_text(encoding="utf-8")
    text = text.replace("http://127.0.0.1:5055/webhook", f"http://127.0.0.1:{action_port}/webhook")
    path = directory / "endpoints.yml"
    path.write_text(text, encoding="utf-8")
    return path


@contextmanager
def running_stack(log_dir: Path, with_actions: bool = True,
                  env: dict[str, str] | None = None) -> Iterator[Stack]:
    """Rasa (and unless told otherwise the action server) as `make run` starts them."""
    if not MODEL.exists():
        raise FileNotFoundError(f"{MODEL} is missing: run `make train` first")
    log_dir.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "SANIC_HOST": "127.0.0.1",
                   "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore",
                   "SIGNPOST_SENDER_KEY": "test-sender-key", **(env or {})}
    rasa_port, action_port = free_port(), free_port()
    stack = Stack(f"http://127.0.0.1:{rasa_port}",
                  f"http://127.0.0.1:{action_port}" if with_actions else None, log_dir)
    try:
        if with_actions:
            actions = subprocess.Popen(
                [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
                 "--port", str(action_port)], cwd=ROOT, env=environment,
                stdout=open(log_dir / "actions.log", "wb"), stderr=subprocess.STDOUT)
            stack.processes.append(actions)
        rasa = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "--model", str(MODEL), "--interface", "127.0.0.1",
             "--port", str(rasa_port), "--credentials", str(ROOT / "credentials.yml"),
             "--endpoints", str(endpoints_file(log_dir, action_port, environment))],
            cwd=ROOT, env=environment,
            stdout=open(log_dir / "rasa.log", "wb"), stderr=subprocess.STDOUT)
        stack.processes.append(rasa)
        if with_actions:
            wait_for(f"{stack.action_url}/health", actions)
        wait_for(f"{stack.rasa_url}/webhooks/rest/", rasa)
        yield stack
    finally:
        stack.stop()
