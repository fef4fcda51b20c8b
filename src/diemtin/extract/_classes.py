"""What an element is for, read from its tag, class and id.

Class and id names are split into lower-case tokens ("box-tinlienquanv2" gives "box",
"tinlienquanv2"; "detailSapo" gives "detail", "sapo") and matched against word lists in
English and in the unaccented Vietnamese that Vietnamese CMSs use ("binhluan", "tinlienquan",
"sapo", "tacgia"). The result is a set of bit flags; nothing here knows about one site.
"""

from __future__ import annotations

import re
from functools import lru_cache

DROP = 1 << 0  # navigation, comments, share bars, ads, related stories: never body
CAPTION = 1 << 1  # photo captions
LEAD = 1 << 2  # sapo / standfirst
BYLINE = 1 << 3  # author names
DATE = 1 << 4  # date lines
TAGS = 1 << 5  # keyword / tag lists
QUOTE = 1 << 6  # blockquote, pull quotes (stay in body)
HEADING = 1 << 7  # h1-h6
TITLE = 1 << 8  # the h1
LISTITEM = 1 << 9
ROW = 1 << 10  # a data-table row, one paragraph
RIGHT = 1 << 11  # right-aligned (signatures)
BOILER = 1 << 12  # weaker hint of page furniture (headers, meta bars): not body
CATEGORY = 1 << 13  # section name near the title
HEADLINE = 1 << 14  # named or sized like a headline ("tieude", "post-title", font size 5)
EMPHASIZED = 1 << 15  # a body paragraph set wholly in bold or italics (signatures)

_SPLIT = re.compile(r"[^a-z0-9]+")
_FONT_SIZE = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)\s*(px|pt|em|rem)", re.I)
_LARGE = {"px": 20.0, "pt": 15.0, "em": 1.4, "rem": 1.4}  # from here on, text is set large
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

_DROP_WORDS = frozenset("""
nav navbar navigation menu menus mainmenu submenu topmenu megamenu footer sitefooter sidebar
aside widget widgets rightcol leftcol colright colleft comment comments commentlist
commentbox binhluan ykien share sharing sharebar social socials socialshare sns follow
breadcrumb breadcrumbs related relate relates relatedpost relatedposts lienquan tinlienquan
morenews othernews tinkhac baikhac cungchuyenmuc samecategory recommend recommended
recommendation recommendations readmore xemthem docthem mostview mostviewed mostread
mostpopular popular trending xemnhieu docnhieu tinmoi newest latest ads ad adv advs advert
adverts advertisement advertising adsense adzone banner banners qc quangcao sponsor
sponsored promo promotion dfp newsletter subscribe subscription signup login register
paywall cookie cookies consent gdpr popup modal overlay print toolbar tools tool rating vote
reaction reactions like likes fontsize sronly screenreader screenreadertext visuallyhidden
offscreen skiplink pagination pager paging jwplayer videoplayer audioplayer vjs plyr
mejs controlbar
""".split())  # noqa: SIM905
_DROP_PARTS = (
    "comment",
    "binhluan",
    "lienquan",
    "breadcrumb",
    "sidebar",
    "relate",
    "social",
    "share",
    "advert",
    "quangcao",
    "xemnhieu",
    "docnhieu",
    "mostview",
    "mostread",
    "newsletter",
    "footer",
    "menu",
    "navbar",
    "cungchuyenmuc",
    "recommend",
    "tinkhac",
    "sharing",
    "popular",
)
_CAPTION_WORDS = frozenset("""
caption captions figcaption chuthich imgcaption photocaption pcaption imagecaption imgdesc
imagedesc fig picdesc photodesc captiontext wpcaptiontext credit photocredit
""".split())  # noqa: SIM905
_LEAD_WORDS = frozenset("""
sapo lead leadtext summary excerpt chapo chapeau standfirst intro dek deck teaser tomtat
description desc subtitle subhead articlesapo detailsapo
""".split())  # noqa: SIM905
_BYLINE_WORDS = frozenset("""
author authors by byline bylines tacgia writer reporter creator credits nguoiviet butdanh
""".split())  # noqa: SIM905
_DATE_WORDS = frozenset("""
date time datetime publish published publishdate pubdate posted postdate timestamp ngay
thoigian dateline updated ngaydang timepost
""".split())  # noqa: SIM905
_TAG_WORDS = frozenset(["tags", "tag", "keywords", "keyword", "tukhoa", "taglist", "tagslist"])
_CATEGORY_WORDS = frozenset(
    ["cat", "cate", "catlinks", "category", "categories", "chuyenmuc", "kicker"]
)
_BOILER_WORDS = frozenset(["header", "masthead", "topbar", "meta", "metadata", "info"])
_NEGATIONS = frozenset({"no", "non", "not", "without"})
_HEADLINE_STEMS = ("tieude", "headline")
_HEADLINE_ENDS = ("title", "tieude", "headline")
HINTS = LEAD | BYLINE | DATE | TAGS | CATEGORY | BOILER
"""Flags that describe small elements; a large element carrying such a class loses them."""
_IMAGE_WORDS = frozenset(
    ["image", "img", "photo", "pic", "picture", "fig", "figure", "anh", "hinh"]
)
_CONTENT_WORDS = frozenset("""
content article body entry post story text detail main maincontent articlebody
""".split())  # noqa: SIM905


def tokens(value: str) -> tuple[str, ...]:
    """Split a class or id value into lower-case tokens, camelCase included."""
    return tuple(tok for tok in _SPLIT.split(_CAMEL.sub(" ", value).lower()) if tok)


@lru_cache(maxsize=8192)
def classify(names: str) -> int:
    """Flags for a class + id string (cached: the same names recur on every page)."""
    found = tokens(names)
    if len(found) > 16:
        return 0  # feature-flag soup ("f_caption_muted_videos_on ..."), not a role
    flags = 0
    negated = False
    for token in found:
        if not negated:
            flags |= _token_flags(token)
        negated = token in _NEGATIONS
    for word in _joined_syllables(names):
        if word in _JOINABLE or word.startswith("tieude"):
            flags |= _token_flags(word)
    if flags & LEAD and any(token in _IMAGE_WORDS for token in found):
        flags = (flags & ~LEAD) | CAPTION  # "image_desc", "photo-summary": a caption
    return flags


# Unaccented Vietnamese words of the lists above that class names may spell one syllable
# at a time; English tokens are never joined ("entry-content-read-more" is no "readmore").
_JOINABLE = frozenset("""
binhluan ykien lienquan tinlienquan tinkhac baikhac cungchuyenmuc xemthem docthem xemnhieu
docnhieu tinmoi quangcao chuthich sapo tomtat tacgia nguoiviet butdanh ngaydang thoigian
tukhoa chuyenmuc
""".split())  # noqa: SIM905


def _joined_syllables(names: str) -> list[str]:
    """Words a class name spells one syllable at a time: "tac-gia" -> "tacgia".

    Unaccented Vietnamese class names are often hyphenated per syllable ("tac-gia",
    "ngay-dang", "tieu-de", "tin-lien-quan"); runs of two or three short tokens inside
    one class or id are joined so the word lists recognize them.
    """
    joined: list[str] = []
    for name in names.split():
        parts = tokens(name)
        for size in (2, 3):
            for start in range(len(parts) - size + 1):
                run = parts[start : start + size]
                if all(len(part) <= 6 and part.isalpha() for part in run):
                    joined.append("".join(run))
    return joined


@lru_cache(maxsize=8192)
def _token_flags(token: str) -> int:
    stem = token.rstrip("0123456789")
    if stem in _CAPTION_WORDS:
        return CAPTION
    if stem in _DROP_WORDS or any(part in stem for part in _DROP_PARTS):
        return DROP
    if stem in _LEAD_WORDS:
        return LEAD
    if stem in _BYLINE_WORDS:
        return BYLINE
    if stem in _TAG_WORDS:
        return TAGS
    if stem in _DATE_WORDS:
        return DATE
    if stem in _CATEGORY_WORDS:
        return CATEGORY
    if stem in _BOILER_WORDS:
        return BOILER
    if stem == "hed" or stem.startswith(_HEADLINE_STEMS) or stem.endswith(_HEADLINE_ENDS):
        return HEADLINE  # "tieudetin", "post-title", "articleTitle"; only a hint for the title
    return 0


_LAYER_WORDS = frozenset({"overlay", "banner", "banners"})


@lru_cache(maxsize=8192)
def only_layer_drop(names: str) -> bool:
    """True when the names drop an element only for being a layer over the page
    ("emg-cover__overlay", "top-banner"): such a layer may carry the headline."""
    dropping = [token for token in tokens(names) if _token_flags(token) & DROP]
    return bool(dropping) and all(token.rstrip("0123456789") in _LAYER_WORDS
                                  for token in dropping)


@lru_cache(maxsize=8192)
def is_content_name(names: str) -> bool:
    """True when the class/id names say "this is the article" (content, entry, body...)."""
    return any(token in _CONTENT_WORDS for token in tokens(names))


def large_text(tag: str, attrs: dict[str, str | None]) -> bool:
    """``<font size="5">`` or an inline ``font-size`` of 20px and more: headline-sized text."""
    if tag == "font":
        size = (attrs.get("size") or "").strip()
        return (size.startswith("+") and size[1:].isdigit() and int(size[1:]) >= 2) or \
            (size.isdigit() and int(size) >= 5)
    match = _FONT_SIZE.search(attrs.get("style") or "")
    return match is not None and float(match.group(1)) >= _LARGE[match.group(2).lower()]
