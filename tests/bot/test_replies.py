"""What the bot says: numbers only from the catalog, never L-grade, right-to-left safe."""
from __future__ import annotations

import re

import pytest

from bot.i18n import LRI, PDI, say
from bot.replies import help_menu, reporting, signpost, talk_to_person
from services_catalog.schema import NEEDS, load_services

SHOWABLE = {c.value for s in load_services() for c in s.showable_contacts}
HIDDEN = {c.value for s in load_services() for c in s.contacts if not c.showable} - SHOWABLE
NUMBER = re.compile(r"(?<![\w.])(?:\+44 ?|0)\d[\d ]{6,12}\d")


def all_replies(language: str) -> list[str]:
    texts = [signpost(need, role, language, sms=sms).text for need in NEEDS
             for role in ("survivor", "friend_family", "professional", "perpetrator")
             for sms in (False, True)]
    return texts + [reporting(None, language).text, talk_to_person(language).text]


@pytest.mark.parametrize("language", ["en", "ur", "ar", "zh"])
def test_only_catalog_numbers_and_never_l_grade(language: str) -> None:
    for text in all_replies(language):
        plain = text.replace(LRI, "").replace(PDI, "")
        for number in NUMBER.findall(plain):
            assert number.strip() in SHOWABLE, number
        for hidden in HIDDEN:
            assert hidden not in plain


def test_danger_reply_has_999_and_55_in_every_language() -> None:
    from bot.language import LANGUAGES
    for language in LANGUAGES:
        text = say("danger", language)
        assert "999" in text and "55" in text, language


def test_crisis_and_fallback_carry_their_routes_in_every_language() -> None:
    from bot.language import LANGUAGES
    for language in LANGUAGES:
        assert "116 123" in say("crisis", language) and "85258" in say("crisis", language)
        fallback = say("safety_fallback", language)
        assert "999" in fallback and "0808 2000 247" in fallback, language


def test_numbers_are_isolated_inside_right_to_left_text() -> None:
    text = say("danger", "ar")
    assert f"{LRI}999{PDI}" in text
    assert LRI not in say("danger", "en")


def test_signpost_offers_two_to_four_services_and_numbered_next_steps() -> None:
    reply = signpost("stalking", "survivor", "en")
    assert 2 <= reply.text.count("\n- ") + reply.text.startswith("- ") <= 4
    assert reply.menu == ["safety", "reporting", "human"]


def test_help_menu_codes_match_its_numbered_lines() -> None:
    reply = help_menu("en")
    assert len(reply.menu) == len(re.findall(r"^\d ", reply.text, re.M))


# Segments per reply: GSM-7 English fits 153 characters a segment, other scripts 67. A supporter's
# reply also carries how to help, so it may take one more.
SMS_BUDGET = {"survivor": 5, "perpetrator": 5, "friend_family": 6}


@pytest.mark.parametrize("role", sorted(SMS_BUDGET))
def test_sms_signposting_is_two_services_in_a_few_segments_in_every_language(role: str) -> None:
    from bot.channels.sms_length import sms_segments
    from bot.language import LANGUAGES
    for language in LANGUAGES:
        for need in NEEDS:
            sms = signpost(need, role, language, sms=True)
            services = [line for line in sms.text.splitlines() if line.startswith("- ")]
            assert len(services) == (1 if role == "perpetrator" else 2), (language, need)
            budget = 3 if language == "en" else SMS_BUDGET[role]
            assert sms_segments(sms.text) <= budget, (language, need)
            assert sms_segments(sms.text) <= sms_segments(signpost(need, role, language).text)
            assert re.search(r"1\D+2\D+3", sms.text.splitlines()[-1]), (language, need)
