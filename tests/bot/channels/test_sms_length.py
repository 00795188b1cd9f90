"""sms_segments: GSM-7 versus UCS-2 segment counting as carriers (and Twilio) bill it."""
from __future__ import annotations

import pytest

from bot.channels.sms_length import is_gsm7, sms_segments, utf16_length


@pytest.mark.parametrize(
    "text, segments",
    [
        ("", 0),
        ("Call 999", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("£@$¥èÉÑß¿¡\n\r", 1),
    ],
)
def test_gsm_basic(text: str, segments: int) -> None:
    assert is_gsm7(text)
    assert sms_segments(text) == segments


def test_gsm_extension_chars_count_double() -> None:
    assert is_gsm7("€[]{}|^~\\")
    assert sms_segments("€" * 80) == 1  # 160 septets
    assert sms_segments("€" * 81) == 2  # 162 septets
    assert sms_segments("a" * 159 + "€") == 2


def test_gsm_escape_pair_is_not_split_across_parts() -> None:
    # 306 septets would fit 2 parts of 153, but the € cannot straddle the boundary
    assert sms_segments("a" * 152 + "€" + "a" * 152) == 3


def test_urdu_and_arabic_are_ucs2() -> None:
    urdu = "میرا شوہر مجھے مارتا ہے"
    arabic = "أنا بحاجة إلى المساعدة"
    assert not is_gsm7(urdu) and not is_gsm7(arabic)
    assert sms_segments(urdu) == 1
    assert sms_segments("ی" * 70) == 1
    assert sms_segments("ی" * 71) == 2
    assert sms_segments("ع" * 134) == 2
    assert sms_segments("ع" * 135) == 3


def test_one_non_gsm_char_switches_whole_text_to_ucs2() -> None:
    assert sms_segments("a" * 70) == 1
    assert sms_segments("a" * 69 + "ç") == 1  # lower-case c-cedilla is not GSM
    assert sms_segments("a" * 70 + "ç") == 2


def test_chinese() -> None:
    assert sms_segments("我需要帮助") == 1
    assert sms_segments("帮" * 70) == 1
    assert sms_segments("帮" * 71) == 2


def test_emoji_are_surrogate_pairs() -> None:
    assert utf16_length("😀") == 2
    assert sms_segments("😀" * 35) == 1  # 70 code units
    assert sms_segments("😀" * 36) == 2
    # 67 units per part: a pair never straddles, so 33 emoji per part
    assert sms_segments("😀" * 66) == 2
    assert sms_segments("😀" * 67) == 3
