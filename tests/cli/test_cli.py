import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from diemtin.cli import cli
from tests.conftest import sample_republications, write_jsonl

RECORDS = [
    {"url": "https://baotaybac.vn/a1.html", "outlet": "Báo Tây Bắc",
     "title": "Đảng ủy tỉnh Lào Cai tổng kết công tác tuyên giáo",
     "body": ["Sáng 13/10, Đảng ủy tỉnh Lào Cai tổ chức hội nghị."],
     "published": "2026-10-13T08:00:00", "tags": ["Lào Cai"]},
    {"url": "https://thoibaothudo.vn/a2.html", "outlet": "Thời Báo Thủ Đô",
     "title": "Hà Nội đang mưa lớn", "body": ["Chiều 14/10, Hà Nội đang mưa lớn."],
     "published": "2026-10-14T17:00:00"},
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "tin.db"
    source = write_jsonl(tmp_path / "news.jsonl", RECORDS)
    result = CliRunner().invoke(cli, ["ingest", str(source), "--db", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_ingest_summary_and_failure_exit_code(tmp_path: Path, db: Path) -> None:
    bad = write_jsonl(tmp_path / "bad.jsonl", [RECORDS[0], "{oops"])
    code, _, err = run("ingest", str(bad), "--db", str(db), "--quiet")
    assert code == 1
    assert "bad.jsonl:2: invalid JSON" in err
    assert "0 added, 0 updated, 1 unchanged, 0 skipped, 1 failed" in err


def test_db_from_environment(tmp_path: Path, db: Path) -> None:
    result = CliRunner(env={"DIEMTIN_DB": str(db)}).invoke(cli, ["search", "lao cai",
                                                                 "--format", "json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 1


def test_search_json_contract(db: Path) -> None:
    code, out, _ = run("search", "dang", "--db", str(db), "--format", "json")
    hits = json.loads(out)
    assert code == 0 and len(hits) == 2
    for hit in hits:
        assert {"id", "title", "outlet", "published", "url", "snippet", "score"} <= set(hit)
    code, out, _ = run("search", "Đảng", "--db", str(db), "--format", "json")
    assert json.loads(out)[0]["title"].startswith("Đảng ủy")
    snippet = json.loads(out)[0]["snippet"]
    assert [snippet["text"][start:end] for start, end in snippet["highlights"]] == ["Đảng"]


def test_search_filters_and_text_output(db: Path) -> None:
    code, out, _ = run("search", "dang", "--db", str(db), "--outlet", "Thời Báo Thủ Đô",
                       "--since", "2026-10-14")
    assert code == 0 and "Hà Nội đang mưa lớn" in out and "Lào Cai" not in out


def test_malformed_query_and_date_get_clear_errors(db: Path) -> None:
    code, _, err = run("search", '"lao cai', "--db", str(db))
    assert code == 1 and "unterminated phrase" in err and "Traceback" not in err
    code, _, err = run("search", "x", "--db", str(db), "--since", "hôm qua")
    assert code == 1 and "expected a date" in err


def test_show_prints_every_field(db: Path) -> None:
    _, out, _ = run("search", "tuyen giao", "--db", str(db), "--format", "json")
    article_id = json.loads(out)[0]["id"]
    code, out, _ = run("show", article_id, "--db", str(db), "--format", "json")
    shown = json.loads(out)
    assert code == 0 and shown["id"] == article_id and shown["tags"] == ["Lào Cai"]
    assert shown["published"] == "2026-10-13T08:00:00+07:00"
    code, out, _ = run("show", article_id, "--db", str(db))
    assert "Đảng ủy tỉnh Lào Cai" in out and "outlet: Báo Tây Bắc" in out
    code, _, err = run("show", "nope", "--db", str(db))
    assert code == 1 and "no article with id 'nope'" in err


def test_export_formats(tmp_path: Path, db: Path) -> None:
    code, out, _ = run("export", "--db", str(db))
    assert code == 0 and len(out.splitlines()) == 2
    code, out, _ = run("export", "lao cai", "--db", str(db), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1 and json.loads(rows[0]["body"])[0].startswith("Sáng 13/10")
    target = tmp_path / "out.parquet"
    code, _, err = run("export", "--db", str(db), "--format", "parquet", "-o", str(target))
    import pyarrow.parquet as pq

    assert code == 0 and pq.read_table(target).num_rows == 2 and "2 articles" in err


def test_help_documents_every_command() -> None:
    _, out, _ = run("--help")
    for name in ("demo", "ingest", "search", "show", "export", "serve"):
        assert name in out
        sub_code, sub_out, _ = run(name, "--help")
        assert sub_code == 0 and "Example:" in sub_out and "--db" in sub_out


def test_demo_builds_idempotently(tmp_path: Path) -> None:
    from diemtin.cli.serve import sample_corpus

    if not sample_corpus():
        pytest.skip("sample corpus not bundled")
    db = tmp_path / "demo.db"
    code, _, err = run("demo", "--db", str(db), "--no-serve")
    assert code == 0 and "0 failed" in err
    code, _, err = run("demo", "--db", str(db), "--no-serve")
    assert code == 0 and " 0 added, 0 updated" in err


def test_demo_shows_its_republications_grouped(tmp_path: Path) -> None:
    expected = sample_republications()
    if not expected:
        pytest.skip("sample corpus not bundled")
    db = tmp_path / "demo.db"
    assert run("demo", "--db", str(db), "--no-serve")[0] == 0
    code, out, _ = run("duplicates", "--all", "--format", "json", "--db", str(db))
    found = {frozenset((a["url"], b["url"])) for group in json.loads(out)
             for a in group for b in group if a["url"] != b["url"]}
    assert code == 0 and expected <= found
    code, out, _ = run("stories", "--min-size", "2", "--format", "json", "--db", str(db))
    multi_outlet = [s for s in json.loads(out) if len(s["outlets"]) > 1]
    assert len(multi_outlet) >= len(expected)


def test_ingest_from_standard_input(tmp_path: Path) -> None:
    db = tmp_path / "stdin.db"
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n"
    result = CliRunner().invoke(cli, ["ingest", "-", "--db", str(db), "--quiet"], input=lines)
    assert result.exit_code == 0 and "2 added" in result.stderr
    text_dump = "Tiêu đề bài viết\n\n(TTXVN) - Ngày 9/3, nội dung bài viết.\n\nĐoạn hai."
    result = CliRunner().invoke(cli, ["ingest", "-", "--db", str(db)], input=text_dump)
    assert result.exit_code == 0 and "1 added" in result.stderr


def test_issue_15_poison_date_is_skipped_and_its_batch_stored(tmp_path: Path) -> None:
    poison = [{**RECORDS[0], "url": "https://baotaybac.vn/x1.html", "published": when}
              for when in ("0001-01-01T00:00:00", "9999-12-31T23:00:00-05:00")]
    path = write_jsonl(tmp_path / "poison.jsonl", [poison[0], *RECORDS, poison[1]])
    db = tmp_path / "poison.db"
    for summary in ("2 added, 0 updated, 0 unchanged", "0 added, 0 updated, 2 unchanged"):
        code, _, err = run("ingest", str(path), "--db", str(db), "--quiet", "--no-analyze")
        assert code == 1 and "Traceback" not in err
        assert "poison.jsonl:1: 'published' 0001-01-01T00:00:00+07:00 is outside the dates" in err
        assert "poison.jsonl:4: 'published' 9999-12-31T23:00:00-05:00 is outside" in err
        assert f"{summary}, 0 skipped, 2 failed" in err


@pytest.mark.parametrize("option", [["--since", "0001-01-01"], ["--until", "0001-01-01"],
                                    ["--since", "9999-12-31T23:00:00-05:00"]])
def test_issue_15_search_out_of_range_date_is_a_clear_error(db: Path, option: list[str]) -> None:
    result = CliRunner().invoke(cli, ["search", "Lào Cai", "--db", str(db), *option])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "is outside the dates diemtin stores (1900-01-01 to 2199-12-31" in result.stderr


def test_issue_15_search_open_ranges_reach_the_edges_of_the_dates(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    old = {**RECORDS[0], "url": "https://baotaybac.vn/cu.html", "published": "1950-05-01T08:00"}
    late = {**RECORDS[0], "url": "https://baotaybac.vn/xa.html", "published": "2150-05-01T08:00"}
    run("ingest", str(write_jsonl(tmp_path / "a.jsonl", [old, late])), "--db", str(db),
        "--quiet", "--no-analyze")
    found = {}
    for option in (["--until", "1960-01-01"], ["--since", "2100-01-01"]):
        code, out, _ = run("search", "Lào Cai", "--db", str(db), "--format", "json", *option)
        assert code == 0
        found[option[0]] = [hit["url"] for hit in json.loads(out)]
    assert found == {"--until": [old["url"]], "--since": [late["url"]]}


@pytest.mark.parametrize("command", [["search", "lao cai"], ["show", "u0000000000000000"],
                                     ["export"], ["people", "Giàng A Chu"], ["reanalyze"],
                                     ["reextract"]])
def test_issue_10_reading_commands_refuse_a_missing_database(tmp_path: Path,
                                                              command: list[str]) -> None:
    missing = tmp_path / "khong-co.db"
    code, out, err = run(*command, "--db", str(missing))
    assert code == 1 and out == ""
    assert f"no database at {missing} (run 'diemtin ingest FILE --db {missing}' first)" in err
    assert not missing.exists()


def test_issue_10_postgresql_urls_are_not_checked_on_disk() -> None:
    code, _, err = run("search", "lao cai", "--db", "postgresql://tin@127.0.0.1:1/tin")
    assert code == 1 and "no database at" not in err


def test_issue_10_summaries_use_singular_for_one(tmp_path: Path, db: Path) -> None:
    code, _, err = run("search", "tuyen giao", "--db", str(db))
    assert code == 0 and "1 of 1 result\n" in err
    code, _, err = run("export", "tuyen giao", "--db", str(db), "-o", str(tmp_path / "a.jsonl"))
    assert code == 0 and "1 article exported" in err
    code, _, err = run("export", "--db", str(db), "-o", str(tmp_path / "b.jsonl"))
    assert code == 0 and "2 articles exported" in err


def test_issue_10_demo_says_where_its_database_is(tmp_path: Path) -> None:
    from diemtin.cli.serve import sample_corpus

    if not sample_corpus():
        pytest.skip("sample corpus not bundled")
    db = tmp_path / "demo.db"
    code, _, err = run("demo", "--db", str(db), "--no-serve")
    assert code == 0 and f"demo database: {db}" in err and f"diemtin serve --db {db}" in err


def test_issue_9_search_and_count_follow_the_rules_and_fold(db: Path) -> None:
    code, out, _ = run("search", "Đảng", "--db", str(db), "--format", "json")
    assert code == 0 and [hit["outlet"] for hit in json.loads(out)] == ["Báo Tây Bắc"]
    code, out, _ = run("count", "dang", "--db", str(db), "--by", "day", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"total": 2, "by_day": {"2026-10-13": 1, "2026-10-14": 1}}
    code, out, _ = run("count", "Đảng", "--db", str(db), "--format", "json")
    assert json.loads(out) == {"total": 1}
    code, out, _ = run("count", "Đảng", "--fold", "--by", "outlet", "--db", str(db),
                       "--format", "json")
    assert json.loads(out)["by_outlet"] == {"Báo Tây Bắc": 1, "Thời Báo Thủ Đô": 1}
    code, out, _ = run("count", "đang", "--db", str(db), "--since", "2026-10-14")
    assert code == 0 and "1 article" in out
    code, out, _ = run("export", "dang", "--fold", "--db", str(db))
    assert code == 0 and len(out.splitlines()) == 2
    code, _, err = run("count", '"open', "--db", str(db))
    assert code == 1 and "phrase" in err


def test_issue_10_search_sort_by_relevance_or_date(db: Path) -> None:
    orders = {}
    for sort in ("relevance", "date"):
        code, out, _ = run("search", "tuyên giáo OR chiều", "--db", str(db), "--sort", sort,
                           "--format", "json")
        assert code == 0
        orders[sort] = [hit["outlet"] for hit in json.loads(out)]
    assert orders == {"relevance": ["Báo Tây Bắc", "Thời Báo Thủ Đô"],  # title match first
                      "date": ["Thời Báo Thủ Đô", "Báo Tây Bắc"]}  # newest first
    code, _, err = run("search", "x", "--db", str(db), "--sort", "newest")
    assert code == 2 and "'newest' is not one of 'relevance', 'date'" in err
