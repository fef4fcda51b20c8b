"""Options of the extraction step."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractOptions:
    """How :func:`diemtin.extract.extract` treats a page.

    Attributes:
        max_bytes: pages larger than this are refused (``ExtractionError`` ``too_large``).
        max_parse_chars: after scripts, styles and comments are cut, markup beyond this
            many characters is dropped before parsing; it bounds time and memory on huge
            pages (an article's text sits far inside the first megabytes).
        max_depth: block elements nested deeper than this are flattened before parsing;
            it bounds parse time on pathological markup.
        min_body_chars: a page whose body text is shorter is refused (``too_short``).
        utc_offset_hours: the offset given to dates written without one (Vietnam: +7).
        sniff_bytes: how many bytes the charset detector reads when nothing declares one.
    """

    max_bytes: int = 64 * 1024 * 1024
    max_parse_chars: int = 1_000_000
    max_depth: int = 400
    min_body_chars: int = 40
    utc_offset_hours: int = 7
    sniff_bytes: int = 256 * 1024
