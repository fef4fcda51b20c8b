"""``diemtin collection``: made, filled, shown, shared and removed from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from diemtin.cli import cli
from diemtin.store import open_store
from tests.accounts.conftest import NAMES, add_orgs
from tests.conftest import write_jsonl

RECORDS = [
    {"url": "https://baolaocai.vn/mua-lu-a1.html", "outlet": "Báo Lào Cai",
     "title": "Mưa lũ gây sạt lở nhiều tuyến đường ở Bát Xát",
     "body": ["Sáng 13/10, mưa lớn gây sạt lở tại xã Y Tý, huyện Bát Xát."],
     "published": "2026-10-13T08:00:00"},
    {"url": "https://baodienbien.vn/cau-treo-a2.html", "outlet": "Báo Điện Biên",
     "title": "Khánh thành cầu treo dân sinh ở Mường Nhé",
     "body": ["Chiều 14/10, huyện Mường Nhé khánh thành cầu treo."],
     "published": "2026-10-14T17:00:00"},
]
A, B = NAMES["o_a"], NAMES["o_b"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A SQLite file with two articles and the test organizations."""
    path = tmp_path / "tin.db"
    source = write_jsonl(tmp_path / "tin.jsonl", RECORDS)
    result = CliRunner().invoke(cli, ["ingest", str(source), "--db", str(path), "--quiet",
                                      "--no-analyze"])
    assert result.exit_code == 0, result.output
    with open_store(str(path)) as store:
        add_orgs(store)
    return path


def run(db: Path, *args: str) -> tuple[int, str, str]:
    """Run a command on ``db``; exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    return result.exit_code, result.stdout, result.stderr


def article_ids(db: Path) -> list[str]:
    """The stored article ids, in ingest order."""
    with open_store(str(db)) as store:
        return [article.id for article in store.iter_articles()]


def test_collection_commands_round_trip(db: Path) -> None:
    ids = article_ids(db)
    code, out, err = run(db, "collection", "add", "Thiên tai", "--org", A, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["name"] == "Thiên tai"
    for article_id in ids:
        code, _, err = run(db, "collection", "put", "Thiên tai", article_id, "--org", A,
                           "--note", "Cần theo dõi")
        assert code == 0, err
    code, out, _ = run(db, "collection", "show", "Thiên tai", "--org", A, "--format", "json")
    shown = json.loads(out)
    assert [item["id"] for item in shown["items"]] == ids
    assert shown["items"][0]["note"] == "Cần theo dõi"
    code, out, _ = run(db, "collection", "drop", "Thiên tai", ids[0], "--org", A)
    assert code == 0 and ids[0] not in out
    code, out, _ = run(db, "collection", "list", "--org", A)
    assert "Thiên tai" in out
    code, out, _ = run(db, "collection", "list", "--org", B, "--format", "json")
    assert json.loads(out) == []
    code, out, _ = run(db, "collection", "rm", "Thiên tai", "--org", A)
    assert code == 0 and "removed" in out


def test_collection_errors_are_one_line(db: Path) -> None:
    run(db, "collection", "add", "Riêng", "--org", A)
    code, _, err = run(db, "collection", "put", "Riêng", "khong-co-bai-nay", "--org", A)
    assert code == 1 and "no article or story 'khong-co-bai-nay'" in err
    assert "Traceback" not in err
    code, _, err = run(db, "collection", "show", "Riêng", "--org", B)
    assert code == 1 and "no collection 'Riêng'" in err
    code, _, err = run(db, "collection", "list", "--org", "Sở không có")
    assert code == 1 and "no organization" in err
