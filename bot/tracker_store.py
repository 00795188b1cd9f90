"""A tracker store that forgets: conversations live in memory only, time out, and are wiped on exit.

Survivors may write from a phone someone else checks, so no conversation may outlive its use:
trackers are never written to disk, expire after a spell of inactivity, are capped in number,
and are deleted outright when the dialogue runs ``action_restart`` (the exit rule).
"""
from __future__ import annotations

import logging
import os
import time
from collections import OrderedDict
from typing import Any, Callable, Iterable, Optional, Text, Tuple

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SerializedTrackerAsText, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Restarted, UserUttered
from rasa.shared.core.trackers import (
    DialogueStateTracker,
    get_trackers_for_conversation_sessions,
)

logger = logging.getLogger(__name__)

IDLE_TIMEOUT_ENV = "SIGNPOST_IDLE_TIMEOUT_SECONDS"
DEFAULT_IDLE_TIMEOUT_SECONDS = 1800.0
DEFAULT_MAX_CONVERSATIONS = 10000


def _idle_timeout(configured: float) -> float:
    """The idle time-out: the environment overrides endpoints.yml; it must be positive."""
    raw = os.environ.get(IDLE_TIMEOUT_ENV)
    try:
        value = float(raw) if raw else float(configured)
    except ValueError as error:
        raise ValueError(f"{IDLE_TIMEOUT_ENV} must be a number of seconds.") from error
    if value <= 0:
        raise ValueError("The idle time-out must be a positive number of seconds.")
    return value


def ended_by_restart(tracker: DialogueStateTracker) -> bool:
    """Whether the events since the last user message include a ``Restarted`` event."""
    for event in reversed(tracker.events):
        if isinstance(event, Restarted):
            return True
        if isinstance(event, UserUttered):
            return False
    return False


class EphemeralTrackerStore(TrackerStore, SerializedTrackerAsText):
    """In-memory, time-limited, size-bounded tracker store that deletes ended conversations.

    Entries are kept in order of last save, so the oldest are at the front: the expiry sweep
    pops from the front until it meets a live one, and the size bound evicts from the front.
    """

    def __init__(
        self,
        domain: Optional[Domain] = None,
        event_broker: Optional[EventBroker] = None,
        idle_timeout_seconds: float = DEFAULT_IDLE_TIMEOUT_SECONDS,
        max_conversations: int = DEFAULT_MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        """Creates the store; Rasa passes ``host`` (unused) and endpoints.yml keys as kwargs."""
        super().__init__(domain, event_broker, **kwargs)
        self.idle_timeout_seconds = _idle_timeout(idle_timeout_seconds)
        self.max_conversations = int(max_conversations)
        if self.max_conversations < 1:
            raise ValueError("max_conversations must be at least 1.")
        self._clock = clock
        # sender id -> (time of last save, serialised dialogue)
        self._store: "OrderedDict[Text, Tuple[float, Text]]" = OrderedDict()

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Stores the tracker, or deletes the conversation if it has just been restarted."""
        await self.stream_events(tracker)
        self._sweep()
        if ended_by_restart(tracker):
            self._delete(tracker.sender_id)
            logger.info("Conversation ended: wiped (%d live).", len(self._store))
            return
        self._store[tracker.sender_id] = (self._clock(), self.serialise_tracker(tracker))
        self._store.move_to_end(tracker.sender_id)
        evicted = 0
        while len(self._store) > self.max_conversations:
            self._store.popitem(last=False)
            evicted += 1
        if evicted:
            logger.warning(
                "Tracker store full: evicted %d least recently active conversation(s).",
                evicted,
            )

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The tracker's latest session, or None if unknown or expired."""
        tracker = self._load(sender_id)
        if tracker is None:
            return None
        sessions = get_trackers_for_conversation_sessions(tracker)
        return sessions[-1] if len(sessions) > 1 else tracker

    async def retrieve_full_tracker(
        self, conversation_id: Text
    ) -> Optional[DialogueStateTracker]:
        """The tracker with all its sessions, or None if unknown or expired."""
        return self._load(conversation_id)

    async def keys(self) -> Iterable[Text]:
        """Ids of the live conversations."""
        self._sweep()
        return list(self._store.keys())

    async def delete(self, sender_id: Text) -> None:
        """Forgets a conversation at once (no-op if unknown)."""
        self._delete(sender_id)

    def _delete(self, sender_id: Text) -> None:
        self._store.pop(sender_id, None)

    def _load(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self._sweep()
        entry = self._store.get(sender_id)
        if entry is None:
            return None
        return self.deserialise_tracker(sender_id, entry[1])

    def _sweep(self) -> None:
        """Drops expired conversations; cheap because the oldest are at the front."""
        deadline = self._clock() - self.idle_timeout_seconds
        expired = 0
        while self._store:
            last_active, _ = next(iter(self._store.values()))
            if last_active > deadline:
                break
            self._store.popitem(last=False)
            expired += 1
        if expired:
            logger.debug("Expired %d idle conversation(s).", expired)
