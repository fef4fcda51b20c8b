"""Choose each metadata field from the declared candidates and the visible page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from diemtin.extract import _classes as c
from diemtin.extract._byline import clean_author
from diemtin.extract._dates import has_time, parse_iso, parse_text
from diemtin.extract._dom import Page
from diemtin.extract._metadata import Metadata
from diemtin.text.fold import fold

_SEPARATORS = re.compile(r"\s+[-|–—:»·/]\s+|\s*\|\s*|\s+::\s+")
_HOME = frozenset({"trang chủ", "home", "trang nhất", "homepage", "tin tức", "news", "trang chu"})
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.I)
_VIETNAMESE = re.compile("[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]",
                         re.I)
_PREFIX = re.compile(r"^\s*(\([^()]{1,40}\)|\S{2,16}(?:\s\S{1,10})?)\s*[-–—]\s*(?=\S)")
_WORD = re.compile(r"\w+")


def key(text: str) -> str:
    """A comparison key: folded, punctuation and spacing dropped."""
    return " ".join(_WORD.findall(fold(text)))


def pick_title(meta: Metadata, page: Page, start: int,
               site_names: list[str]) -> tuple[str | None, int | None]:
    """The headline and the index of the segment showing it (None when not shown)."""
    declared = [*meta.titles]
    if meta.html_title:
        declared.append(strip_site(meta.html_title, site_names))
    keys = [key(t) for t in declared if key(t)]
    headings = [(i, s) for i, s in enumerate(page.segments) if s.flags & (c.TITLE | c.HEADING)
                and s.chars >= 8 and s.link_chars < 0.8 * s.chars]
    for want in keys:
        for index, segment in headings:
            found = key(segment.text)
            if found == want or (len(found) >= 20 and (found in want or want in found)):
                return segment.text, index
    lengths = [len(t) for t in declared]
    low, high = (min(lengths) // 2, max(lengths) * 2) if lengths else (0, 0)
    for index, segment in enumerate(page.segments):  # a title in <font><b>, <div class="tieude">
        if low <= segment.chars <= min(high, 300) and key(segment.text) in keys:
            return segment.text, index
    h1s = [(i, s) for i, s in headings if s.flags & c.TITLE and i <= start + 2]
    if h1s and not declared:
        index, segment = h1s[-1]
        return segment.text, index
    return (declared[0] if declared else None), None


def strip_site(title: str, site_names: list[str]) -> str:
    """Remove a " - Site name" part from an HTML ``<title>``."""
    parts = [part for part in _SEPARATORS.split(title) if part.strip()]
    if len(parts) < 2:
        return title
    sites = {key(name) for name in site_names}
    kept = [part for part in parts if key(part) not in sites]
    if kept and len(kept) < len(parts):
        return " - ".join(kept)
    return max(parts, key=len)


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


def pick_author(meta: Metadata, bylines: list[str], outlets: list[str]) -> str | None:
    """The first byline that names a person or a source, not the outlet itself.

    JSON-LD comes first, then the bylines shown on the page, then ``<meta>`` tags (which
    often name the outlet or the CMS account that published the page).
    """
    outlet_keys = {k for k in (_outlet_key(o) for o in outlets) if k}
    for raw in [*meta.ld_authors, *bylines, *meta.authors]:
        if raw.startswith(("http://", "https://", "/", "@")):
            continue
        name = clean_author(raw)
        if name and _outlet_key(name) not in outlet_keys and not _DOMAIN.match(name):
            return name
    return None


def _outlet_key(name: str) -> str:
    """"Báo VnExpress", "vnexpress.net" and "https://vnexpress.net/x" all give "vnexpress"."""
    if "://" in name or _DOMAIN.match(name):
        host = urlsplit(name if "://" in name else "//" + name).hostname or ""
        name = host.removeprefix("www.").split(".")[0]
    words = key(name).replace(" ", "")
    for prefix in ("baodientu", "tapchi", "bao"):
        if words.startswith(prefix) and len(words) > len(prefix) + 2:
            return words[len(prefix):]
    return words


def pick_date(meta: Metadata, page: Page, anchor: int, *, tz: timezone,
              now: datetime | None) -> datetime | None:
    """The publication time: declared, unless the date line shown near the title disagrees."""
    declared = None
    for value in meta.dates:
        declared = parse_iso(value, default_tz=tz) or parse_text(value, default_tz=tz)
        if declared is not None and not _future(declared, now):
            break
        declared = None
    shown, shown_has_time = _shown_date(page, anchor, tz=tz, now=now)
    if shown is None:
        return declared
    if declared is None:
        return shown
    same_day = declared.astimezone(tz).date() == shown.astimezone(tz).date()
    if same_day:
        return shown if shown_has_time and _midnight(declared) else declared
    return shown


def _future(value: datetime, now: datetime | None) -> bool:
    return now is not None and value > now + timedelta(days=1)


def _midnight(value: datetime) -> bool:
    return value.hour == 0 and value.minute == 0 and value.second == 0


def _shown_date(page: Page, anchor: int, *, tz: timezone,
                now: datetime | None) -> tuple[datetime | None, bool]:
    best: tuple[float, datetime, bool] | None = None
    segments = page.segments
    for index in range(max(0, anchor - 12), min(len(segments), anchor + 15)):
        segment = segments[index]
        if segment.chars > 120 or segment.flags & c.CAPTION:
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
