"""Find the article's text among the page's segments.

Every segment gets a weight: long, unlinked text with sentence punctuation counts for
the article, link lists and short unpunctuated lines count against. The container
element whose segments add up to the highest total is the article; segments inside it
are then sorted into body, lead, captions and byline, and page furniture that sits
inside article containers on many sites (related-story boxes, "Xem thêm:" lines, share
bars, tag lists) is dropped. No rule names a site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from diemtin.extract import _classes as c
from diemtin.extract._byline import (
    credit_line,
    looks_like_byline,
    looks_like_signature,
    strip_note,
)
from diemtin.extract._dom import Container, Page, Segment

_RELATED_HEAD = re.compile(
    r"^(?:tin|bài|video)?\s*(?:liên quan|cùng chuyên mục|cùng chủ đề|khác|mới|nổi bật|xem nhiều|"
    r"đọc nhiều)\b|^(?:xem|đọc)\s+(?:thêm|tiếp|nhiều)|^có thể bạn (?:quan tâm|muốn đọc)|"
    r"^bạn (?:có thể|nên) (?:quan tâm|xem|đọc)|^(?:related|more|read|see|recommended|"
    r"popular|most|also|further|latest|trending|you may|you might|top stories)\b",
    re.I,
)
_RELATED_INLINE = re.compile(
    r"^\s*(?:>>|»|\*|•)?\s*(?:xem|đọc)\s+(?:thêm|tiếp|nhiều|lại)\b|^\s*(?:>>|»)|"
    r"^\s*(?:tin|bài)\s+(?:liên quan|cùng chuyên mục)\s*:|"
    r"^\s*(?:related|read more|read also|see also|also read|more)\s*:", re.I)
_FURNITURE = re.compile(
    r"^(?:chia sẻ|share|facebook|twitter|zalo|email|copy link|sao chép( liên kết| link)?|in bài|"
    r"lưu|lưu bài|gửi bài|bình luận|ý kiến|quảng cáo|advert(?:isement)?|ads?|tags?|từ khóa|chủ đề|"
    r"bạn thấy bài viết (?:này )?(?:thế nào|như thế nào)\??.*|bạn đang đọc.*|trở lại .*|"
    r"về trang chủ|"
    r"theo dõi .* trên google news|click to (?:share|print|email).*|print|comments?|"
    r"skip to .*|sign up.*|subscribe.*|image|photo|video|"
    r"nghe (?:bài viết|đọc bài|bài báo|tin).{0,12}|đọc bài viết|tốc độ đọc.{0,12}|"
    r"cuộn (?:xuống|để) (?:để )?(?:đọc|xem).{0,12}|scroll (?:down|to read).{0,12}|"
    r"đăng nhập để (?:gửi )?bình luận.{0,80}|"
    # a legal document's fields on a government portal ("Số ký hiệu: 2417/QĐ-UBND")
    r"(?:số ký hiệu|ngày ban hành|ngày có hiệu lực|ngày hiệu lực|loại văn bản|người ký|"
    r"cơ quan ban hành|tình trạng hiệu lực)\b.{0,80})[\s:.!»>]*$",
    re.I,
)
_NOTICE = re.compile(
    r"\b(?:(?:this|our) (?:web)?site uses cookies|we use cookies|use of cookies|cookie policy|"
    r"accept (?:all )?cookies|sử dụng cookie|chính sách cookie|"
    r"bài viết (?:thể hiện|là) quan điểm (?:riêng )?của tác giả)\b", re.I)
_DATE_WORDS = re.compile(
    r"\d+|\b(?:thứ|hai|ba|tư|năm|sáu|bảy|chủ|nhật|ngày|tháng|lúc|giờ|phút|trước|cập|nhật|bắt|đầu|"
    r"đăng|xuất|bản|lượt|xem|đọc|views?|"
    r"gmt|utc|am|pm|et|est|pst|updated|published|posted|on|at|jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|sept|oct|nov|dec|[a-z]+day|january|february|march|april|june|july|august|september|"
    r"october|november|december|ago|hours?|minutes?|days?)\b", re.I)
# The colophon under a page's text: copyright, licence, publisher, "designed by".
_COLOPHON = re.compile(
    r"^(?:©|\(c\)\s|copyright\b|bản quyền thuộc|giấy phép số|cơ quan chủ quản|thiết kế bởi|"
    r"designed by|powered by|all rights reserved)|©|\ball rights reserved\b|"
    r"\bgiấy phép (?:số|hoạt động)\b|\bliên hệ quảng cáo\b|\bđường dây nóng\b|"
    r"\bchịu trách nhiệm (?:xuất bản|nội dung)\b", re.I)
_META_FLAGS = c.BYLINE | c.DATE | c.TAGS | c.CATEGORY | c.BOILER
_SENTENCE_END = re.compile(r"[.!?…:;\"”»)。！？」』]\s*$")
_WORD = re.compile(r"\w+")
_PUNCTUATION = re.compile(r"[.!?,;:…。、，！？：；]")


@dataclass(slots=True)
class Content:
    """The article text sorted out of the page."""

    body: list[str] = field(default_factory=list)
    kinds: list[int] = field(default_factory=list)  # the flags of each body paragraph
    lead: str | None = None
    captions: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)  # lines that sign the end of the body
    start: int = 0
    end: int = 0


def weight(segment: Segment) -> float:
    """How much a segment speaks for the container holding it being the article."""
    if segment.flags & (c.CAPTION | c.TITLE):
        return 0.0
    chars = segment.chars
    links = segment.link_chars
    if chars and links / chars > 0.5:
        return -0.3 * chars - 5
    if segment.flags & (c.BYLINE | c.DATE | c.TAGS | c.CATEGORY | c.BOILER) and chars < 200:
        return -5.0
    text = chars - 2 * links
    if (chars < 40 and not _SENTENCE_END.search(segment.text)) or \
            (chars < 150 and not _PUNCTUATION.search(segment.text)):
        return -3.0  # labels, headlines, "Bản tin X - Trung tâm Y" footers
    score = text - 25.0
    if len(_PUNCTUATION.findall(segment.text)) >= 2:
        score += 15.0
    return score


def best_container(page: Page) -> Container | None:
    """The container whose segments weigh the most (the deepest one on a tie)."""
    totals = [0.0]
    for segment in page.segments:
        totals.append(totals[-1] + weight(segment))
    best: Container | None = None
    best_score = 0.0
    for box in page.containers:
        if box.end <= box.start:
            continue
        score = totals[box.end] - totals[box.start]
        if box.content_name:
            score *= 1.05
        if score > best_score:
            best, best_score = box, score
    return best


def teaser_ranges(page: Page, start: int, end: int) -> set[int]:
    """Segments of small boxes inside the article that link to other stories."""
    found: set[int] = set()
    for box in page.containers:
        if box.start < start or box.end > end or box.end - box.start > 4:
            continue
        if box.start == start and box.end == end:
            continue
        segments = page.segments[box.start : box.end]
        if any(s.flags & c.BYLINE for s in segments):
            continue  # the article's byline, with its author's e-mail linked
        chars = sum(s.chars for s in segments)
        linked = any(s.chars >= 12 and s.link_chars >= 0.9 * s.chars for s in segments)
        if linked and chars < 400 and sum(s.link_chars for s in segments) >= 0.25 * chars:
            found.update(range(box.start, box.end))
    return found


def _mark_photo_notes(page: Page, start: int, end: int) -> None:
    """A box holding a photo and one or two short lines: the lines are its caption."""
    for box in page.containers:
        if not box.images or box.start < start or box.end > end or not 0 < box.end - box.start <= 2:
            continue
        segments = page.segments[box.start : box.end]
        if sum(s.chars for s in segments) <= 200 and not any(
                s.flags & (c.HEADING | c.LEAD | c.QUOTE) or s.link_chars for s in segments):
            for segment in segments:
                segment.flags |= c.CAPTION


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def similar(first: str, second: str) -> bool:
    """True when two texts are the same passage (a prefix or a few words apart)."""
    a, b = _words(first), _words(second)
    if not a or not b:
        return False
    shared = len(a & b)
    return shared >= 0.8 * max(len(a), len(b)) or (shared >= 0.9 * min(len(a), len(b))
                                                    and min(len(a), len(b)) >= 8)


def collect(page: Page, box: Container, *, title: str | None, title_index: int | None,
            description: str | None) -> Content:
    """Sort the segments of the article container into body, lead, captions and bylines."""
    segments = page.segments
    start, end = _after_title(segments, box.start, box.end, title_index), box.end
    skipped = teaser_ranges(page, start, end)
    _mark_photo_notes(page, start, end)
    lead_index = _find_lead(segments, start, end, title_index, description, skipped)
    content = Content(start=start, end=end)
    if lead_index is not None:
        content.lead = segments[lead_index].text
        skipped.add(lead_index)
    first = max(title_index + 1 if title_index is not None else start, start - 25)
    for index in range(min(first, start), start):  # between the headline and the text
        segment = segments[index]
        if segment.flags & c.CAPTION and index not in skipped:
            _add_caption(segment.text, content)
        elif segment.flags & c.BYLINE and segment.chars < 200 and title_index is not None:
            content.bylines.append(segment.text)
    if title_index is not None:
        content.bylines.extend(_byline_above(segments, title_index))
    _sort_body(segments[start:end], start, skipped, title, content)
    _clean_tail(content)
    return content


def _add_caption(text: str, content: Content) -> None:
    """Keep a caption; a line of a credits box styled as one names the writers (a byline)
    or the rest of the team (dropped)."""
    credit = credit_line(text)
    if credit == "author":
        content.bylines.append(text)
    elif credit is None and text not in content.captions:
        content.captions.append(text)


def _byline_above(segments: list[Segment], title_index: int) -> list[str]:
    """A byline set just above the headline ("Diệu Linh và Phạm Tuấn" over the h1), its
    pieces (one element per name) joined; meta lines (date, section) may stand between."""
    pieces: list[str] = []
    for index in range(title_index - 1, max(title_index - 8, -1), -1):
        segment = segments[index]
        if not segment.flags & _META_FLAGS or segment.chars >= 120:
            break
        if segment.flags & c.BYLINE:
            pieces.insert(0, segment.text)
        elif pieces:
            break
    return [" ".join(pieces)] if pieces else []


def _after_title(segments: list[Segment], start: int, end: int, title_index: int | None) -> int:
    """Start the body after the headline when the container also holds what precedes it."""
    if title_index is None or not start <= title_index < end - 1:
        return start
    before = sum(max(0.0, weight(s)) for s in segments[start:title_index])
    after = sum(max(0.0, weight(s)) for s in segments[title_index + 1 : end])
    return title_index + 1 if after >= before else start


def _find_lead(segments: list[Segment], start: int, end: int, title_index: int | None,
               description: str | None, skipped: set[int]) -> int | None:
    low = max(0, start - 25, title_index + 1 if title_index is not None else 0)
    for index in _first_texts(segments, low, min(end, max(start, low) + 12), 4):
        segment = segments[index]
        if index in skipped or segment.chars < 30 or \
                segment.flags & (c.TITLE | c.CAPTION | c.BYLINE | c.TAGS | c.DATE):
            continue
        if segment.flags & c.LEAD and segment.link_chars < 0.5 * segment.chars:
            return index
        if description and similar(segment.text, description) and (
                index < start or segment.tag not in ("p", "div")
                or segment.bold_chars >= 0.5 * segment.chars):
            return index  # a plain first paragraph that the description repeats stays body
    for index in _first_texts(segments, start, end, 3, past_short=False):
        segment = segments[index]
        if index in skipped or segment.flags & (c.TITLE | c.CAPTION | c.HEADING) or \
                (segment.flags & _META_FLAGS and segment.chars < 60):
            continue
        if 60 <= segment.chars <= 700 and segment.bold_chars >= 0.9 * segment.chars:
            return index
        if segment.chars >= 30:
            break
    return None


def _first_texts(segments: list[Segment], low: int, high: int, count: int, *,
                 past_short: bool = True) -> list[int]:
    """The first ``count`` segments from ``low`` (before ``high``), not counting the lines
    of a byline block (author, e-mail, time, reading time) between them, nor, when
    ``past_short``, other short lines (a view count, a player's time)."""
    found: list[int] = []
    for index in range(low, high):
        if len(found) == count:
            break
        found.append(index)
        segment = segments[index]
        if (past_short and segment.chars < 30) or \
                (segment.flags & _META_FLAGS and segment.chars < 60):
            count += 1
    return found


def _sort_body(segments: list[Segment], offset: int, skipped: set[int], title: str | None,
               content: Content) -> None:
    in_related = False
    title_key = _key(title) if title else ""
    for position, segment in enumerate(segments):
        text = segment.text
        if offset + position in skipped or segment.flags & c.TITLE or \
                (title_key and _key(text) == title_key):
            continue
        if segment.flags & c.CAPTION:
            _add_caption(text, content)
            continue
        linked = segment.link_chars > 0.5 * segment.chars
        if in_related and (linked or segment.chars < 30 or segment.flags & c.LISTITEM):
            continue
        in_related = segment.chars < 80 and bool(_RELATED_HEAD.match(text)) and \
            not _SENTENCE_END.search(text)
        if in_related:
            continue
        if segment.flags & _META_FLAGS and segment.chars < 200:
            if segment.flags & c.BYLINE:
                content.bylines.append(text)
            continue
        if linked or _furniture(segment) or (content.body and content.body[-1] == text):
            continue
        content.body.append(text)
        emphasized = c.EMPHASIZED if segment.bold_chars >= 0.9 * segment.chars else 0
        content.kinds.append(segment.flags | emphasized)


def _furniture(segment: Segment) -> bool:
    """Share labels, "Xem thêm:" links, cookie notices, bare date lines, empty punctuation."""
    text = segment.text
    return bool(
        _FURNITURE.match(text) or (segment.link_chars and _RELATED_INLINE.match(text))
        or _NOTICE.search(text) or (segment.chars < 60 and is_date_line(text))
        or not _WORD.search(text)
    )


def is_date_line(text: str) -> bool:
    """True for a line that is only a date ("Nov. 19, 2019 8:03 am ET", "Thứ hai, 13/9/2024")."""
    rest = _DATE_WORDS.sub(" ", text)
    return bool(re.search(r"\d", text)) and not re.search(r"\w{2,}", rest)


def _clean_tail(content: Content) -> None:
    """Move a signature at the end of the body to signatures; drop widget lines after it."""
    for _ in range(5):
        if len(content.body) < 2:
            break
        last = content.body[-1]
        kind = content.kinds[-1]
        if len(last) < 250 and _COLOPHON.search(last):
            _pop(content, -1)  # "© 2025 Báo X. Giấy phép số ...": the page's footer
        elif kind & (c.ROW | c.QUOTE | c.LISTITEM):
            break
        elif looks_like_signature(last, emphasized=bool(kind & (c.RIGHT | c.EMPHASIZED))):
            content.signatures.insert(0, strip_note(_pop(content, -1)))
        elif len(last) < 50 and not (_SENTENCE_END.search(last) and not last.endswith((":", "?"))):
            _pop(content, -1)  # "Hữu ích", "Tell us what you think", a footer label
        else:
            break
    if content.body and looks_like_byline(content.body[0]) and ":" in content.body[0]:
        content.bylines.insert(0, _pop(content, 0))


def _pop(content: Content, index: int) -> str:
    content.kinds.pop(index)
    return content.body.pop(index)
