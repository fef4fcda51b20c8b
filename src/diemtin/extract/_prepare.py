"""Make hostile markup cheap to parse, keeping what is text.

lexbor follows the HTML5 tree construction rules, and some of them cost time in the
depth of the open elements or in the length of the active formatting list: thousands of
unclosed ``<span>``/``<b>`` or nested ``<table>`` make a 2 MB page take minutes. Before
parsing, :func:`prepare_html`

1. cuts what never becomes text: scripts (JSON-LD is kept for the metadata), styles,
   inline SVG, comments, data-URIs and attribute values of kilobytes (state blobs);
2. replays the tags on a light model of the parser's stack and drops the start tags
   (and their end tags) that would nest deeper than ``max_depth`` or grow the list of
   open formatting elements past a bound;
3. stops after ``max_tags`` tags or ``max_text_chars`` characters of text.

The bounds count tags and text, not raw markup, so a page with a megabyte of menu or
inline images before its article keeps its article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# One pass in document order (a "<!--" inside a script is script text); unrolled loops
# ([^<]* runs in C) rather than lazy ".*?", which steps one character at a time. An
# element or comment left open runs to the end of the page, as in the parser.
_INVISIBLE = re.compile(
    r"<!--[^-]*(?:-(?!->)[^-]*)*(?:-->|\Z)"
    r"|<script\b(?![^<>]*application/ld\+json)[^<>]*>[^<]*(?:<(?!/script\s*>)[^<]*)*"
    r"(?:</script\s*>|\Z)"
    r"|<style\b[^<>]*>[^<]*(?:<(?!/style\s*>)[^<]*)*(?:</style\s*>|\Z)"
    r"|<svg\b[^<>]*>[^<]*(?:<(?!/svg\s*>)[^<]*)*(?:</svg\s*>|\Z)",
    re.I,
)
_DATA_URI = re.compile(r"data:[^\"'\s<>()]{200,}")
_LONG_VALUE = re.compile(r"""=\s*(?:"[^"<>]{2048,}"|'[^'<>]{2048,}')""")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>")

_VOID = frozenset("""
area base br col embed hr img input link meta param source track wbr keygen basefont bgsound
frame image html head body
""".split())  # noqa: SIM905  (html/head/body merge into the one element of each)
_FORMATTING = frozenset(["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small",
                        "strike", "strong", "tt", "u"])
_SPECIAL = frozenset("""
address applet area article aside blockquote body caption center col colgroup dd details dir
div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr iframe li
listing main marquee menu nav object ol p pre section select summary table tbody td template
textarea tfoot th thead tr ul
""".split())  # noqa: SIM905
_SCOPE = frozenset(["applet", "caption", "table", "td", "th", "marquee", "object", "template"])
_MARKERS = frozenset(["applet", "caption", "td", "th", "marquee", "object", "template"])
_CLOSES_P = frozenset("""
address article aside blockquote center details dialog dir div dl fieldset figcaption figure
footer form h1 h2 h3 h4 h5 h6 header hgroup main menu nav ol p pre section summary table ul
li dd dt
""".split())  # noqa: SIM905
# An open element of the key's group is closed by a new one, unless one of the stoppers
# (its list, row or table) lies between them.
_SIBLINGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol"})),
    "dd": (frozenset({"dd", "dt"}), frozenset({"dl"})),
    "dt": (frozenset({"dd", "dt"}), frozenset({"dl"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "option": (frozenset({"option"}), frozenset({"select", "optgroup"})),
}
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_P = frozenset({"p"})
_IMPLIES_CLOSE = _CLOSES_P | _SIBLINGS.keys() | _HEADINGS | {"a"}
_NOTABLE = _SPECIAL | _SCOPE | _MARKERS | _FORMATTING
_RAW_TEXT = frozenset(["script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                      "noframes"])


def prepare_html(html: str, *, max_depth: int, max_tags: int, max_text_chars: int,
                 max_formatting: int = 64) -> str:
    """Return ``html`` without what makes parsing slow (see the module docstring).

    Args:
        html: the decoded page.
        max_depth: deepest nesting of elements kept.
        max_tags: tags read; the page is cut before the next one.
        max_text_chars: characters of text read; the page is cut after them.
        max_formatting: open formatting elements (``b``, ``font``, ``a`` ...) kept.

    Returns:
        Markup that lexbor parses in time linear in its length.
    """
    html = _cut_invisible(html)
    if "data:" in html:
        html = _DATA_URI.sub("data:", html)
    html = _LONG_VALUE.sub('=""', html)
    guard = _Guard(max_depth=max_depth, max_formatting=max_formatting)
    return guard.run(html, max_tags=max_tags, max_text_chars=max_text_chars)


def _cut_invisible(html: str) -> str:
    """Remove comments, scripts (not JSON-LD), styles and inline SVG, in document order."""
    return _INVISIBLE.sub("", html)


@dataclass(slots=True)
class _Guard:
    """A light model of the HTML5 parser's stack of open elements (see module docstring).

    Every operation is O(1) amortized: positions of each name, of special elements and of
    scope boundaries are kept as stacks of indices.
    """

    max_depth: int
    max_formatting: int
    stack: list[str] = field(default_factory=list)
    positions: dict[str, list[int]] = field(default_factory=dict)
    specials: list[int] = field(default_factory=lambda: [-1])
    scopes: list[int] = field(default_factory=lambda: [-1])
    dropped: dict[str, int] = field(default_factory=dict)
    formatting: dict[str, int] = field(default_factory=dict)
    markers: list[tuple[int, dict[str, int]]] = field(default_factory=list)
    closers: list[str] = field(default_factory=list)  # end tags to write before the tag

    def run(self, html: str, *, max_tags: int, max_text_chars: int) -> str:
        parts: list[str] = []
        copied = previous = text = tags = skip_to = 0
        start_tag, end_tag, closers = self._start, self._end, self.closers
        for match in _TAG.finditer(html):
            start = match.start()
            if start < skip_to:
                continue  # inside a title, textarea or JSON-LD script: text
            text += start - previous
            previous = match.end()
            tags += 1
            if tags > max_tags or text > max_text_chars:
                cut = start if tags > max_tags else start - (text - max_text_chars)
                parts.append(html[copied:cut])
                return "".join(parts)
            slash, name = match.groups()
            name = name.lower()
            if name in _VOID:
                continue
            if slash:
                keep = end_tag(name)
            elif name in _RAW_TEXT:
                skip_to = _raw_text_end(html, name, previous)
                text += skip_to - previous  # titles and textareas: text all the same
                previous = skip_to
                continue
            else:
                keep = start_tag(name)
            if closers or not keep:
                parts.append(html[copied:start])
                parts.extend(closers)
                closers.clear()
                copied = start if keep else previous
        end = len(html)
        if text + end - previous > max_text_chars:
            end = previous + max_text_chars - text
        if not parts and end == len(html):
            return html
        parts.append(html[copied:end])
        return "".join(parts)

    # -- start tags --------------------------------------------------------------------
    def _start(self, name: str) -> bool:
        if name in _IMPLIES_CLOSE:
            self._close_implied(name)
        if len(self.stack) >= self.max_depth or (
                name in _FORMATTING and self._open_formatting() >= self.max_formatting):
            self.dropped[name] = self.dropped.get(name, 0) + 1
            return False
        self._push(name)
        return True

    def _close_implied(self, name: str) -> None:
        if name == "a" and self.formatting.get("a"):
            self._end("a")
        if name in _CLOSES_P and self.positions.get("p"):
            self._close_nearest(_P, frozenset())
        siblings = _SIBLINGS.get(name)
        if siblings is not None:
            self._close_nearest(*siblings)
        if name in _HEADINGS and self.stack and self.stack[-1] in _HEADINGS:
            self._pop_to(len(self.stack) - 1)

    def _close_nearest(self, group: frozenset[str], stoppers: frozenset[str]) -> None:
        target = max((self._top(name) for name in group), default=-1)
        if target < 0 or target < self.scopes[-1]:
            return
        if any(self._top(name) > target for name in stoppers):
            return
        self._pop_to(target)

    def _push(self, name: str) -> None:
        index = len(self.stack)
        self.stack.append(name)
        found = self.positions.get(name)
        if found is None:
            self.positions[name] = [index]
        else:
            found.append(index)
        if name not in _NOTABLE:
            return
        if name in _SPECIAL:
            self.specials.append(index)
        if name in _SCOPE:
            self.scopes.append(index)
        if name in _MARKERS:
            self.markers.append((index, dict(self.formatting)))
        if name in _FORMATTING:
            self.formatting[name] = self.formatting.get(name, 0) + 1

    # -- end tags ----------------------------------------------------------------------
    def _end(self, name: str) -> bool:
        if self.dropped and self.dropped.get(name):
            self.dropped[name] -= 1
            return False
        target = self._top(name)
        if name in _FORMATTING and self.formatting.get(name):
            self.formatting[name] -= 1
        if target < 0 or (target < self.scopes[-1] and name not in _SCOPE):
            return True
        if name not in _SPECIAL and self.specials[-1] > target:
            return True  # the parser ignores it (or reparents, which keeps the depth)
        self._pop_to(target)
        return True

    def _open_formatting(self) -> int:
        return sum(self.formatting.values())

    def _top(self, name: str) -> int:
        found = self.positions.get(name)
        return found[-1] if found else -1

    def _pop_to(self, index: int) -> None:
        """Pop the element at ``index`` and everything above it."""
        while len(self.stack) > index:
            top = len(self.stack) - 1
            name = self.stack.pop()
            self.positions[name].pop()
            if self.specials[-1] == top:
                self.specials.pop()
            if self.scopes[-1] == top:
                self.scopes.pop()
            if self.markers and self.markers[-1][0] == top:
                self.formatting = self.markers.pop()[1]
            elif name in _FORMATTING and top > index:
                # Closed by its parent: written out, so that the parser does not
                # reopen it in every following block (its "reconstruction" is what
                # makes thousands of unclosed <b> cost quadratic time and memory).
                if self.formatting.get(name):
                    self.formatting[name] -= 1
                self.closers.append(f"</{name}>")


def _raw_text_end(html: str, name: str, start: int) -> int:
    """Where the content of a raw-text element opened at ``start`` ends (its end tag)."""
    close = re.compile(rf"</{name}\s*>", re.I).search(html, start)
    return close.start() if close is not None else len(html)
