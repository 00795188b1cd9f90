"""Acceptance conversations over Rasa's REST channel, real servers on loopback, in English."""
from __future__ import annotations

import uuid

import pytest

from tests.stack import Stack


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def conversation(stack: Stack, *messages: str) -> list[str]:
    sender = new_sender()
    return ["\n".join(stack.say(sender, m)) for m in messages]


def within_turns(stack: Stack, first: str, wanted: list[str], follow_ups: list[str]) -> int:
    """Send `first`, then follow-ups, until every wanted string has appeared; turns used."""
    sender, seen = new_sender(), ""
    for turn, message in enumerate([first, *follow_ups], start=1):
        seen += "\n".join(stack.say(sender, message))
        if all(w in seen for w in wanted):
            return turn
    raise AssertionError(f"{wanted} not all reached in {turn} turns; got:\n{seen}")


def test_danger_first_reply_has_999_and_silent_solution(stack: Stack) -> None:
    first = conversation(stack, "he's outside the door with a knife")[0]
    assert "999" in first and "55" in first


def test_crisis_first_reply_has_samaritans(stack: Stack) -> None:
    first = conversation(stack, "i don't want to live anymore")[0]
    assert "116 123" in first and "85258" in first


@pytest.mark.parametrize("message, wanted", [
    ("my husband hits me and takes all my money", ["0808 2000 247"]),
    ("I was raped last week", ["020 3299 6900", "0808 500 2222"]),
    ("my parents are forcing me to marry a man I've never met", ["020 7008 0151", "0800 5999 247"]),
    ("they took my passport and make me work for no pay", ["08000 121 700"]),
    ("my ex keeps following me and turning up at my work", ["0808 802 0300"]),
])
def test_signposted_within_four_turns(stack: Stack, message: str, wanted: list[str]) -> None:
    assert within_turns(stack, message, wanted, ["yes", "1", "3"]) <= 4


def test_neutral_follow_ups_continue_the_conversation(stack: Stack) -> None:
    hello, yes, disclosure, one, two = conversation(
        stack, "hi", "yes", "my husband hits me", "1", "2")
    assert "1 Yes" in hello
    assert "What's happening?" in yes
    assert "0808 2000 247" in disclosure and "1 Staying safe" in disclosure
    assert "Ask for ANI" in one
    assert "Crimestoppers" in two and "0800 555 111" in two


def test_ok_after_signposting_offers_the_next_step(stack: Stack) -> None:
    _, ok = conversation(stack, "my ex keeps following me and turning up at my work", "ok")
    assert "Ask for ANI" in ok  # the first of the offered next steps


def test_danger_overrides_mid_conversation(stack: Stack) -> None:
    replies = conversation(stack, "hi", "my husband controls my money", "he is here now banging on the door")
    assert "999" in replies[-1] and "55" in replies[-1]


def test_help_language_and_human_are_available_at_any_point(stack: Stack) -> None:
    replies = conversation(stack, "my husband hits me", "help", "3", "language")
    assert "1 Find support" in replies[1]
    assert "0808 2000 247" in replies[2]
    assert "اردو" in replies[3] and "বাংলা" in replies[3]


def test_unclear_message_gets_a_question_and_the_helpline(stack: Stack) -> None:
    reply = conversation(stack, "not rly sure wat i need just feel like im going mad")[0]
    assert "0808 2000 247" in reply and "1 Yes" in reply


def test_friend_gets_supporter_guidance(stack: Stack) -> None:
    reply = conversation(stack, "my friend's husband hits her, what can i do")[0]
    assert "Don't confront" in reply and "0808 2000 247" in reply


def test_exit_ends_and_a_new_message_starts_afresh(stack: Stack) -> None:
    sender = new_sender()
    stack.say(sender, "my husband hits me")
    ended = "\n".join(stack.say(sender, "EXIT"))
    assert "deleted this conversation" in ended
    again = "\n".join(stack.say(sender, "1"))
    assert "1 Find support" in again  # no menu remembered: the old conversation is gone


def test_l_grade_numbers_are_never_shown(stack: Stack) -> None:
    replies = "\n".join(conversation(stack, "my husband hits me", "my daughter is at risk of fgm"))
    for hidden in ("0808 802 5565", "0800 028 3550", "0808 808 8141"):
        assert hidden not in replies
