"""What a subtree holds (text length, images, tables), each node computed once.

The walker asks these questions of tables, rows and elements named like page furniture
on the way down; answering each with a fresh search of the subtree made nested tables
quadratic. Answers are kept by node, and a node's answer is built from its children's,
so the whole page costs one pass at most.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

_MARKER_TAGS = frozenset({"h1", "article"})


@dataclass(slots=True, frozen=True)
class Subtree:
    """Totals over an element and everything inside it (the element included)."""

    chars: int  # len(node.text(deep=True)): every text node, scripts' included
    solid: int  # the same without spaces, tabs and line breaks
    images: int
    tables: int
    marked: bool  # holds an h1, an <article> or an itemprop="articleBody"


_EMPTY = Subtree(0, 0, 0, 0, False)


@dataclass(slots=True)
class SubtreeIndex:
    """Lazily computed :class:`Subtree` of each element, keyed by its lexbor node."""

    body_ids: frozenset[int] = frozenset()  # elements with itemprop="articleBody"
    known: dict[int, Subtree] = field(default_factory=dict)

    @classmethod
    def of_page(cls, root: LexborNode) -> SubtreeIndex:
        """An empty index for the page under ``root``."""
        marked = root.css("[itemprop=articleBody]")
        return cls(body_ids=frozenset(node.mem_id for node in marked))

    def of(self, node: LexborNode) -> Subtree:
        """The totals of ``node``'s subtree."""
        found = self.known.get(node.mem_id)
        if found is not None:
            return found
        todo: list[tuple[LexborNode, bool]] = [(node, False)]
        while todo:
            current, leaving = todo.pop()
            if leaving:
                self.known[current.mem_id] = self._combine(current)
                continue
            todo.append((current, True))
            todo.extend((child, False) for child in current.iter(include_text=False)
                        if child.mem_id not in self.known)
        return self.known[node.mem_id]

    def _combine(self, node: LexborNode) -> Subtree:
        chars = solid = images = tables = 0
        marked = False
        for child in node.iter(include_text=True):
            if child.is_text_node:
                text = child.text_content or ""
                chars += len(text)
                solid += _solid_chars(text)
                continue
            sub = self.known.get(child.mem_id, _EMPTY)
            chars += sub.chars
            solid += sub.solid
            images += sub.images
            tables += sub.tables
            marked = marked or sub.marked
        tag = node.tag
        return Subtree(
            chars=chars,
            solid=solid,
            images=images + (tag == "img"),
            tables=tables + (tag == "table"),
            marked=marked or tag in _MARKER_TAGS or node.mem_id in self.body_ids,
        )


def _solid_chars(text: str) -> int:
    """Characters other than spaces and line breaks (indentation inflates raw lengths)."""
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r")
