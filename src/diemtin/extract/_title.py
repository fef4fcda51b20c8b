"""The headline: what the page shows as its headline, checked against what it declares.

Declared titles (JSON-LD ``headline``, ``og:title``, the ``<title>`` tag) are often wrong
on real pages: a CMS repeats another article's JSON-LD, ``og:title`` holds the site's
name, or the declared title is an SEO variant of the headline. The visible main heading
therefore decides: headings and headline-styled blocks just before the article's text
are scored by their tag, their distance to the text and their agreement with a declared
title; a declared title that the page does not show is only the last resort. Declared
titles that name the site ("Báo Sông Lam", "Trang chủ") are never candidates.
"""

from __future__ import annotations

import re
from collections.abc import Container as Labels
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from diemtin.extract import _classes as c
from diemtin.extract._content import weight
from diemtin.extract._dom import Container, Page, Segment
from diemtin.extract._metadata import Metadata
from diemtin.text.fold import fold

_SEPARATORS = re.compile(r"\s+[-|–—:»·/]\s+|\s*\|\s*|\s+::\s+")
_HOME = frozenset({"trang chu", "home", "trang nhat", "homepage", "tin tuc", "news", "tin moi"})
_WORD = re.compile(r"\w+")
# Folded names of Vietnamese outlet types: a text that starts so names a site, not a story.
_OUTLET_TYPE = re.compile(r"^(?:cong|trang) thong tin(?: dien tu)?\b|^(?:bao|tap chi|trang tin) "
                          r"dien tu\b")
# A format label before a headline ("[Video] ...", "[Infographic] ..."): not the headline's.
_FORMAT_LABEL = re.compile(
    r"^\s*[\[(](?:video|clip|ảnh|photo|photos|infographic|inforgraphic|podcast|audio|"
    r"e-?magazine|longform|megastory|mega story|trực tiếp|live|interactive|đồ họa|đồ hoạ|"
    r"chùm ảnh|phóng sự ảnh|tin ảnh|ảnh và video)[\])]\s*[-:–]?\s*", re.I)
_TAG_SCORES = {1: 4.0, 2: 2.5, 3: 2.0}
_WINDOW = 40  # segments before the article's text where its headline may stand
_AGREES = 5.0  # a visible heading that a declared title repeats
_LABEL_WORDS = 6  # a heading this short that a link also shows is a section's name


@dataclass(frozen=True, slots=True)
class TitleChoice:
    """The chosen headline, the segment showing it (None when not shown) and its source."""

    text: str | None
    index: int | None
    source: str


def key(text: str) -> str:
    """A comparison key: folded, punctuation and spacing dropped."""
    return " ".join(_WORD.findall(fold(text)))


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


class LinkLabels:
    """The keys of a page's short link texts (menu items, section names, breadcrumbs),
    read from the tree on the first question only: most pages never ask."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self._tree = tree
        self._keys: set[str] | None = None

    def __contains__(self, found: object) -> bool:
        if not isinstance(found, str) or len(found.split()) > _LABEL_WORDS:
            return False
        if self._keys is None:
            self._keys = set()
            for node in self._tree.css("a")[:3000]:
                text = key(node.text())
                if text and len(text.split()) <= _LABEL_WORDS:
                    self._keys.add(text)
        return found in self._keys


def pick_title(meta: Metadata, page: Page, box: Container, site_names: list[str], *,
               labels: Labels[str] = frozenset()) -> TitleChoice:
    """The headline of the page (see the module docstring).

    ``labels`` are the page's short link texts (:class:`LinkLabels`): a heading that
    repeats one ("Tin tức - Sự kiện" over the article) names a section, unless a declared
    title other than the ``<title>`` tag says it is the headline.
    """
    generic = {key(name) for name in site_names if len(name.split()) <= 6} | _HOME
    declared = _declared(meta, site_names, generic)
    anchor = _text_start(page, box)
    best: tuple[float, int, str] | None = None
    for index in range(max(0, anchor - _WINDOW), min(len(page.segments), anchor + 1)):
        scored = _score(page.segments[index], index, anchor, declared, meta.html_title,
                        generic)
        if scored is not None and scored[1].partition("+")[2] in ("", "html-title") and \
                key(page.segments[index].text) in labels:
            continue  # a section's name over the article, repeated by a menu link
        if scored is not None and (best is None or scored[0] > best[0]):
            best = (scored[0], index, scored[1])
    if best is not None and "+" in best[2]:
        return _unlabelled(TitleChoice(page.segments[best[1]].text, best[1], best[2]))
    shown = _declared_h1(page, declared)  # the page's h1 elsewhere, as declared
    if shown is not None:
        return _unlabelled(shown)
    if best is not None:
        return _unlabelled(TitleChoice(page.segments[best[1]].text, best[1], best[2]))
    return _unlabelled(_declared_only(page, declared))


def _unlabelled(choice: TitleChoice) -> TitleChoice:
    """The choice without a format label before the headline ("[Video] ")."""
    if choice.text is None or not _FORMAT_LABEL.match(choice.text):
        return choice
    return TitleChoice(_FORMAT_LABEL.sub("", choice.text, count=1), choice.index, choice.source)


def _declared(meta: Metadata, site_names: list[str], generic: set[str]) -> list[tuple[str, str]]:
    """Declared titles with their origin, site names and one-word labels left out."""
    found = [(title, meta.origin("titles", title)) for title in meta.titles]
    if meta.html_title:
        found.append((strip_site(meta.html_title, site_names), "html-title"))
    found = [(strip_site(text, site_names), origin) for text, origin in found]
    return [(text, origin) for text, origin in found
            if not _generic(key(text), generic) and
            (len(key(text).split()) >= 2 or _enough_words(key(text)))]


def _generic(found: str, generic: set[str]) -> bool:
    """A site's name or a label such as "Trang chủ", not a headline."""
    return found in generic or bool(_OUTLET_TYPE.match(found))


def _text_start(page: Page, box: Container) -> int:
    """The first segment of the container that reads as article text."""
    for index in range(box.start, box.end):
        if weight(page.segments[index]) > 0:
            return index
    return box.start


def _score(segment: Segment, index: int, anchor: int, declared: list[tuple[str, str]],
           html_title: str | None, generic: set[str]) -> tuple[float, str] | None:
    """How much ``segment`` looks like the page's headline, and what it is, or None."""
    found = key(segment.text)
    linked = segment.link_chars >= 0.5 * segment.chars and not segment.flags & c.TITLE
    if not 8 <= segment.chars <= 300 or linked or segment.flags & c.CAPTION or \
            _generic(found, generic) or not _enough_words(found):
        return None
    agreeing = next((origin for text, origin in declared if _same(found, key(text))), None)
    if agreeing is None and html_title and _affix(found, key(html_title), generic):
        agreeing = "html-title"
    base, kind = _shape(segment)
    if base == 0.0 and agreeing is None:
        return None
    if segment.flags & c.LISTITEM and not segment.flags & c.TITLE:
        base /= 2  # a heading inside a list of other stories
    score = base + (_AGREES if agreeing else 0.0) - 0.15 * (anchor - index)
    return score, f"{kind}+{agreeing}" if agreeing else kind


def _enough_words(found: str) -> bool:
    """Three words and more, or a run of text written without spaces (Chinese, Japanese)."""
    words = found.split()
    return len(words) >= 3 or (len(words) == 1 and len(found) >= 8 and not found.isascii())


def _shape(segment: Segment) -> tuple[float, str]:
    """The score a segment's form gives it (h1 highest) and the name of that form."""
    base = _TAG_SCORES.get(segment.level, 1.0) if segment.level else 0.0
    if segment.flags & c.HEADLINE:
        base += 2.0 if not segment.level else 1.0
    if segment.text.endswith(".") and not segment.text.endswith(".."):
        base /= 2  # a sentence ("Enter search terms here."), not a headline
    kind = f"h{segment.level}" if segment.level else "styled"
    return base, kind if base else "text"


def _same(found: str, wanted: str) -> bool:
    return bool(wanted) and (found == wanted or (
        min(len(found), len(wanted)) >= 20 and (found in wanted or wanted in found)))


def _affix(found: str, title: str, generic: set[str]) -> bool:
    """True when the ``<title>`` starts with the text ("Headline - Site"), or ends with it
    after a site's name ("Site - Headline"); a suffix alone is mostly the site's name."""
    if len(found) < 15:
        return False
    return title.startswith(found) or (title.endswith(found) and
                                       title[: -len(found)].strip() in generic)


def _declared_h1(page: Page, declared: list[tuple[str, str]]) -> TitleChoice | None:
    """An ``h1`` anywhere on the page that a declared title names (a page has one h1)."""
    for index, segment in enumerate(page.segments):
        if segment.flags & c.TITLE and segment.link_chars < 0.5 * segment.chars:
            found = key(segment.text)
            agreeing = next((o for text, o in declared if _same(found, key(text))), None)
            if agreeing is not None:
                return TitleChoice(segment.text, index, f"h1+{agreeing}")
    return None


def _declared_only(page: Page, declared: list[tuple[str, str]]) -> TitleChoice:
    """No heading stands before the text: a shown block a declared title names, or that title."""
    if not declared:
        return TitleChoice(None, None, "none")
    wanted = {key(text): origin for text, origin in declared}
    lengths = [len(text) for text, _origin in declared]
    low, high = min(lengths) // 2, min(max(lengths) * 2, 300)
    for index, segment in enumerate(page.segments):  # a title in <font><b>, <div class="tieude">
        if low <= segment.chars <= high and key(segment.text) in wanted:
            return TitleChoice(segment.text, index, "text+" + wanted[key(segment.text)])
    return TitleChoice(declared[0][0], None, declared[0][1])
