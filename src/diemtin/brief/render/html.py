"""HTML for the web and for email (inline styles, table layout, no external assets) and
the plain-text version sent beside it."""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from diemtin.brief.chart import to_png, to_svg
from diemtin.brief.issues import Issue
from diemtin.brief.render.view import issue_view

FONT_STACK = "'Noto Sans', 'Segoe UI', Arial, Helvetica, sans-serif"
_ENV = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                   autoescape=select_autoescape(["html"]))


def to_html(issue: Issue, *, email: bool = False, css: str = "",
            font: str = FONT_STACK) -> str:
    """The issue as one HTML document: the chart as inline SVG on the web (and in PDF),
    as an embedded PNG in email, where SVG is not shown."""
    view = issue_view(issue)
    chart_svg = chart_png = None
    if view["chart"]:
        if email:
            from diemtin.brief.render.fonts import font_file

            png = to_png(view["chart"], str(font_file()))
            chart_png = "data:image/png;base64," + base64.b64encode(png).decode()
        else:
            chart_svg = Markup(to_svg(view["chart"]))
    return _ENV.get_template("briefing.html").render(b=view, chart_svg=chart_svg,
                                                     chart_png=chart_png, css=Markup(css),
                                                     font=font)


def to_text(issue: Issue) -> str:
    """The issue as plain text (the text part of an email)."""
    view = issue_view(issue)
    lines = [view["title"].upper(), view["period"], ""]
    if view["note"]:
        lines += [view["note"], ""]
    for section in view["sections"]:
        lines += [section["heading"], "=" * len(section["heading"])]
        for number, item in enumerate(section["items"], 1):
            lines.append(f"{number}. {item['title']}")
            if item["summary"]:
                lines.append(f"   {item['summary']}")
            more = f"; đăng lại trên {item['republished_on']} báo" \
                if item["republished_on"] else ""
            lines.append(f"   Đưa tin đầu tiên: {item['first_publisher'] or 'không rõ'}{more}")
            if item["note"]:
                lines.append(f"   Ghi chú: {item['note']}")
            lines += [f"   - {a['outlet'] or 'Nguồn'}: {a['url']}" for a in item["articles"]
                      if a["link"]]
        lines.append("")
    return "\n".join(lines)
