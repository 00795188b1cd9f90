"""Text normalisation shared by the safety phrase lists and language detection.

People type without accents ("chong toi danh toi", "kocam beni dovuyor"), without apostrophes
("hes outside") and in any case, so phrases and messages are compared in one folded form.
Marks are dropped only after Latin, Greek and Arabic letters: in Indic scripts they are vowels.
"""
from __future__ import annotations

import unicodedata

_FOLD_SCRIPTS = ("LATIN", "GREEK", "ARABIC")
_SPECIAL = str.maketrans({"ı": "i", "đ": "d", "ø": "o", "ł": "l", "ß": "ss", "ـ": ""})
_APOSTROPHES = "'’‘`´ʼ"


def _script(char: str) -> str:
    return unicodedata.name(char, "").split(" ")[0]


def normalise(text: str) -> str:
    """Casefolded, accent-folded text with punctuation turned into single spaces."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    kept: list[str] = []
    base_script = ""
    for char in decomposed.translate(_SPECIAL):
        category = unicodedata.category(char)
        if category.startswith("M"):
            if base_script not in _FOLD_SCRIPTS:
                kept.append(char)
            continue
        if char in _APOSTROPHES:
            continue
        base_script = _script(char) if category.startswith("L") else ""
        kept.append(" " if category[0] in "PSZC" else char)
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())


def has_han(text: str) -> bool:
    return any("CJK" in _script(c) for c in text)
