"""DOCX (editable Word) through python-docx, with styles rather than hand formatting.

The title is ``Title``, sections ``Heading 1``, items ``Heading 2``; summaries are
``Normal``; the source line uses the custom paragraph style ``Nguồn tin``, notes
``Ghi chú``, people and links ``List Bullet``. The chart is a PNG.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

from diemtin.brief.chart import to_png
from diemtin.brief.issues import Issue
from diemtin.brief.render.fonts import FAMILY, font_file
from diemtin.brief.render.view import issue_view

SOURCE_STYLE, NOTE_STYLE = "Nguồn tin", "Ghi chú"


def _styles(document: Any) -> None:
    document.styles["Normal"].font.name = FAMILY
    document.styles["Normal"].font.size = Pt(11)
    source = document.styles.add_style(SOURCE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    source.base_style = document.styles["Normal"]
    source.font.size = Pt(9)
    source.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    note = document.styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = document.styles["Normal"]
    note.font.italic = True
    note.paragraph_format.left_indent = Cm(0.6)


def _item(document: Any, item: dict[str, Any]) -> None:
    document.add_paragraph(item["title"], style="Heading 2")
    if item["summary"]:
        document.add_paragraph(item["summary"], style="Normal")
    more = f" · đăng lại trên {item['republished_on']} báo" if item["republished_on"] else ""
    document.add_paragraph(f"Đưa tin đầu tiên: {item['first_publisher'] or 'không rõ'}{more}",
                           style=SOURCE_STYLE)
    if item["note"]:
        document.add_paragraph(f"Ghi chú: {item['note']}", style=NOTE_STYLE)
    for person in item["people"]:
        document.add_paragraph(f"{person['title']} {person['name']}", style="List Bullet")
    for ref in item["articles"]:
        document.add_paragraph(f"{ref['outlet'] or 'Nguồn'} ({ref['day']}): {ref['url'] or ''}",
                               style="List Bullet")


def to_docx(issue: Issue) -> bytes:
    """The issue as DOCX bytes."""
    view = issue_view(issue)
    document = Document()
    _styles(document)
    document.core_properties.title = view["title"]
    document.add_paragraph(view["title"], style="Title")
    document.add_paragraph(view["period"], style=SOURCE_STYLE)
    if view["note"]:
        document.add_paragraph(view["note"], style=NOTE_STYLE)
    if view["chart"]:
        document.add_paragraph("Số bài theo ngày trong kỳ", style=SOURCE_STYLE)
        document.add_picture(io.BytesIO(to_png(view["chart"], str(font_file()))),
                             width=Cm(16))
    for section in view["sections"]:
        document.add_paragraph(section["heading"], style="Heading 1")
        for item in section["items"]:
            _item(document, item)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
