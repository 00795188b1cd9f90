"""How many SMS segments a text costs, so replies can be kept to a few segments.

A text that only uses the GSM 03.38 alphabet is sent as 7-bit GSM (160 septets in a single
SMS, 153 per part of a concatenated one; extension characters take two septets). Anything
else, such as Urdu, Arabic, Chinese or an emoji, switches the whole text to UCS-2 (70 UTF-16
code units single, 67 per part). An escape pair or a surrogate pair is never split across two
parts, so a part may end a unit short; the count below packs parts the same way.
"""
from __future__ import annotations

from typing import List

GSM_BASIC_CHARS = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION_CHARS = frozenset("\f^{}\\[~]|€")

GSM_SINGLE_LIMIT = 160
GSM_PART_LIMIT = 153
UCS2_SINGLE_LIMIT = 70
UCS2_PART_LIMIT = 67


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units: what UCS-2 SMS and Twilio's body limit count."""
    return len(text.encode("utf-16-le")) // 2


def is_gsm7(text: str) -> bool:
    """Whether the text can be sent in the GSM 7-bit alphabet (basic set plus extension)."""
    return all(c in GSM_BASIC_CHARS or c in GSM_EXTENSION_CHARS for c in text)


def _units(text: str, gsm: bool) -> List[int]:
    """Per character cost in septets (GSM-7) or UTF-16 code units (UCS-2)."""
    if gsm:
        return [2 if c in GSM_EXTENSION_CHARS else 1 for c in text]
    return [2 if ord(c) > 0xFFFF else 1 for c in text]


def sms_segments(text: str) -> int:
    """Number of SMS segments needed to send ``text`` (0 for an empty text)."""
    if not text:
        return 0
    gsm = is_gsm7(text)
    units = _units(text, gsm)
    single_limit, part_limit = (
        (GSM_SINGLE_LIMIT, GSM_PART_LIMIT) if gsm else (UCS2_SINGLE_LIMIT, UCS2_PART_LIMIT)
    )
    if sum(units) <= single_limit:
        return 1
    parts, used = 1, 0
    for unit in units:
        if used + unit > part_limit:
            parts += 1
            used = 0
        used += unit
    return parts
