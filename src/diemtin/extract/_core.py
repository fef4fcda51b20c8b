"""``extract``: one HTML page to one :class:`~diemtin.models.Article`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone

from diemtin.errors import ExtractionError, ExtractionReason
from diemtin.extract import _fields as f
from diemtin.extract._author import pick_author
from diemtin.extract._content import Content, best_container, collect
from diemtin.extract._decode import decode_html, fix_text
from diemtin.extract._dom import Page, flatten, parse
from diemtin.extract._metadata import Metadata, read_metadata
from diemtin.extract._options import ExtractOptions
from diemtin.extract._prepare import prepare_html
from diemtin.extract._title import LinkLabels, TitleChoice, pick_title
from diemtin.models import Article, RawDocument, article_id_for
from diemtin.text.normalize import clean_characters

_DEFAULT_OPTIONS = ExtractOptions()


def extract(
    html: bytes | str,
    *,
    url: str | None = None,
    fetched_at: datetime | None = None,
    headers: Mapping[str, str] | None = None,
    options: ExtractOptions = _DEFAULT_OPTIONS,
) -> Article:
    """Extract the article of one HTML page.

    Args:
        html: the page, as bytes (decoded from the HTTP charset, the meta charset, a BOM
            or by sniffing; TCVN3 and VNI pages are converted) or as text.
        url: where the page was fetched; resolves relative links and gives the id when
            the page declares no canonical URL.
        fetched_at: when it was fetched; resolves "8 giờ trước" style dates.
        headers: HTTP response headers (only ``Content-Type`` is read).
        options: limits and defaults, see :class:`ExtractOptions`.

    Returns:
        The article: its text fields as the page shows them (Unicode NFC, invisible
        characters removed, the outlet's own tone-mark placement kept), ``published``
        timezone-aware with the page's own offset (naive times: UTC+7), and
        ``provenance`` naming the source of the title, date and author.

    Raises:
        ExtractionError: when the page holds no article (the reason says why).
    """
    text = _to_text(html, url=url, headers=headers, options=options)
    tz = timezone(timedelta(hours=options.utc_offset_hours))
    html_text = prepare_html(text, max_depth=options.max_depth, max_tags=options.max_tags,
                             max_text_chars=options.max_text_chars)
    tree = parse(html_text)
    meta = read_metadata(tree)
    page = flatten(tree)
    box = best_container(page)
    if box is None:
        reason = ExtractionReason.TOO_SHORT if page.segments else ExtractionReason.EMPTY
        raise ExtractionError(reason, url=url, detail="no block of article text found")
    outlet = f.pick_outlet(meta, url)
    sites = [*meta.site_names, *([outlet] if outlet else [])]
    title = pick_title(meta, page, box, sites, labels=LinkLabels(tree))
    content = collect(page, box, title=title.text, title_index=title.index,
                      description=meta.description)
    if sum(len(p) for p in content.body) < options.min_body_chars:
        raise ExtractionError(ExtractionReason.TOO_SHORT, url=url,
                              detail=f"body has {sum(len(p) for p in content.body)} characters")
    anchor = title.index if title.index is not None else box.start
    now = fetched_at if fetched_at is None or fetched_at.tzinfo else fetched_at.replace(tzinfo=tz)
    published, date_source = f.pick_date(meta, page, anchor, tz=tz, now=now)
    article = _assemble(meta, page, content, title=title, outlet=outlet, url=url,
                        fetched_at=now, published=published,
                        section=f.pick_section(meta, tree, page, anchor, title.text),
                        tags=f.pick_tags(meta, tree))
    provenance = dict(article.provenance)
    provenance["published"] = date_source
    return article.with_changes(provenance=tuple(provenance.items()))


def extract_raw(doc: RawDocument, *, options: ExtractOptions = _DEFAULT_OPTIONS) -> Article:
    """Extract the article of a :class:`RawDocument` (its headers give the charset)."""
    headers = {name.lower(): value for name, value in doc.headers}
    article = extract(doc.content, url=doc.url, fetched_at=doc.fetched_at, headers=headers,
                      options=options)
    return article.with_changes(source=doc.source) if doc.source else article


def _to_text(html: bytes | str, *, url: str | None, headers: Mapping[str, str] | None,
             options: ExtractOptions) -> str:
    size = len(html)
    if size > options.max_bytes:
        raise ExtractionError(ExtractionReason.TOO_LARGE, url=url,
                              detail=f"{size} bytes, the limit is {options.max_bytes}")
    if not size or (isinstance(html, str) and html.isspace()) or \
            (isinstance(html, bytes) and html.isspace()):
        raise ExtractionError(ExtractionReason.EMPTY, url=url, detail="the page is empty")
    content_type = _header(headers, "content-type")
    if isinstance(html, bytes):
        text = decode_html(html, content_type=content_type, sniff_bytes=options.sniff_bytes)
    else:
        text = fix_text(html)
    if "<" not in text[:65536]:
        raise ExtractionError(ExtractionReason.NOT_HTML, url=url, detail="no markup found")
    return text


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _assemble(meta: Metadata, page: Page, content: Content, *, title: TitleChoice,
              outlet: str | None, url: str | None, fetched_at: datetime | None,
              published: datetime | None, section: str | None, tags: list[str]) -> Article:
    # Stored text is the outlet's own (design.md): NFC and no invisible characters, tone
    # marks where the outlet put them; search keys and the NLP input normalize it.
    clean = clean_characters
    body = tuple(clean(p) for p in content.body)
    canonical = next((u for u in (f.absolute(v, url) for v in meta.urls) if u), None)
    page_url = canonical or url
    lead, dateline = (f.strip_outlet_prefix(content.lead) if content.lead else (None, None))
    clean_title = clean(title.text) if title.text else (body[0][:200] if body else "")
    images = []
    shown = [src for at, src in page.images if content.start <= at <= content.end]
    for value in [*meta.images, *shown]:
        absolute = f.absolute(value, page_url)
        if absolute and absolute not in images:
            images.append(absolute)
    author = pick_author(meta, bylines=content.bylines, signatures=content.signatures,
                         outlets=[outlet or "", *meta.site_names, page_url or ""])
    return Article(
        id=article_id_for(url=page_url, title=clean_title, body=body),
        title=clean_title,
        body=body,
        url=page_url,
        outlet=clean(outlet) if outlet else None,
        lead=clean(lead) if lead else None,
        captions=tuple(dict.fromkeys(clean(cap) for cap in content.captions)),
        author=clean(author.text) if author.text else None,
        section=clean(section) if section else None,
        tags=tuple(clean(tag) for tag in tags),
        published=published,
        fetched_at=fetched_at,
        language=f.pick_language(meta, " ".join(body[:5])),
        dateline=clean(dateline) if dateline else None,
        images=tuple(images[:50]),
        provenance=(("title", title.source if title.text else "body"),
                    ("author", author.source)),
    )
