"""Metadata the page declares: JSON-LD, OpenGraph, ``<meta>`` names, ``<link rel>``.

Everything is collected as candidates; ``_core`` weighs them against what the visible
page shows (a ``<meta name="author">`` that names the outlet is no author).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

_ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "blogposting", "reportagenews", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting",
    "scholarlyarticle", "techarticle", "report", "socialmediaposting", "webpage", "posting",
})
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


@dataclass(slots=True)
class Metadata:
    """Candidates for each field, best source first."""

    titles: list[str] = field(default_factory=list)
    html_title: str | None = None
    description: str | None = None
    site_names: list[str] = field(default_factory=list)
    ld_authors: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    breadcrumbs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    language: str | None = None
    origins: dict[tuple[str, str], str] = field(default_factory=dict)

    def origin(self, name: str, value: str) -> str:
        """Where the page declares ``value`` of field ``name`` ("json-ld", "og:title" ...)."""
        return self.origins.get((name, value), "meta")

    def note(self, name: str, values: list[Any], origin: str) -> None:
        """Add ``values`` to the candidates of field ``name``, remembering their origin."""
        target: list[str] = getattr(self, name)
        for value in values:
            if isinstance(value, str):
                value = " ".join(value.split())
                if value and value not in target:
                    target.append(value)
                    self.origins[(name, value)] = origin


def read_metadata(tree: LexborHTMLParser) -> Metadata:
    """Collect the declared metadata of a parsed page."""
    meta = Metadata()
    for item in _json_ld_items(tree):
        _read_json_ld(item, meta)
    _read_meta_tags(tree, meta)
    _read_links(tree, meta)
    title = tree.css_first("title")
    if title is not None:
        meta.html_title = " ".join(title.text().split()) or None
    root = tree.root
    lang = root.attributes.get("lang") if root is not None else None
    if lang and not meta.language:
        meta.language = lang
    return meta


# -- JSON-LD ------------------------------------------------------------------------------
def _json_ld_items(tree: LexborHTMLParser) -> Iterator[dict[str, Any]]:
    for script in tree.css('script[type="application/ld+json"]'):
        raw = (script.text() or "").strip()
        if not raw or len(raw) > 2_000_000:
            continue
        data = _loads(raw)
        yield from _walk_json_ld(data, 0)


def _loads(raw: str) -> Any:
    raw = raw.removeprefix("<!--").removesuffix("-->").strip()
    raw = raw.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    for attempt in (raw, _TRAILING_COMMA.sub(r"\1", raw)):
        try:
            return json.loads(attempt, strict=False)
        except ValueError:
            continue
    return None


def _walk_json_ld(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_json_ld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                yield from _walk_json_ld(data[key], depth + 1)


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _read_json_ld(item: dict[str, Any], meta: Metadata) -> None:
    kinds = _types(item)
    if "breadcrumblist" in kinds:
        meta.breadcrumbs.extend(_breadcrumb_names(item))
        return
    if not kinds & _ARTICLE_TYPES:
        return
    weak = kinds <= {"webpage"}
    meta.note("titles", [item.get("headline") or (None if weak else item.get("name"))], "json-ld")
    if not weak:
        meta.note("ld_authors", _names(item.get("author")), "json-ld")
        meta.note("dates", [item.get("datePublished"), item.get("dateCreated")], "json-ld")
    else:
        meta.note("dates", [item.get("datePublished")], "json-ld")
    _add_all(meta.site_names, _names(item.get("publisher")))
    _add_all(meta.sections, _strings(item.get("articleSection")))
    keywords = item.get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    _add_all(meta.tags, _strings(keywords))
    entity = item.get("mainEntityOfPage")
    _add(meta.urls, entity.get("@id") if isinstance(entity, dict) else entity)
    _add(meta.urls, item.get("url"))
    _add_all(meta.images, _image_urls(item.get("image")))
    if not meta.description:
        meta.description = _first_string(item.get("description"))
    language = _first_string(item.get("inLanguage"))
    if language and not meta.language:
        meta.language = language


def _breadcrumb_names(item: dict[str, Any]) -> list[str]:
    elements = item.get("itemListElement")
    if not isinstance(elements, list):
        return []
    ordered = sorted((e for e in elements if isinstance(e, dict)),
                     key=lambda e: _position(e.get("position")))
    names: list[str] = []
    for element in ordered:
        inner = element.get("item")
        name = element.get("name") or (inner.get("name") if isinstance(inner, dict) else None)
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return names


def _position(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _first_string(value: Any) -> str | None:
    found = _strings(value)
    return found[0] if found else None


def _image_urls(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        url = value.get("url") or value.get("contentUrl")
        return [url] if isinstance(url, str) else []
    if isinstance(value, list):
        return [url for item in value for url in _image_urls(item)]
    return []


def _add(target: list[str], value: Any) -> None:
    if isinstance(value, str):
        value = " ".join(value.split())
        if value and value not in target:
            target.append(value)


def _add_all(target: list[str], values: list[Any]) -> None:
    for value in values:
        _add(target, value)


# -- <meta> and <link> --------------------------------------------------------------------
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "sailthru.title", "title")
_SITE_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title",
              "twitter:site", "publisher", "dc.publisher", "copyright")
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "byl", "sailthru.author",
                "parsely-author", "citation_author", "twitter:creator", "dc.contributor")
_DATE_KEYS = ("article:published_time", "datepublished", "og:published_time", "pubdate",
              "publishdate", "publish-date", "published_time", "date", "dc.date",
              "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
              "citation_publication_date", "article.published", "datecreated", "created",
              "og:updated_time", "article:modified_time", "datemodified", "lastmod")
_SECTION_KEYS = ("article:section", "articlesection", "section", "category", "parsely-section")
_TAG_KEYS = ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags")
_URL_KEYS = ("og:url", "twitter:url")
_IMAGE_KEYS = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "image",
               "thumbnailurl")
_LANG_KEYS = ("content-language", "language", "og:locale", "dc.language", "inlanguage")


def _meta_values(tree: LexborHTMLParser) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or \
            attrs.get("http-equiv")
        content = attrs.get("content") or attrs.get("value")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), []).append(content.strip())
    return values


def _first(values: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    return next((values[key][0] for key in keys if values.get(key)), None)


def _read_meta_tags(tree: LexborHTMLParser, meta: Metadata) -> None:
    values = _meta_values(tree)
    for key in _TITLE_KEYS:
        meta.note("titles", values.get(key, [])[:1], key)
    declared: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("authors", _AUTHOR_KEYS), ("dates", _DATE_KEYS))
    for name, names in declared:
        for key in names:
            meta.note(name, values.get(key, []), "meta:" + key)
    plain: tuple[tuple[tuple[str, ...], list[str]], ...] = (
        (_SITE_KEYS, meta.site_names), (_SECTION_KEYS, meta.sections), (_URL_KEYS, meta.urls),
        (_IMAGE_KEYS, meta.images))
    for keys, target in plain:
        for key in keys:
            _add_all(target, values.get(key, []))
    for key in _TAG_KEYS:
        for value in values.get(key, []):
            _add_all(meta.tags, value.split(",") if key != "article:tag" else [value])
    meta.description = meta.description or _first(
        values, ("og:description", "description", "twitter:description"))
    meta.language = meta.language or _first(values, _LANG_KEYS)


_DATED = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{2}-\d{2}")


def _read_links(tree: LexborHTMLParser, meta: Metadata) -> None:
    for node in tree.css("link[rel]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        href = node.attributes.get("href")
        if href and "canonical" in rel:
            meta.urls.insert(0, href.strip())
    for node in tree.css("time[datetime], [itemprop=datePublished]"):
        attrs = node.attributes
        meta.note("dates", [attrs.get("datetime") or attrs.get("content")], "time-element")
    for node in tree.css("time[title], [class*=time][title], [class*=date][title]")[:50]:
        # "2 giờ trước" shown, the time itself in a tooltip (timeago widgets)
        title = node.attributes.get("title") or ""
        if _DATED.search(title):
            meta.note("dates", [title], "title-attribute")
