"""Renderers of a briefing issue: HTML (web and email), plain text, PDF and DOCX.

Each renderer reads only the issue (its stored content), never the articles, so an
issued briefing renders the same later, even after articles change or are deleted.
"""

from __future__ import annotations

from diemtin.brief.issues import Issue
from diemtin.brief.render.view import issue_view
from diemtin.errors import InputError

FORMATS = ("html", "email", "pdf", "docx")
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "email": "text/html; charset=utf-8",
               "pdf": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument."
                       "wordprocessingml.document",
               "text": "text/plain; charset=utf-8"}
EXTENSIONS = {"html": "html", "email": "html", "pdf": "pdf", "docx": "docx", "text": "txt"}

__all__ = ["EXTENSIONS", "FORMATS", "MEDIA_TYPES", "issue_view", "render"]


def render(issue: Issue, fmt: str) -> bytes:
    """The issue in format ``fmt`` (``html``, ``email``, ``pdf``, ``docx``, ``text``)."""
    if fmt in ("html", "email"):
        from diemtin.brief.render.html import to_html

        return to_html(issue, email=fmt == "email").encode("utf-8")
    if fmt == "text":
        from diemtin.brief.render.html import to_text

        return to_text(issue).encode("utf-8")
    if fmt == "pdf":
        from diemtin.brief.render.pdf import to_pdf

        return to_pdf(issue)
    if fmt == "docx":
        from diemtin.brief.render.docx import to_docx

        return to_docx(issue)
    raise InputError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
