"""Parse HTML and flatten it into a list of text segments (one per paragraph-like block).

The walk is iterative (deep markup cannot overflow the stack) and records, for every
container element, the range of segments it holds, so the content scorer can pick a
container without walking the tree again. Each segment carries flags from its
ancestors' tags, classes and ids (see ``_classes``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from diemtin.extract import _classes as c
from diemtin.extract._subtree import SubtreeIndex

_SKIP_TAGS = frozenset("""
script style noscript template svg math iframe object embed canvas map video audio select
textarea button input option head title meta link base dialog frame frameset applet -comment
label datalist progress meter
""".split())  # noqa: SIM905
_DROP_TAGS = frozenset({"nav", "aside", "footer", "menu"})
_BLOCK_TAGS = frozenset("""
p div section article main header footer aside h1 h2 h3 h4 h5 h6 ul ol li dl dt dd
blockquote pre figure figcaption table thead tbody tfoot tr td th caption form fieldset
address hr center details summary body html hgroup
""".split())  # noqa: SIM905
_CONTAINERS = frozenset("""
div section article main body td ul ol table blockquote figure form center header li dl
""".split())  # noqa: SIM905
_EMPHASIS = frozenset({"b", "strong", "i", "em"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_RIGHT_STYLE = re.compile(r"text-align\s*:\s*right", re.I)
_AUTHOR_HREF = re.compile(
    r"/(?:tac-gia|tacgia|author|authors|by|nha-bao|phong-vien|profile)/", re.I
)
_COMMENTS = re.compile(r"comment|binhluan|binh-luan|ykien|y-kien", re.I)


@dataclass(slots=True)
class Segment:
    """One paragraph-like run of text and what the page says about it."""

    text: str
    chars: int
    link_chars: int
    bold_chars: int
    flags: int
    tag: str
    level: int = 0  # heading level, 0 for other blocks
    images: int = 0  # images met in the block (for caption tables)


@dataclass(slots=True)
class Container:
    """A container element and the half-open range of segments inside it."""

    start: int
    end: int
    tag: str
    flags: int
    content_name: bool
    depth: int
    images: int = 0


@dataclass(slots=True)
class Page:
    """The flattened page."""

    segments: list[Segment] = field(default_factory=list)
    containers: list[Container] = field(default_factory=list)
    images: list[tuple[int, str]] = field(default_factory=list)  # (segment index, src)


def parse(html: str) -> LexborHTMLParser:
    """Parse ``html`` with lexbor (an HTML5 parser: malformed markup is repaired as browsers do)."""
    return LexborHTMLParser(html)


@dataclass(slots=True)
class _Frame:
    tag: str
    flags: int
    start: int
    container: bool
    content_name: bool
    block: bool = False
    row: bool = False
    images: int = 0


@dataclass(slots=True)
class _Buffer:
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    bold_chars: int = 0
    inline_flags: int = 0
    images: int = 0

    def reset(self) -> None:
        self.parts = []
        self.link_chars = self.bold_chars = self.inline_flags = self.images = 0


class _Walker:
    """Iterative depth-first walk producing :class:`Page`."""

    def __init__(self, total_chars: int, subtrees: SubtreeIndex) -> None:
        self.total_chars = total_chars
        self.subtrees = subtrees
        self.page = Page()
        self.frames: list[_Frame] = []
        self.buffer = _Buffer()
        self.in_link = 0
        self.in_bold = 0
        self.row_depth = 0

    def walk(self, root: LexborNode) -> Page:
        todo: list[tuple[LexborNode, bool]] = [(root, False)]
        while todo:
            node, leaving = todo.pop()
            if leaving:
                self._leave(node)
                continue
            if node.is_text_node:
                self._text(node.text_content or "")
                continue
            if not self._enter(node):
                continue
            todo.append((node, True))
            children = list(node.iter(include_text=True))
            todo.extend((child, False) for child in reversed(children))
        self._flush()
        return self.page

    # -- text -------------------------------------------------------------------------
    def _text(self, text: str) -> None:
        if not text or text.isspace():
            if text and self.buffer.parts:
                self.buffer.parts.append(" ")
            return
        self.buffer.parts.append(text)
        size = len(text)
        if self.in_link:
            self.buffer.link_chars += size
        if self.in_bold:
            self.buffer.bold_chars += size

    def _flush(self) -> None:
        buffer = self.buffer
        if not buffer.parts:
            if buffer.images and self.frames and self.frames[-1].flags & c.CAPTION:
                buffer.reset()
            return
        text = " ".join("".join(buffer.parts).split())
        if text:
            frame = self.frames[-1] if self.frames else None
            flags = (frame.flags if frame else 0) | buffer.inline_flags
            tag = self._block_tag()
            self.page.segments.append(
                Segment(
                    text=text,
                    chars=len(text),
                    link_chars=min(buffer.link_chars, len(text)),
                    bold_chars=min(buffer.bold_chars, len(text)),
                    flags=flags,
                    tag=tag,
                    level=_HEADINGS.get(tag, 0),
                    images=buffer.images,
                )
            )
        buffer.reset()

    def _block_tag(self) -> str:
        for frame in reversed(self.frames):
            if frame.block or frame.row:
                return "tr" if frame.row else frame.tag
        return "body"

    # -- elements ---------------------------------------------------------------------
    def _enter(self, node: LexborNode) -> bool:
        """Open an element; False when its subtree is skipped (or it has none: img, br)."""
        tag = node.tag or ""
        if tag in _SKIP_TAGS:
            return False
        attrs = node.attributes
        if "hidden" in attrs or _HIDDEN_STYLE.search(attrs.get("style") or ""):
            return False
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        own = self._own_flags(tag, node, names)
        if own is None:
            return False
        if tag in ("img", "br"):
            self._void(tag, attrs)
            return False
        own |= self._tag_flags(tag, node, attrs)
        self._open(tag, node, attrs, names, own)
        return True

    def _own_flags(self, tag: str, node: LexborNode, names: str) -> int | None:
        """Flags the element's own names give, or None when it is page furniture to skip."""
        own = c.classify(names) if names != " " and tag not in ("body", "html") else 0
        if tag in _DROP_TAGS:
            own |= c.DROP
        if own & c.DROP and not own & c.CAPTION and not self._holds_article(tag, node, names) \
                and not (c.only_layer_drop(names) and self.subtrees.of(node).marked):
            return None  # page furniture; a cover layer holding the h1 is kept
        own &= ~c.DROP
        if own & (c.HINTS | c.CAPTION | c.HEADLINE) and \
                self.subtrees.of(node).chars > _size_limit(own):
            own &= ~(c.HINTS | c.CAPTION | c.HEADLINE)  # a "post-meta" wrapping the text
        if own & c.CAPTION and tag == "table" and not self._image_table(node):
            own &= ~c.CAPTION  # a data table styled like the photo boxes ("tplCaption")
        return own

    def _void(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "img":
            self._image(attrs)
            return
        # A line break inside a caption or a heading ("Những người giữ giống<br>lúa mùa
        # nổi") is a break of layout, not of text.
        in_one_text = bool(self.frames and self.frames[-1].flags & (c.CAPTION | c.HEADING))
        if not self.row_depth and not in_one_text:
            self._flush()
        else:
            self.buffer.parts.append(" ")

    def _open(self, tag: str, node: LexborNode, attrs: dict[str, str | None], names: str,
              own: int) -> None:
        parent_flags = self.frames[-1].flags if self.frames else 0
        if tag == "a":
            self.in_link += 1
            if attrs.get("rel") == "author" or _AUTHOR_HREF.search(attrs.get("href") or ""):
                self.buffer.inline_flags |= c.BYLINE
        elif tag in _EMPHASIS:
            self.in_bold += 1
        if c.large_text(tag, attrs):
            self.buffer.inline_flags |= c.HEADLINE
        block = tag in _BLOCK_TAGS or bool(own & c.HINTS)  # <span class="author"> too
        if block:
            if self.row_depth:
                self.buffer.parts.append(" ")
            else:
                self._flush()
        frame = _Frame(
            tag=tag,
            flags=parent_flags | own,
            start=0,
            block=block,
            container=tag in _CONTAINERS,
            content_name=c.is_content_name(names),
        )
        if tag == "tr" and not self.row_depth and self._simple_row(node):
            frame.row = True
            self.row_depth += 1
        frame.start = len(self.page.segments)
        self.frames.append(frame)

    def _holds_article(self, tag: str, node: LexborNode, names: str) -> bool:
        """True for a "sidebar-1" or "main-menu-wrap" that wraps most of the page's text."""
        if tag in _DROP_TAGS or _COMMENTS.search(names):
            return False
        sub = self.subtrees.of(node)
        if sub.solid > 0.3 * self.total_chars:
            return True
        return sub.solid >= 800 and sub.marked

    def _simple_row(self, node: LexborNode) -> bool:
        """A table row of data (not layout): no nested table and little text."""
        sub = self.subtrees.of(node)
        return not sub.tables and sub.chars <= 600

    def _image_table(self, node: LexborNode) -> bool:
        """A table holding a photo and its caption, as many Vietnamese CMSs write them."""
        sub = self.subtrees.of(node)
        return bool(sub.images) and sub.tables <= 1 and sub.chars <= 600

    def _tag_flags(self, tag: str, node: LexborNode, attrs: dict[str, str | None]) -> int:
        flags = 0
        if tag in _HEADINGS:
            flags |= c.HEADING | (c.TITLE if tag == "h1" else 0)
        elif tag in ("figcaption", "caption") or (tag == "table" and self._image_table(node)):
            flags |= c.CAPTION
        elif tag == "blockquote" or tag == "q":
            flags |= c.QUOTE
        elif tag == "li":
            flags |= c.LISTITEM
        elif tag == "time":
            flags |= c.DATE
        if attrs.get("align") == "right" or _RIGHT_STYLE.search(attrs.get("style") or ""):
            flags |= c.RIGHT
        if attrs.get("itemprop") == "author" or attrs.get("rel") == "author":
            flags |= c.BYLINE
        return flags

    def _leave(self, node: LexborNode) -> None:
        frame = self.frames[-1]
        tag = frame.tag
        if tag == "a":
            self.in_link -= 1
        elif tag in _EMPHASIS:
            self.in_bold -= 1
        if frame.row:
            self.buffer.inline_flags |= c.ROW
            self._flush()
            self.row_depth -= 1
        elif frame.block:
            if self.row_depth:
                self.buffer.parts.append(" ")
            else:
                self._flush()
        self.frames.pop()
        if self.frames:
            self.frames[-1].images += frame.images
        if frame.container:
            self.page.containers.append(
                Container(
                    start=frame.start,
                    end=len(self.page.segments),
                    tag=tag,
                    flags=frame.flags,
                    content_name=frame.content_name,
                    depth=len(self.frames),
                    images=frame.images,
                )
            )

    def _image(self, attrs: dict[str, str | None]) -> None:
        self.buffer.images += 1
        if self.frames:
            self.frames[-1].images += 1
        for key in ("data-src", "data-original", "data-lazy-src", "src"):
            value = attrs.get(key)
            if value and not value.startswith("data:") and not value.endswith(".svg"):
                self.page.images.append((len(self.page.segments), value))
                break


def _size_limit(flags: int) -> int:
    """Longest text an element named like a lead, caption or meta line plausibly holds."""
    if flags & c.LEAD:
        return 900
    return 600 if flags & c.CAPTION else 400


def flatten(tree: LexborHTMLParser) -> Page:
    """Flatten the parsed page into segments (see :class:`Page`)."""
    root = tree.body or tree.root
    if root is None:
        return Page()
    subtrees = SubtreeIndex.of_page(root)
    hidden = sum(_solid_chars(node.text(deep=True)) for node in root.css("script, style"))
    return _Walker(_solid_chars(root.text(deep=True)) - hidden, subtrees).walk(root)


def _solid_chars(text: str) -> int:
    """Characters other than spaces and line breaks (indentation inflates raw lengths)."""
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r")
