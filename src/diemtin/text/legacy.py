"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC) and VNI, to and from Unicode.

Before Unicode spread (roughly until 2005), Vietnamese pages were written in 8-bit font
encodings. The bytes were served as "windows-1252" or "iso-8859-1" and only looked
right with the matching font installed, so a page decoded by its declared charset shows
Western letters in place of Vietnamese ones:

* **TCVN3** (TCVN 5712:1993, "ABC", fonts named ``.VnTime``, ``.VnArial``): one byte per
  letter. "Hà Nội" is stored as the bytes of "Hµ Néi". Toned capitals have no code of
  their own (the ``.VnTimeH`` fonts draw the lower-case codes as capitals).
* **VNI** (VNI for Windows, fonts named ``VNI-Times``, ``VNI-Helve``): a base letter
  followed by one mark byte. "Hà Nội" is stored as "Haø Noäi"; ư, ơ, đ and the toned i
  and ỵ have single bytes of their own.

The tables below are written from the encodings' published code charts. The functions
take text that was decoded as Latin-1 or windows-1252 (the two agree on 0xA0-0xFF, the
only range these encodings use) and return NFC Unicode.

>>> tcvn3_to_unicode("Hµ Néi")
'Hà Nội'
>>> vni_to_unicode("Haø Noäi")
'Hà Nội'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

LegacyEncoding = Literal["tcvn3", "vni"]

# TCVN3 lower-case letters, in the order of the code chart: base letter, then the tones
# grave, hook, tilde, acute, dot below. Each string lists the Latin-1 characters whose
# byte values hold those six letters.
_TCVN3_ROWS: tuple[tuple[str, str], ...] = (
    ("aàảãáạ", "a\xb5\xb6\xb7\xb8\xb9"),
    ("ăằẳẵắặ", "\xa8\xbb\xbc\xbd\xbe\xc6"),
    ("âầẩẫấậ", "\xa9\xc7\xc8\xc9\xca\xcb"),
    ("eèẻẽéẹ", "e\xcc\xce\xcf\xd0\xd1"),
    ("êềểễếệ", "\xaa\xd2\xd3\xd4\xd5\xd6"),
    ("iìỉĩíị", "i\xd7\xd8\xdc\xdd\xde"),
    ("oòỏõóọ", "o\xdf\xe1\xe2\xe3\xe4"),
    ("ôồổỗốộ", "\xab\xe5\xe6\xe7\xe8\xe9"),
    ("ơờởỡớợ", "\xac\xea\xeb\xec\xed\xee"),
    ("uùủũúụ", "u\xef\xf1\xf2\xf3\xf4"),
    ("ưừửữứự", "\xad\xf5\xf6\xf7\xf8\xf9"),
    ("yỳỷỹýỵ", "y\xfa\xfb\xfc\xfd\xfe"),
    ("đĂÂÊÔƠƯĐ", "\xae\xa1\xa2\xa3\xa4\xa5\xa6\xa7"),
)


def _tcvn3_tables() -> tuple[dict[int, str], dict[int, str]]:
    decode: dict[int, str] = {}
    encode: dict[int, str] = {}
    for letters, codes in _TCVN3_ROWS:
        for letter, code in zip(letters, codes, strict=True):
            if letter == code:
                continue
            decode[ord(code)] = letter
            encode[ord(letter)] = code
    return decode, encode


_TCVN3_DECODE, _TCVN3_ENCODE = _tcvn3_tables()

# VNI: combining marks written by each mark character after a base letter.
_VNI_MARKS: dict[str, str] = {
    "ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
    "â": "\u0302", "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309",
    "ã": "\u0302\u0303", "ä": "\u0302\u0323",
    "ê": "\u0306", "é": "\u0306\u0301", "è": "\u0306\u0300", "ú": "\u0306\u0309",
    "ü": "\u0306\u0303", "ë": "\u0306\u0323",
}
# VNI letters that are one byte of their own.
_VNI_SINGLE: dict[str, str] = {
    "ö": "ư", "ô": "ơ", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
}
_TONE_MARKS = "ùøûõï"
_CIRCUMFLEX_MARKS = "âáàåãä"
_BREVE_MARKS = "êéèúüë"


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(legacy sequence -> letter, letter -> legacy sequence), lower and upper case."""
    decode: dict[str, str] = {}
    encode: dict[str, str] = {}
    for base, marks in (("aeouyöô", _TONE_MARKS), ("aeo", _CIRCUMFLEX_MARKS), ("a", _BREVE_MARKS)):
        for vowel in base:
            for mark in marks:
                letter = unicodedata.normalize(
                    "NFC", _VNI_SINGLE.get(vowel, vowel) + _VNI_MARKS[mark]
                )
                pair = vowel + mark
                for legacy, out in ((pair, letter), (pair.upper(), letter.upper())):
                    decode[legacy] = out
                    encode[out] = legacy
                # A capital base with a lower-case mark byte ("Aù") is seen in title case.
                decode.setdefault(vowel.upper() + mark, letter.upper())
    for single, letter in _VNI_SINGLE.items():
        for legacy, out in ((single, letter), (single.upper(), letter.upper())):
            decode[legacy] = out
            encode[out] = legacy  # toned i and ỵ: the single byte, never "y" + mark
    return decode, encode


_VNI_DECODE, _VNI_ENCODE = _vni_tables()
_VNI_PATTERN = re.compile(
    "|".join(sorted((re.escape(key) for key in _VNI_DECODE), key=len, reverse=True))
)

# Detection: characters that almost only occur in legacy text.
_TCVN3_TELLS = re.compile(
    "[a-zA-Z][\xa1-\xaf\xb5-\xb9\xbb-\xbe]|[a-z][\xc0-\xde]|[\xa7\xae][a-z\xa1-\xbe]"
)
_VNI_TELLS = re.compile("[aeouyAEOUYöôÖÔ][ùøûõïÙØÛÕÏ]|[aeoAEO][âáàåãäÂÁÀÅÃÄ]|[aA][êéèúüëÊÉÈÚÜË]")
_UNICODE_VIETNAMESE = re.compile("[ăắằẳẵặấầẩẫậđếềểễệỉịốồổỗộơớờởỡợụủưứừửữựỳỷỹỵĂĐƠƯạảẹẻẽọỏ]", re.I)
_WORD = re.compile(r"[^\W\d_]+")


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC) text, decoded as Latin-1 or windows-1252, to Unicode NFC.

    >>> tcvn3_to_unicode("Tr\\xad\\xeang \\xae\\xb9i häc")
    'Trường đại học'
    """
    return unicodedata.normalize("NFC", text.translate(_TCVN3_DECODE))


def unicode_to_tcvn3(text: str) -> str:
    """Write Unicode Vietnamese text as TCVN3, as Latin-1 characters (for tests and fixtures).

    Toned capitals have no TCVN3 code and are written in lower case, as the encoding's
    users did with the ``.VnTimeH`` capital fonts.
    """
    out = []
    for char in unicodedata.normalize("NFC", text):
        code = _TCVN3_ENCODE.get(ord(char))
        if code is None and char.isupper():
            code = _TCVN3_ENCODE.get(ord(char.lower()))
        out.append(code if code is not None else char)
    return "".join(out)


def vni_to_unicode(text: str) -> str:
    """Convert VNI text, decoded as Latin-1 or windows-1252, to Unicode NFC.

    >>> vni_to_unicode("Tr\\xf6\\xf4\\xf8ng \\xf1aïi hoïc")
    'Trường đại học'
    """
    converted = _VNI_PATTERN.sub(lambda match: _VNI_DECODE[match.group()], text)
    return unicodedata.normalize("NFC", converted)


def unicode_to_vni(text: str) -> str:
    """Write Unicode Vietnamese text as VNI, as Latin-1 characters (for tests and fixtures)."""
    return "".join(_VNI_ENCODE.get(char, char) for char in unicodedata.normalize("NFC", text))


def detect_legacy(text: str) -> LegacyEncoding | None:
    """Tell whether ``text`` is Vietnamese written in TCVN3 or VNI, or neither.

    Counts letter pairs that are common in legacy Vietnamese and rare elsewhere (French
    "où" or Spanish "ñ" stay far below the thresholds), and gives up when the text
    already holds Unicode Vietnamese letters.

    >>> detect_legacy("Hµ Néi lµ thñ \\xae« cña n\\xadíc ViÖt Nam")
    'tcvn3'
    >>> detect_legacy("Haø Noäi laø thuû ñoâ cuûa nöôùc Vieät Nam"), detect_legacy("Hà Nội")
    ('vni', None)
    """
    sample = text[:200_000]
    words = len(_WORD.findall(sample))
    if words < 3:
        return None
    if len(_UNICODE_VIETNAMESE.findall(sample)) > words * 0.05:
        return None
    tcvn3 = len(_TCVN3_TELLS.findall(sample))
    vni = len(_VNI_TELLS.findall(sample))
    best, count = ("tcvn3", tcvn3) if tcvn3 >= vni else ("vni", vni)
    if count >= 3 and count >= words * 0.25:
        return "tcvn3" if best == "tcvn3" else "vni"
    return None


def legacy_to_unicode(text: str, encoding: LegacyEncoding) -> str:
    """Convert ``text`` from the named legacy encoding to Unicode NFC."""
    return tcvn3_to_unicode(text) if encoding == "tcvn3" else vni_to_unicode(text)
