"""Plain-text dumps of news pages: title on the first line, then paragraphs.

Dumps made by copying or crawling a page carry its boilerplate, which must not reach the
body: photo captions repeated two or three times (alone and run together), trailing lists
of other stories under "Có thể bạn quan tâm" / "Tin cùng chuyên mục" / "Đọc thêm",
share-icon residue ("fb yt zl tw") and an outlet tag opening the lead ("(PLVN) -").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diemtin.ingest._outlets import outlet_for_tag, split_outlet_tag
from diemtin.ingest.dateline import find_dateline

# A line that starts the trailing list of other stories: everything from it on is dropped.
_TRAILER = re.compile(
    r"^(?:có thể bạn quan tâm|tin cùng chuyên mục|cùng chuyên mục|đọc thêm|xem thêm|"
    r"tin liên quan|bài liên quan|bài viết liên quan|tin khác|tin mới nhất|tin mới|"
    r"tin nổi bật|các tin khác|tin đã đưa)\s*:?$",
    re.IGNORECASE,
)
# An inline pointer to another story ("Xem thêm: ..."), dropped wherever it is.
_POINTER = re.compile(r"^(?:xem thêm|đọc thêm|tin liên quan|>>)\s*:", re.IGNORECASE)
_SHARE = re.compile(
    r"^(?:(?:fb|yt|zl|tw|gg|in|li|pin|email|zalo|facebook|twitter|youtube|tiktok|print|"
    r"chia sẻ|share|bình luận|in bài|lưu|copy link)\s*)+$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ“\"])")
CAPTION_MAX_WORDS = 40


@dataclass(frozen=True, slots=True)
class TextDump:
    """The parts of a text dump, boilerplate removed."""

    title: str
    lead: str | None
    body: tuple[str, ...]
    captions: tuple[str, ...]
    outlet: str | None
    dateline: str | None


def parse_text_dump(text: str) -> TextDump:
    """Split a normalized text dump into title, lead, body and captions.

    The outlet comes from the lead's tag ("(PLVN) -" gives "Pháp luật Việt Nam"), the
    dateline from the lead's first words ("Sáng 13/9").
    """
    blocks = _blocks(text)
    lines = [line for block in blocks for line in block]
    if not lines:
        return TextDump("", None, (), (), None, None)
    title, rest = lines[0], _until_trailer(lines[1:])
    rest = [line for line in rest if not _SHARE.match(line) and not _POINTER.match(line)]
    rest = [line for line in rest if line != title]
    captions = _captions(rest, title, blank_separated=_mostly_single_line(blocks))
    paragraphs = [line for line in rest if line not in captions]
    tag, lead = split_outlet_tag(paragraphs[0]) if paragraphs else (None, "")
    return TextDump(
        title=title,
        lead=lead or None,
        body=tuple(paragraphs[1:]),
        captions=tuple(_atomic_captions(captions, rest)),
        outlet=outlet_for_tag(tag) if tag else None,
        dateline=find_dateline(lead) if lead else None,
    )


def _blocks(text: str) -> list[list[str]]:
    """Groups of consecutive non-blank lines (paragraph blocks), stripped."""
    blocks: list[list[str]] = [[]]
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _mostly_single_line(blocks: list[list[str]]) -> bool:
    """Whether paragraphs are separated by blank lines (then line groups are suspicious)."""
    singles = sum(1 for block in blocks if len(block) == 1)
    return len(blocks) >= 3 and singles >= len(blocks) / 2


def _until_trailer(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if index >= 1 and _TRAILER.match(line):
            return lines[:index]
    return lines


def _sentences(line: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(line) if part.strip()]


def _captions(lines: list[str], title: str, *, blank_separated: bool) -> set[str]:
    """Lines that are photo captions: short and repeated, or made of repeated sentences."""
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    short = [line for line in counts if len(line.split()) <= CAPTION_MAX_WORDS * 3]
    sentence_counts: dict[str, int] = {}
    for line in lines:
        for sentence in _sentences(line):
            sentence_counts[sentence] = sentence_counts.get(sentence, 0) + 1
    captions = set()
    for line in short:
        sentences = _sentences(line)
        repeated = counts[line] > 1 or all(sentence_counts[s] > 1 for s in sentences)
        if repeated and all(len(s.split()) <= CAPTION_MAX_WORDS for s in sentences):
            captions.add(line)
    if blank_separated:
        captions.update(_echoes_of_title(lines, title))
    return captions


def _echoes_of_title(lines: list[str], title: str) -> list[str]:
    """Short lines that restate the title: a caption under the lead photo."""
    title_words = set(title.lower().split())
    echoes = []
    for line in lines[1:4]:
        words = set(line.lower().split())
        if len(words) <= CAPTION_MAX_WORDS and words and \
                len(words & title_words) / len(words | title_words) >= 0.6:
            echoes.append(line)
    return echoes


def _atomic_captions(captions: set[str], lines: list[str]) -> list[str]:
    """Distinct captions in reading order, without lines that run other captions together."""
    kept: set[str] = set()
    for caption in sorted(captions, key=len):
        parts = [other for other in kept if other in caption]
        if parts and sum(len(part) for part in parts) >= len(caption) - len(parts) * 2:
            continue
        kept.add(caption)
    ordered = dict.fromkeys(line for line in lines if line in kept)
    return list(ordered)
