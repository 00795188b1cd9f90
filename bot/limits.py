"""Input limits shared by every entry point (REST, SMS, triage CLI)."""
import os

MAX_MESSAGE_CHARS = int(os.environ.get("SIGNPOST_MAX_MESSAGE_CHARS", "2000"))
