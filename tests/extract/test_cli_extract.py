"""The ``diemtin extract`` command."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from diemtin.cli.extract import extract_command

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "extract"


def test_extract_json() -> None:
    page = GOLDEN / "baoso-xe-buyt-dien-ha-noi.html"
    result = CliRunner().invoke(extract_command, [str(page), "--url", "https://baoso.vn/x.html"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["title"] == "Hà Nội mở thêm 12 tuyến xe buýt điện trong quý IV"
    assert data["published"] == "2024-09-13T08:15:00+07:00"
    assert data["author"] == "Nhóm PV"
    for field in ("lead", "body", "captions", "outlet", "section", "tags", "url", "canonical",
                  "language", "images"):
        assert field in data


def test_extract_text() -> None:
    page = GOLDEN / "vni-le-hoi-den-hung.html"
    result = CliRunner().invoke(extract_command, [str(page), "--format", "text"])
    assert result.exit_code == 0
    assert result.output.startswith("Lễ hội Đền Hùng thu hút đông đảo du khách\n")


def test_extract_failure_exits_1(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><p>Ngắn.</p></body></html>", encoding="utf-8")
    result = CliRunner().invoke(extract_command, [str(page)])
    assert result.exit_code == 1
    assert "too_short" in result.output
