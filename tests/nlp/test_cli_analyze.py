"""Tests of ``diemtin analyze`` and ``diemtin reanalyze`` (src/diemtin/cli/analyze.py)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from diemtin.cli.analyze import analyze_command, reanalyze_command
from diemtin.models import Article
from diemtin.store import open_store

TEXT = ("Mưa lũ ở Yên Bái\n\nSáng 13/9, mưa lớn gây sạt lở tại xã Mường Lai, tỉnh Yên Bái. "
        "Ông Hoàng Văn Tùng, Chủ tịch UBND xã, cho biết hai ngôi nhà bị vùi lấp.\n")


def test_plain_text_gives_one_line() -> None:
    result = CliRunner().invoke(analyze_command, ["-", "--published", "2024-09-14"], input=TEXT)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert {"id", "entities", "dates", "places", "keywords", "topic", "summary"} <= set(data)
    assert data["dates"][0]["value"] == "2024-09-13"
    assert data["places"][0]["current"]["name"] == "Tỉnh Lào Cai"


def test_jsonl_records_with_their_own_dates() -> None:
    records = [
        {"id": "a1", "text": "Hôm qua trời mưa ở Hà Nội.",
         "published": "2025-09-14T08:00:00+07:00"},
        {"id": "a2", "title": "Tin Huế", "body": ["Ngày 2/9/2025 ở Huế."]},
    ]
    source = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    result = CliRunner().invoke(analyze_command, ["-", "--components", "dates", "--with-text"],
                                input=source)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a1", "a2"]
    assert out[0]["dates"][0]["value"] == "2025-09-13"
    assert out[1]["text"].startswith("Tin Huế\n\n")
    assert out[0]["versions"] == {"dates": "dates.v1"}


def test_bad_line_is_a_clean_error() -> None:
    result = CliRunner().invoke(analyze_command, ["-"], input='{"id": 1, "text": "a"}\n{oops\n')
    assert result.exit_code == 1
    assert "line 2" in result.output


def test_unknown_component_is_a_clean_error() -> None:
    result = CliRunner().invoke(analyze_command, ["-", "--components", "sentiment"], input="x")
    assert result.exit_code == 1 and "unknown component" in result.output


def test_reanalyze_counts_stale_articles(tmp_path: Path) -> None:
    db = tmp_path / "tin.db"
    with open_store(db) as store:
        store.upsert_articles([Article(id="c1", title="Bão số 3 đổ bộ Quảng Ninh",
                                       body=("Sáng 7/9, bão số 3 đổ bộ vào Quảng Ninh.",))])
    first = CliRunner().invoke(reanalyze_command, ["--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "1 analyzed, 0 failed (1 of 1 article was stale)" in first.output
    again = CliRunner().invoke(reanalyze_command, ["--db", str(db)])
    assert "0 analyzed" in again.output
    forced = CliRunner().invoke(reanalyze_command, ["--db", str(db), "--all"])
    assert "1 analyzed, 0 failed (all 1 article)" in forced.output


def test_analyze_keeps_the_input_spelling_of_mentions() -> None:
    from click.testing import CliRunner

    from diemtin.cli import cli

    line = json.dumps({"id": "a", "text": "Ông Nguyễn Văn Hoà, Chủ tịch UBND xã Hoà Bình dự họp."},
                      ensure_ascii=False)
    result = CliRunner().invoke(cli, ["analyze", "-"], input=line + "\n")
    entities = json.loads(result.stdout)["entities"]
    person = next(e for e in entities if e["label"] == "PER")
    assert person["text"] == "Nguyễn Văn Hoà"
    assert person["title"] == "Chủ tịch UBND xã Hoà Bình"
