"""Choose each metadata field from the declared candidates and the visible page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from diemtin.extract import _classes as c
from diemtin.extract._dates import has_time, parse_iso, parse_text
from diemtin.extract._dom import Page, Segment
from diemtin.extract._metadata import Metadata
from diemtin.extract._title import key

_HOME = frozenset({"trang chủ", "home", "trang nhất", "homepage", "tin tức", "news", "trang chu"})
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.I)
_VIETNAMESE = re.compile("[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]",
                         re.I)
_PREFIX = re.compile(r"^\s*(\([^()]{1,40}\)|\S{2,16}(?:\s\S{1,10})?)\s*[-–—]\s*(?=\S)")


def pick_outlet(meta: Metadata, url: str | None) -> str | None:
    """The outlet's name: JSON-LD publisher or og:site_name, else the host."""
    names = [n for n in meta.site_names if not n.startswith("@") and len(n) <= 80]
    for name in names:
        if not _DOMAIN.match(name) and not name.lower().startswith(("©", "copyright")):
            return name
    if names:
        return names[0]
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def pick_date(meta: Metadata, page: Page, anchor: int, *, tz: timezone,
              now: datetime | None) -> tuple[datetime | None, str]:
    """The publication time and its source: declared, unless the date shown near the
    title disagrees ("page" when the shown date wins, the declaring tag otherwise)."""
    declared, origin = None, "none"
    for value in meta.dates:
        declared = parse_iso(value, default_tz=tz) or parse_text(value, default_tz=tz)
        if declared is not None and not _future(declared, now):
            origin = meta.origin("dates", value)
            break
        declared = None
    shown, shown_has_time = _shown_date(page, anchor, tz=tz, now=now,
                                        updates=declared is None)
    if shown is None:
        return declared, origin
    if declared is None:
        return shown, "page"
    same_day = declared.astimezone(tz).date() == shown.astimezone(tz).date()
    if same_day:
        return (shown, "page") if shown_has_time and _midnight(declared) else (declared, origin)
    return shown, "page"


_UPDATED = re.compile(r"^\W*(?:cập nhật|updated|last updated|last modified|chỉnh sửa|"
                      r"sửa lần cuối|modified)\b", re.I)


# Dates a page shows that are never its publication: a legal document's own dates.
_OTHER_DATE = re.compile(r"^\W*(?:ngày ban hành|ngày có hiệu lực|ngày hiệu lực|hiệu lực từ|"
                         r"ngày hết hiệu lực)\b", re.I)


def _says_updated(segments: list[Segment], index: int) -> bool:
    """Whether the date at ``index`` is an update time: its line says so, or the label just
    before it does ("Cập nhật:" then ``<time class="updated">``)."""
    if _UPDATED.match(segments[index].text):
        return True
    before = segments[index - 1].text if index else ""
    return len(before) <= 25 and bool(_UPDATED.match(before)) and \
        not re.search(r"\d", before)


def _future(value: datetime, now: datetime | None) -> bool:
    return now is not None and value > now + timedelta(days=1)


def _midnight(value: datetime) -> bool:
    return value.hour == 0 and value.minute == 0 and value.second == 0


def _shown_date(page: Page, anchor: int, *, tz: timezone, now: datetime | None,
                updates: bool) -> tuple[datetime | None, bool]:
    """The date shown near the text and whether it has a time; a line giving when the
    article was updated ("Cập nhật: 09:10 | 04/03/2026") counts only with ``updates``."""
    best: tuple[float, datetime, bool] | None = None
    segments = page.segments
    for index in range(max(0, anchor - 12), min(len(segments), anchor + 15)):
        segment = segments[index]
        if segment.chars > 120 or segment.flags & c.CAPTION or \
                _OTHER_DATE.match(segment.text) or \
                (not updates and _says_updated(segments, index)):
            continue
        found = parse_text(segment.text, default_tz=tz, now=now)
        if found is None or _future(found, now):
            continue
        timed = has_time(segment.text)
        rank = abs(index - anchor) - (4 if segment.flags & c.DATE else 0) - (2 if timed else 0)
        if best is None or rank < best[0]:
            best = (rank, found, timed)
    return (best[1], best[2]) if best else (None, False)


def pick_section(meta: Metadata, tree: LexborHTMLParser, page: Page, anchor: int,
                 title: str | None) -> str | None:
    """The top section: breadcrumbs first, then a category label near the title."""
    title_key = key(title or "")
    crumbs = meta.breadcrumbs or _visible_breadcrumbs(tree)
    for crumb in crumbs:
        if key(crumb) not in _HOME and key(crumb) != title_key and len(crumb) <= 60:
            return crumb
    for index in range(max(0, anchor - 6), min(len(page.segments), anchor + 2)):
        segment = page.segments[index]
        if segment.flags & c.CATEGORY and segment.chars <= 40:
            return segment.text
    return meta.sections[0] if meta.sections else None


def _visible_breadcrumbs(tree: LexborHTMLParser) -> list[str]:
    selector = '[class*="breadcrumb"] a, [class*="bread-crumb"] a, [id*="breadcrumb"] a, ' \
               '[itemtype*="BreadcrumbList"] a'
    names: list[str] = []
    for node in tree.css(selector)[:10]:
        text = " ".join(node.text().split())
        if text:
            names.append(text)
    return names


def pick_tags(meta: Metadata, tree: LexborHTMLParser) -> list[str]:
    """Keywords declared by the page, else the links of its visible tag list."""
    tags = [t.strip() for t in meta.tags if t.strip()]
    if not tags:
        selector = '[class*="tags"] a, [class*="tag-"] a, [class*="keyword"] a, ' \
                   '[class*="tukhoa"] a, a[rel="tag"]'
        tags = [" ".join(n.text().split()) for n in tree.css(selector)[:30]]
    seen: dict[str, str] = {}
    for tag in tags:
        if tag and len(tag) <= 60 and key(tag) not in seen:
            seen[key(tag)] = tag
    return list(seen.values())[:30]


def pick_language(meta: Metadata, text: str) -> str:
    """The page's declared language (primary subtag), else a guess from the letters."""
    if meta.language:
        primary = meta.language.replace("_", "-").split("-")[0].strip().lower()
        if primary.isalpha() and 2 <= len(primary) <= 3:
            return primary
    sample = text[:5000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    if len(_VIETNAMESE.findall(sample)) > 0.05 * letters:
        return "vi"
    return "en" if sum(ch.isascii() for ch in sample) > 0.97 * len(sample or "x") else "und"


def absolute(url: str | None, base: str | None) -> str | None:
    """``url`` resolved against ``base``; None for non-web values."""
    if not url:
        return None
    url = url.strip()
    if base:
        url = urljoin(base, url)
    return url if url.startswith(("http://", "https://")) else None


def strip_outlet_prefix(lead: str) -> tuple[str, str | None]:
    """Split "(PLVN) - text" or "TXO - text" into the text and the prefix."""
    match = _PREFIX.match(lead)
    if not match or len(lead) - match.end() < 20:
        return lead, None
    label = match.group(1)
    letters = [ch for ch in label if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    if not label.startswith("(") and (upper < 2 or upper < len(letters) / 2):
        return lead, None
    return lead[match.end():], match.group(1).strip(" ()")
