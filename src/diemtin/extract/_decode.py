"""Bytes to text: BOM, HTTP charset, meta charset, sniffing, legacy Vietnamese fonts.

The order follows the HTML standard's encoding sniffing: a byte-order mark wins, then
the HTTP ``Content-Type`` charset, then a ``<meta charset>`` in the first kilobytes,
then UTF-8 when the bytes are valid UTF-8, then charset-normalizer's guess. A page whose
text turns out to be TCVN3 or VNI (declared as windows-1252 or not at all) is converted
to Unicode; everything ends in NFC, since windows-1258 decodes to combining marks.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from diemtin.errors import ExtractionError, ExtractionReason
from diemtin.text.legacy import LegacyEncoding, detect_legacy, legacy_to_unicode

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_META = re.compile(rb"<meta[^>]+charset[^>]*>", re.I)
_LATIN1 = re.compile("[\xa0-\xff]")
_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
# Names browsers treat as windows-1252 (the HTML standard's label table).
_LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii",
                            "l1", "cp819", "ibm819", "iso_8859-1", "windows-1252", "cp1252"})
_ALIASES = {"utf8": "utf-8", "unicode": "utf-8", "x-user-defined": "windows-1252",
            "windows-874": "cp874", "gb2312": "gb18030", "gbk": "gb18030"}


def charset_from_content_type(value: str | None) -> str | None:
    """The charset parameter of a ``Content-Type`` header value, or None."""
    if not value:
        return None
    match = _CHARSET.search(value.encode("latin-1", "replace"))
    return _codec(match.group(1).decode("ascii", "replace")) if match else None


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    if label in _LATIN1_LABELS:
        return "windows-1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _meta_charset(data: bytes) -> str | None:
    head = data[:16384]
    for tag in _META.finditer(head):
        match = _CHARSET.search(tag.group())
        if match:
            codec = _codec(match.group(1).decode("ascii", "replace"))
            if codec:
                return codec
    return None


def _sniff(data: bytes, limit: int) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:limit]).best()
    return best.encoding if best is not None else "windows-1252"


def choose_encoding(data: bytes, *, content_type: str | None, sniff_bytes: int) -> str:
    """Pick the codec for ``data`` (see the module docstring for the order)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    declared = charset_from_content_type(content_type) or _meta_charset(data)
    if declared and declared.replace("_", "-") not in {"utf-16", "utf-16-le", "utf-16-be"}:
        return declared
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(data) - 4:  # not just a page cut inside its last character
            return _sniff(data, sniff_bytes)
    return "utf-8"


def decode_html(data: bytes, *, content_type: str | None = None, sniff_bytes: int = 262144) -> str:
    """Decode an HTML page to NFC text, converting TCVN3 and VNI pages to Unicode.

    Raises:
        ExtractionError: ``not_html`` when the bytes are binary rather than text.
    """
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ExtractionError(ExtractionReason.NOT_HTML, detail="NUL bytes: binary data")
    encoding = choose_encoding(data, content_type=content_type, sniff_bytes=sniff_bytes)
    if encoding.startswith("utf-8") and data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    text = data.decode(encoding, errors="replace")
    return fix_text(text)


def fix_text(text: str) -> str:
    """NFC-normalize decoded HTML and convert it when it is written in a legacy font."""
    legacy = _legacy_encoding(text)
    if legacy is not None:
        text = legacy_to_unicode(text, legacy)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _legacy_encoding(text: str) -> LegacyEncoding | None:
    sample = text[:300_000]
    if not _LATIN1.search(sample):
        return None
    return detect_legacy(_TAGS.sub(" ", sample))
