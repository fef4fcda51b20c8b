"""Options of the extraction step."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractOptions:
    """How :func:`diemtin.extract.extract` treats a page.

    Attributes:
        max_bytes: pages larger than this are refused (``ExtractionError`` ``too_large``).
        max_tags: after scripts, styles, inline SVG, comments, data-URIs and attribute
            values of kilobytes are cut, the page is read up to this many tags; it bounds
            time and memory on huge pages without counting the markup that is no text.
        max_text_chars: the page is read up to this many characters of text.
        max_depth: elements nested deeper than this (tables included) are flattened
            before parsing; it bounds parse time on pathological markup.
        min_body_chars: a page whose body text is shorter is refused (``too_short``).
        utc_offset_hours: the offset given to dates written without one (Vietnam: +7).
        sniff_bytes: how many bytes the charset detector reads when nothing declares one.
    """

    max_bytes: int = 64 * 1024 * 1024
    max_tags: int = 100_000
    max_text_chars: int = 2_000_000
    max_depth: int = 400
    min_body_chars: int = 40
    utc_offset_hours: int = 7
    sniff_bytes: int = 256 * 1024
