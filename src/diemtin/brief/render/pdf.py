"""PDF (A4, numbered pages, Noto Sans embedded) through WeasyPrint.

WeasyPrint (BSD) needs Pango (``libpango-1.0-0``, ``libpangoft2-1.0-0``); the font comes
from ``fonts-noto-core``. Both are installed by ``.ci/run`` (see docs/install.md).
"""

from __future__ import annotations

from diemtin.brief.issues import Issue
from diemtin.brief.render.fonts import font_file
from diemtin.brief.render.html import to_html
from diemtin.errors import DiemtinError

PDF_FONT = "diemtin-sans"


def _css() -> str:
    regular, bold = font_file("regular").as_uri(), font_file("bold").as_uri()
    return (f"@font-face {{ font-family: '{PDF_FONT}'; src: url('{regular}'); "
            "font-weight: normal; }"
            f"@font-face {{ font-family: '{PDF_FONT}'; src: url('{bold}'); "
            "font-weight: bold; }"
            "@page { size: A4; margin: 18mm 14mm 20mm 14mm; "
            "@bottom-center { content: 'Trang ' counter(page) ' / ' counter(pages); "
            f"font-family: '{PDF_FONT}'; font-size: 9pt; color: #555; }} }}"
            "body, table { background: #ffffff !important; } table { border: 0 !important; }"
            "td.item { page-break-inside: avoid; } a { color: #1f5f8b; }")


def to_pdf(issue: Issue) -> bytes:
    """The issue as PDF bytes.

    Raises:
        DiemtinError: WeasyPrint or its system libraries are missing (the message says
            what to install).
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        raise DiemtinError("PDF output needs WeasyPrint and Pango: apt-get install "
                           f"libpango-1.0-0 libpangoft2-1.0-0 (see docs/install.md): {error}"
                           ) from error
    html = to_html(issue, css=_css(), font=f"'{PDF_FONT}', sans-serif")
    pdf = HTML(string=html, base_url=None).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
