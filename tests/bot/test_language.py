"""Language ID: native scripts, accents dropped, and short words that must not flip it."""
from __future__ import annotations

import pytest

from bot.conversation import conversation_language
from bot.language import detect_language


@pytest.mark.parametrize("text, language", [
    ("my husband hits me", "en"), ("زوجي يضربني كل يوم", "ar"), ("میرا شوہر مجھے مارتا ہے", "ur"),
    ("मेरा पति मुझे मारता है", "hi"), ("আমার স্বামী আমাকে মারে", "bn"), ("ਮੇਰਾ ਪਤੀ ਮੈਨੂੰ ਮਾਰਦਾ ਹੈ", "pa"),
    ("મારો પતિ મને મારે છે", "gu"), ("我丈夫打我", "zh"), ("我丈夫打我，我很害怕", "zh"),
    ("Chồng tôi đánh tôi", "vi"), ("chong toi danh toi moi ngay", "vi"),
    ("Ο άντρας μου με χτυπάει", "el"), ("kocam beni dövüyor", "tr"),
])
def test_detects_native_script_and_unaccented_text(text: str, language: str) -> None:
    detection = detect_language(text)
    assert detection.language == language and detection.confident


@pytest.mark.parametrize("text", ["ok", "yes", "1", "👍", "", "   "])
def test_short_neutral_messages_are_not_confident(text: str) -> None:
    assert not detect_language(text).confident


def test_a_short_ok_does_not_flip_the_conversation_language() -> None:
    urdu = {"language": "ur", "language_confident": True}
    ok = {"language": "en", "language_confident": False}
    assert conversation_language(None, [urdu, ok]) == "ur"
    assert conversation_language("bn", [urdu, ok]) == "bn"
    assert conversation_language(None, [ok]) == "en"


@pytest.mark.parametrize("text, language", [
    ("mera shohar mujhe roz marta hai aur paise nahi deta", "ur"),
    ("amar swami amake roj mare ar taka dey na", "bn"),
    ("o antras mou me xtypaei kathe mera", "el"),
])
def test_detects_romanised_text(text: str, language: str) -> None:
    detection = detect_language(text)
    assert detection.language == language and detection.romanised


def test_romanised_conversations_are_answered_in_english_with_a_script_offer() -> None:
    from bot.conversation import script_offer
    romanised = {"language": "ur", "language_confident": True, "romanised": True}
    assert conversation_language(None, [romanised]) == "en"
    assert script_offer(None, [romanised]) == ["ur", "hi"]
    assert script_offer("ur", [romanised]) == []
    assert conversation_language("ur", [romanised]) == "ur"
