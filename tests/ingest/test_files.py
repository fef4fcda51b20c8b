import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from diemtin.errors import InputError
from diemtin.ingest.files import FileOptions, Item, SourceFile, decode_text, discover, read_items
from diemtin.store import open_store
from tests.conftest import write_jsonl

GOOD = {"url": "https://baotaybac.vn/a1.html", "title": "Tin một", "body": ["Đoạn một."],
        "published": "2026-10-13T08:00:00"}


def items(path: Path, **options: int) -> list:  # type: ignore[type-arg]
    kind = {".jsonl": "jsonl", ".txt": "txt", ".json": "json", ".html": "html"}[path.suffix]
    return list(read_items(SourceFile(str(path), kind), options=FileOptions(**options)))


def test_jsonl_accepts_documented_fields(tmp_path: Path) -> None:
    record = {**GOOD, "lead": "Sapo", "body": "Đoạn một.\n\nĐoạn hai.", "captions": ["Ảnh"],
              "author": "PV", "outlet": "Báo Tây Bắc", "section": "Xã hội",
              "tags": "Lào Cai, bão", "id": "my-id"}
    [item] = items(write_jsonl(tmp_path / "a.jsonl", [record]))
    article = item.article
    assert article.id == "my-id" and article.body == ("Đoạn một.", "Đoạn hai.")
    assert article.tags == ("Lào Cai", "bão") and article.captions == ("Ảnh",)
    assert article.published.isoformat() == "2026-10-13T08:00:00+07:00"


def test_issue_13_jsonl_text_is_kept_as_written_and_outlet_defaults_to_host(
        tmp_path: Path) -> None:
    record = {**GOOD, "title": "Hoa\u0300 Bình\u00a0mưa\u200b"}  # decomposed, odd spaces
    [item] = items(write_jsonl(tmp_path / "a.jsonl", [record]))
    assert item.article.title == "Hoà Bình mưa" and item.article.outlet == "baotaybac.vn"


@pytest.mark.parametrize(("line", "reason"), [
    ('{"title": 5}', "field 'title' must be a string"),
    ('{"title": "x", "body": [1, 2]}', "field 'body' must be a string or a list of strings"),
    ('{"title": "x", "published": "hôm qua"}', "'published' must be ISO 8601"),
    ('{"title": "x", "published": 20261013}', "'published' must be an ISO 8601 string"),
    ('["not", "an", "object"]', "must be a JSON object"),
    ("{broken json", "invalid JSON"),
    ('{"lead": "no title or body"}', "needs a non-empty 'title' or 'body'"),
])
def test_bad_json_lines_fail_alone(tmp_path: Path, line: str, reason: str) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [GOOD, line, {**GOOD, "url": "https://x.vn/2"}])
    found = items(path)
    assert [bool(item.article) for item in found] == [True, False, True]
    assert reason in (found[1].error or "") and found[1].label.endswith("a.jsonl:2")


def test_invalid_utf8_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b'\n{"title": "\xff\xfe"}\n')
    found = items(path)
    assert found[0].article and "not valid UTF-8" in (found[1].error or "")


def test_overlong_line_is_skipped(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{**GOOD, "title": "x" * 5000}, GOOD])
    found = items(path, max_line_bytes=1000)
    assert "longer than" in (found[0].error or "") and found[1].article


def test_empty_and_binary_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        items(empty)
    binary = tmp_path / "photo.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary file"):
        items(binary)


def test_huge_document_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as stream:  # a sparse 500 MB file: no disk, no memory used
        stream.truncate(500 * 1024 * 1024)
    with pytest.raises(InputError, match=r"too large: 500 MiB; the limit for \.html files is 50 "):
        items(huge)


def test_undecodable_text_gets_a_clear_reason() -> None:
    assert decode_text("Lào Cai".encode("cp1258")) == "Lào Cai"
    with pytest.raises(InputError, match="cannot decode"):
        decode_text(bytes(range(0x80, 0x100)) * 50)


def test_json_document_with_a_list(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps([GOOD, {"title": 3}]), encoding="utf-8")
    found = items(path)
    assert found[0].article and "must be a string" in (found[1].error or "")


def test_discover_expands_folders_and_globs_and_reports_missing(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write_jsonl(tmp_path / "sub" / "a.jsonl", [GOOD])
    (tmp_path / "b.txt").write_text("Tiêu đề\n\nĐoạn.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    sources, failures = discover([str(tmp_path), str(tmp_path / "*.txt"), "missing.jsonl",
                                  str(tmp_path / "notes.pdf")])
    assert sorted(Path(s.path).name for s in sources) == ["a.jsonl", "b.txt"]
    reasons = dict(failures)
    assert reasons["missing.jsonl"] == "no such file or folder"
    assert "unsupported file type '.pdf'" in reasons[str(tmp_path / "notes.pdf")]


def test_parsing_in_worker_processes_gives_the_same_items(tmp_path: Path) -> None:
    records = [{**GOOD, "url": f"https://x.vn/{i}"} for i in range(600)]
    path = write_jsonl(tmp_path / "a.jsonl", [*records[:300], "{bad", *records[300:]])
    source = SourceFile(str(path), "jsonl")
    serial = list(read_items(source, start=5))
    options = FileOptions(workers=2, parallel_min_bytes=0)
    parallel = list(read_items(source, start=5, options=options))
    assert [(i.position, i.error) for i in parallel] == [(i.position, i.error) for i in serial]
    assert [i.article for i in parallel] == [i.article for i in serial]
    assert len(parallel) == 596 and parallel[0].position == 6


def test_issue_9_parsing_processes_compute_the_search_keys(tmp_path: Path) -> None:
    from diemtin.search.keys import indexed_text
    from diemtin.search.rules import index_keys

    records = [{**GOOD, "url": f"https://x.vn/{i}", "title": f"Tin số {i} của José"}
               for i in range(300)]
    source = SourceFile(str(write_jsonl(tmp_path / "a.jsonl", records)), "jsonl")
    items = list(read_items(source, options=FileOptions(workers=2, parallel_min_bytes=0)))
    assert all(item.keys is not None for item in items)
    for item in items:
        assert item.article is not None
        # Handed over to this process: returned once, then computed here, the same.
        given = index_keys(item.article.title, indexed_text(item.article))
        assert given is item.keys
        again = index_keys(item.article.title, indexed_text(item.article))
        assert again is not item.keys and again == item.keys
        assert ("jose", "josé") in again.odd_spellings


def _padded_stream(records: int, padding: int) -> bytes:
    """JSONL records, each followed by a blank line of ``padding`` spaces (skipped, but read)."""
    blank = b" " * padding + b"\n"
    lines = []
    for number in range(records):
        record = {**GOOD, "url": f"https://baotaybac.vn/tin-{number}.html",
                  "title": f"Lào Cai: bản tin thời tiết số {number}"}
        lines += [json.dumps(record, ensure_ascii=False).encode(), b"\n", blank]
    return b"".join(lines)


def test_issue_15_jsonl_from_a_pipe_has_no_total_limit(tmp_path: Path) -> None:
    """Standard input used to stop silently at 50 MiB; now JSONL streams like a file."""
    data = _padded_stream(60, 1024 * 1024)  # 60 MiB through a real pipe
    assert len(data) > FileOptions().max_document_bytes
    db = tmp_path / "pipe.db"
    done = subprocess.run([sys.executable, "-m", "diemtin", "ingest", "-", "--db", str(db),
                           "--quiet", "--no-analyze", "--jobs", "1"],
                          input=data, capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert "60 added" in done.stderr.decode() and "0 failed" in done.stderr.decode()
    with open_store(db) as store:
        assert store.count_articles() == 60


def _stdin_items(tmp_path: Path, data: bytes, monkeypatch: pytest.MonkeyPatch,
                 **options: int) -> list[Item]:
    path = tmp_path / "stdin"
    path.write_bytes(data)
    with path.open("rb") as raw:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw))
        return list(read_items(SourceFile("-", "stdin"), options=FileOptions(**options)))


def test_issue_15_a_document_on_stdin_over_the_limit_is_refused_not_cut(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = ("<html><body>" + "<p>Tin Lào Cai</p>" * 40_000 + "</body></html>").encode()
    with pytest.raises(InputError, match=r"standard input too large: more than 0\.5 MiB"):
        _stdin_items(tmp_path, page, monkeypatch, max_document_bytes=512 * 1024)


def test_issue_15_stdin_jsonl_streams_past_the_document_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"\n\n" + _padded_stream(5, 3000)
    found = _stdin_items(tmp_path, data, monkeypatch, max_document_bytes=4000)
    assert [item.position for item in found] == [3, 5, 7, 9, 11]
    assert all(item.article for item in found) and found[0].label == "<stdin>:3"
