"""Author names from bylines: "Bài, ảnh: Nguyễn Văn A" -> "Nguyễn Văn A", "Theo TTXVN" -> "TTXVN".

Vietnamese bylines are short: a name ("Minh Sơn"), a pen name in capitals ("HÀ ÁNH"),
a group ("Nhóm PV", "PV"), or a source ("Theo TTXVN", "Nguồn: VOV"). They come with
role words ("Bài và ảnh:", "Tin, ảnh:", "Thực hiện:", "Ghi chép của") that are not names.
"""

from __future__ import annotations

import re

_PREFIX = re.compile(
    r"^(?:(?:bài\s*(?:viết)?|tin|ảnh|bài\s*(?:và|,|/|&)\s*ảnh|tin\s*(?:và|,|/|&)\s*ảnh|"
    r"video|clip|đồ họa|thực hiện|nhóm thực hiện|nhóm phóng viên thực hiện|ghi chép(?: của)?|"
    r"phóng sự(?: của)?|tác giả|người viết|biên tập|theo|nguồn|(?:được\s+)?(?:viết|đăng)\s+bởi|"
    r"bởi|by|written by|posted by|nội dung|biên tập viên|phóng viên|"
    r"reported by|story by|text|words)\b\s*[:\-–—]?\s*|(?:btv|pv|ctv)\s*:\s*)+",
    re.I,
)
# Credits of a team that are not authorship: camera, editing, layout, drawing.
_OTHER_ROLE = re.compile(
    r"(?:^|\s[-–—|·•]\s|[;|·•]\s*)(?:quay phim|dựng phim|kỹ thuật|trình bày|thiết kế|đồ họa|"
    r"đồ hoạ|minh họa|minh hoạ|camera|edit)\s*:\s*[^-–—|;·•]*|"
    r"(?:\s[-–—|·•]\s|[;|·•]\s*)ảnh\s*:\s*[^-–—|;·•]*", re.I)
_EMAIL = re.compile(r"\(?\s*(?:e-?mail\s*:?\s*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*\)?", re.I)
_SPLIT = re.compile(r"\s*(?:[,;/&|·•]|\s[-–—]\s|\bvà\b|\band\b)\s*", re.I)
_DATE_OR_TIME = re.compile(r"\d{1,2}[:/.h-]\d{1,2}|\d{4}|\b(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|"
                           r"chủ\s+nhật|cập nhật|đăng lúc|updated|published)\b", re.I)
_UPPER_WORD = re.compile(r"^[A-ZÀ-ỸĐ][\w.'’-]*$")
_SOURCE_WORDS = frozenset({"ttxvn", "tto", "vna", "pv", "ctv", "btv", "afp", "reuters", "ap",
                           "bbc", "cnn", "vov", "vtv", "tttxvn"})
_STOP = re.compile(r"\b(?:email|e-mail|@|http|www\.|follow|theo dõi|chia sẻ|share)\b", re.I)
_WIRE = re.compile(r"^\(?\s*(?:theo|nguồn)\b\s*:?\s*\S", re.I)
_NOTE = re.compile(
    r"(?<=\S)\s*\((?:tổng hợp|t/h|th|lược dịch|dịch|biên dịch|thực hiện|ghi|ghi chép|lược ghi|"
    r"theo [^()]{2,40}|[A-ZĐ]{2,8}(?:/[A-ZĐ]{2,8})?)\)\s*$", re.I)
_NAME_WORD = re.compile(r"[\w'’.]+")
_JOINERS = frozenset({"và", "and", "&"})
_SENTENCE = re.compile(r"[!?;,:]\s*$|[.!?]\s+\S")


def clean_author(text: str | None) -> str | None:
    """Return the names in a byline, comma-separated, or None when it holds no name.

    >>> clean_author("Bài, ảnh: Nguyễn Văn A"), clean_author("Theo TTXVN")
    ('Nguyễn Văn A', 'TTXVN')
    >>> clean_author("By Jane Doe and John Roe")
    'Jane Doe, John Roe'
    >>> clean_author("BTV: Ngọc Hân - Quay phim: Đức Tâm"), clean_author("PV")
    ('Ngọc Hân', 'PV')
    >>> clean_author("Nội dung: Hà Vy · Ảnh: Tuấn Minh"), clean_author("Thanh Tâm (theo AFP)")
    ('Hà Vy', 'Thanh Tâm')
    """
    if not text:
        return None
    text = " ".join(_EMAIL.sub(" ", text.replace("\u00a0", " ")).split())
    text = strip_note(_OTHER_ROLE.sub("", text)).strip(" .:-–—|()[]·")
    if not text or len(text) > 120 or _STOP.search(text):
        return None
    names: list[str] = []
    for part in _SPLIT.split(text):
        name = _clean_part(part)
        if name and name not in names:
            names.append(name)
    return ", ".join(names) if names else None


def _clean_part(part: str) -> str | None:
    part = _PREFIX.sub("", strip_note(part.strip())).strip(" .:-–—|()[]\"'“”")
    part = _DATE_OR_TIME.split(part)[0].strip(" .:-–—|,") if _DATE_OR_TIME.search(part) else part
    if not part or len(part) > 50 or any(char.isdigit() for char in part):
        return None  # names hold no digits ("20 Nov" is a date)
    words = part.split()
    if len(words) > 6:
        return None
    if len(words) == 1 and part.lower() in _SOURCE_WORDS:
        return part if part.isupper() else part.upper()
    return part if any(_UPPER_WORD.match(word) for word in words) else None


_CREDIT = re.compile(
    r"^(?:thực hiện|nội dung|bài viết|bài|tác giả|ghi chép|phóng sự|tin)"
    r"(?:\s*(?:và|,|/|&)\s*ảnh)?\s*:\s*\S", re.I)
_OTHER_CREDIT = re.compile(
    r"^(?:trình bày|thiết kế|đồ họa|đồ hoạ|quay phim|dựng phim|kỹ thuật|minh họa|minh hoạ|"
    r"infographic|video|điều phối|sản xuất)\s*:\s*\S", re.I)


def credit_line(text: str) -> str | None:
    """``"author"`` for a line of a credits box that names the writers ("Thực hiện: Lam
    Điền", "Nội dung: Mai Chi - Ngô Hải"), ``"other"`` for one naming the rest of the team
    ("Trình bày: Hà Vi", "Đồ họa: ..."), None for any other line.

    >>> credit_line("Thực hiện: Lam Điền"), credit_line("Trình bày: Hà Vi")
    ('author', 'other')
    >>> credit_line("Nông dân gặt lúa trên ghe.") is None
    True
    """
    if len(text) > 80:
        return None
    if _CREDIT.match(text):
        return "author" if clean_author(text) else None
    return "other" if _OTHER_CREDIT.match(text) else None


# A desk's team: "Nhóm phóng viên Thời sự", "Nhóm PV Kinh tế", "Nhóm tác giả".
_TEAM = re.compile(r"^nhóm (?:phóng viên|pv|ctv|tác giả|thực hiện)(?: [^\W\d_]+){0,3}$", re.I)


def looks_like_byline(text: str) -> bool:
    """True for a short line that reads as a byline: a name, "Theo X", "Bài, ảnh: X".

    >>> looks_like_byline("Minh Sơn"), looks_like_byline("Theo TTXVN")
    (True, True)
    >>> looks_like_byline("Giá vàng tăng mạnh.")
    False
    """
    text = text.strip().removeprefix("(").removesuffix(")").strip()
    if not text or len(text) > 60 or any(char.isdigit() for char in text):
        return False
    if _TEAM.match(text):
        return True
    if _PREFIX.match(text):
        return clean_author(text) is not None
    if text.endswith(("?", "!", ":", ",", ";")):
        return False
    words = text.rstrip(".").split()
    if not 1 <= len(words) <= 5:
        return False
    return text.lower() in _SOURCE_WORDS or all(_UPPER_WORD.match(word) for word in words)


def is_wire_credit(text: str) -> bool:
    """True for a credit naming where the article comes from: "Theo TTXVN", "(Nguồn: VOV)".

    >>> is_wire_credit("(Theo TTV)"), is_wire_credit("Minh Sơn")
    (True, False)
    """
    return bool(_WIRE.match(text.strip())) and clean_author(text) is not None


def strip_note(text: str) -> str:
    """A signature without its trailing note: "Hà Phương (tổng hợp)" -> "Hà Phương"."""
    return _NOTE.sub("", text.strip())


def looks_like_signature(text: str, *, emphasized: bool) -> bool:
    """True for a line closing an article that signs it.

    Plain lines must read as a byline (:func:`looks_like_byline`); a right-aligned or bold
    line may also join names with separators or add a note: "MINH KHÔI - THANH TÂM",
    "Hà Phương (tổng hợp)", "Lan Anh/TTV".

    >>> looks_like_signature("MINH KHÔI - THANH TÂM", emphasized=True)
    True
    >>> looks_like_signature("Giá lúa tăng, nông dân phấn khởi.", emphasized=True)
    False
    """
    text = strip_note(text)
    if looks_like_byline(text):
        return True
    if not emphasized or len(text) > 80 or any(char.isdigit() for char in text) or \
            _SENTENCE.search(text.rstrip(".")):
        return False
    names = clean_author(text)
    if names is None or not all(looks_like_byline(name) for name in names.split(", ")):
        return False
    kept = set(_NAME_WORD.findall(names.casefold()))
    said = _NAME_WORD.findall(_PREFIX.sub("", text).casefold())
    return all(word in kept or word in _JOINERS for word in said)  # nothing left unread
