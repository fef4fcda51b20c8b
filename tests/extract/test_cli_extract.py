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
    assert set(data["provenance"]) == {"title", "published", "author"}


def test_issue_13_extract_json_names_the_source_of_each_field() -> None:
    page = Path(__file__).resolve().parents[2] / "bench" / "data" / "extract-dev" / \
        "x02-tau-ca-ve-ben-tranh-bao.html"
    result = CliRunner().invoke(extract_command, [str(page)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["title"] == "Hơn 300 tàu cá vào bến Cửa Việt tránh bão"
    assert data["author"] == "Nhóm PV"  # not the "Ban biên tập" the meta tags declare
    assert data["provenance"] == {"title": "h1+json-ld", "author": "signature",
                                  "published": "json-ld"}


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
