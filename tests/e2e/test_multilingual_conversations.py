"""Conversations over REST in Urdu, Bengali, Arabic, Chinese and romanised Urdu: the right
service, the danger reply first, and replies in the person's language."""
from __future__ import annotations

import uuid

import pytest

from bot.i18n import LRI, PDI, say
from tests.stack import Stack


def talk(stack: Stack, *messages: str) -> list[str]:
    sender = f"ml-{uuid.uuid4().hex[:12]}"
    return ["\n".join(stack.say(sender, m)).replace(LRI, "").replace(PDI, "") for m in messages]


def opening(key: str, language: str) -> str:
    return say(key, language).replace(LRI, "").replace(PDI, "").splitlines()[0]


@pytest.mark.parametrize("language, disclosure, danger", [
    ("ur", "میرا شوہر مجھے مارتا ہے اور میرے پیسے لے لیتا ہے",
     "وہ چاقو لے کر دروازے کے باہر کھڑا ہے"),
    ("bn", "আমার স্বামী আমাকে মারে আর আমার টাকা নিয়ে নেয়",
     "ও ছুরি নিয়ে দরজার বাইরে দাঁড়িয়ে আছে"),
    ("ar", "زوجي يضربني ويأخذ كل راتبي",
     "هو خارج الباب الآن ومعه سكين"),
    ("zh", "我丈夫经常打我，还拿走我所有的钱",
     "他现在拿着刀在门外"),
])
def test_native_script_conversation(stack: Stack, language: str, disclosure: str,
                                    danger: str) -> None:
    signposted, alarm = talk(stack, disclosure, danger)
    assert "0808 2000 247" in signposted
    assert opening("need.domestic_abuse", language) in signposted
    assert "999" in alarm and "55" in alarm
    assert opening("danger", language) in alarm


def test_urdu_speaker_is_offered_a_by_and_for_service(stack: Stack) -> None:
    reply = talk(stack, "میرا شوہر مجھے مارتا ہے اور میرے پیسے لے لیتا ہے")[0]
    assert "Southall Black Sisters" in reply


def test_romanised_urdu_gets_english_help_and_a_script_offer(stack: Stack) -> None:
    signposted, alarm = talk(stack, "mera shohar mujhe marta hai aur paise nahi deta, please help",
                             "wo bahar khara hai chaku le kar")
    assert "0808 2000 247" in signposted and "اردو" in signposted and "LANGUAGE" in signposted
    assert "999" in alarm and "55" in alarm


def test_a_short_ok_does_not_flip_an_urdu_conversation(stack: Stack) -> None:
    _, ok = talk(stack, "میرا شوہر مجھے مارتا ہے", "ok")
    assert any("\u0600" <= c <= "\u06ff" for c in ok)


def test_choosing_urdu_from_the_language_menu(stack: Stack) -> None:
    _, menu, chosen = talk(stack, "hi", "language", "2")
    assert "اردو" in menu
    assert chosen.startswith(opening("language_set", "ur")[:10])
