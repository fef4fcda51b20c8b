"""``diemtin brief``: template add/list/show/rm, build --format json (the documented
shape), list, show, issue and render, on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from diemtin.brief.saved import save
from diemtin.cli import cli
from diemtin.store import open_store
from diemtin.store.state import LOCAL_ORG
from tests.brief.news import UNTIL, fill


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "tin.db"
    with open_store(str(path)) as store:
        fill(store)
        store.transact(lambda s: save(s, LOCAL_ORG, "Du lịch", "Sa Pa"))
    return str(path)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_template_add_then_build_prints_the_draft_as_json(db: str) -> None:
    run("brief", "template", "add", "sang-2", "--title", "Điểm tin sáng", "--section",
        "Thời sự Lào Cai=Lào Cai", "--section", "Giá cả thị trường=Giá cả", "--period", "24h",
        "--items", "3", "--db", db)
    data = json.loads(run("brief", "build", "sang-2", "--until", UNTIL[:16], "--format", "json",
                          "--db", db))
    assert data["title"] == "Điểm tin sáng" and data["id"].startswith("bi_")
    assert data["period"] == {"since": "2026-10-13T06:30:00+07:00",
                              "until": "2026-10-14T06:30:00+07:00"}
    assert [s["heading"] for s in data["sections"]] == ["Thời sự Lào Cai", "Giá cả thị trường"]
    first = data["sections"][0]["items"][0]
    assert len(data["sections"][0]["items"]) == 3
    assert first["outlets"] == ["Báo Lào Cai", "Báo Tây Bắc", "Tin Vùng Cao"]
    assert [set(a) >= {"id", "url", "outlet", "published"} for a in first["articles"]] == [True] * 3
    listed = json.loads(run("brief", "list", "--format", "json", "--db", db))
    assert listed[0]["id"] == data["id"] and listed[0]["status"] == "draft"


def test_template_list_show_rm(db: str) -> None:
    run("brief", "template", "add", "tuan", "--title", "Điểm tin tuần", "--section",
        "Du lịch=Du lịch", "--section", "Chủ đề=topic:\"Kinh tế\"", "--period", "7d", "--rank",
        "recency", "--recipient", "email:vanphong@ubnd.example.vn", "--schedule",
        "8:00 every monday", "--chart", "--db", db)
    shown = json.loads(run("brief", "template", "show", "tuan", "--format", "json", "--db", db))
    assert shown["sections"][1] == {"heading": "Chủ đề", "saved": None,
                                    "query": 'topic:"Kinh tế"'}
    assert shown["recipients"] == ["email:vanphong@ubnd.example.vn"] and shown["chart"]
    names = [t["name"] for t in json.loads(run("brief", "template", "list", "--format", "json",
                                               "--db", db))]
    assert names == ["sang", "tuan"]
    assert len(json.loads(run("schedule", "list", "--format", "json", "--db", db))) == 1
    run("brief", "template", "rm", "tuan", "--db", db)
    assert "tuan" not in run("brief", "template", "list", "--db", db)
    assert json.loads(run("schedule", "list", "--format", "json", "--db", db)) == []


@pytest.mark.parametrize(("args", "message"), [
    (["--section", "Thời sự=Không có", "--period", "24h"], "no saved search 'Không có'"),
    (["--section", "Thời sự", "--period", "24h"], "a section is HEADING=SAVED_SEARCH_NAME"),
    (["--section", "A=Lào Cai", "--period", "2d"], "Invalid value for '--period'"),
    (["--section", "A=Lào Cai", "--schedule", "mỗi sáng"], "cannot read the schedule"),
    (["--section", "A=Lào Cai", "--recipient", "email:khong-phai-thu"], "not an email"),
])
def test_bad_template_input_is_one_clear_line(db: str, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["brief", "template", "add", "x", "--title", "X", *args,
                                      "--db", db])
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output


def test_issue_show_and_render_every_format(db: str, tmp_path: Path) -> None:
    made = json.loads(run("brief", "build", "sang", "--until", UNTIL, "--format", "json",
                          "--db", db))
    issued = json.loads(run("brief", "issue", made["id"], "--format", "json", "--db", db))
    assert issued["status"] == "issued"
    assert "Lào Cai: Sạt lở tại xã Bản Xèo" in run("brief", "show", made["id"], "--db", db)
    for fmt, magic in (("html", b"<!doctype html>"), ("pdf", b"%PDF"), ("docx", b"PK")):
        out = tmp_path / f"b.{fmt}"
        run("brief", "render", made["id"], "--format", fmt, "-o", str(out), "--db", db)
        assert out.read_bytes().startswith(magic)
    result = CliRunner().invoke(cli, ["brief", "show", "bi_khongco", "--db", db])
    assert result.exit_code == 1 and "no briefing 'bi_khongco'" in result.output
