"""``diemtin link``, ``duplicates``, ``stories``, ``story`` and ``outlets``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from diemtin.cli import cli
from diemtin.flow import store_articles
from diemtin.store import open_store
from tests.conftest import wire_corpus


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[list[str]]]:
    """A database of wire stories stored without linking, and the expected groups."""
    articles, groups = wire_corpus(5)
    path = tmp_path / "tin.db"
    with open_store(path) as store:
        store_articles(store, articles, link=False)
    return path, groups


def test_link_then_duplicates_all_json_original_first(
        corpus: tuple[Path, list[list[str]]]) -> None:
    db, expected = corpus
    code, out, _ = run("duplicates", "--all", "--format", "json", "--db", str(db))
    assert code == 0 and json.loads(out) == []
    code, _, err = run("link", "--db", str(db), "--quiet")
    assert code == 0 and "linked 15 articles" in err
    code, out, _ = run("duplicates", "--all", "--format", "json", "--db", str(db))
    groups = json.loads(out)
    assert sorted([m["id"] for m in group] for group in groups) == sorted(expected)
    for group in groups:
        assert {"id", "url", "outlet", "published"} <= set(group[0])
        assert group[0]["original"] and group[0]["outlet"] == "Thông Tấn Việt"
        assert [m["published"] for m in group] == sorted(m["published"] for m in group)


def test_duplicates_of_one_article(corpus: tuple[Path, list[list[str]]]) -> None:
    db, expected = corpus
    run("link", "--db", str(db), "--quiet")
    code, out, _ = run("duplicates", expected[2][1], "--format", "json", "--db", str(db))
    assert code == 0 and [m["id"] for m in json.loads(out)] == expected[2]
    code, out, _ = run("duplicates", expected[2][1], "--db", str(db))
    assert "gốc" in out and expected[2][0] in out
    code, _, err = run("duplicates", "u0000000000000000", "--db", str(db))
    assert code == 1 and "no article with id" in err
    code, _, err = run("duplicates", "--db", str(db))
    assert code == 2 and "ARTICLE_ID or --all" in err


def test_stories_and_story(corpus: tuple[Path, list[list[str]]]) -> None:
    db, expected = corpus
    run("link", "--db", str(db), "--quiet")
    code, out, _ = run("stories", "--since", "3650d", "--format", "json", "--db", str(db))
    stories = json.loads(out)
    assert code == 0 and len(stories) == len(expected)
    for story in stories:
        assert {"id", "title", "first_published", "articles"} <= set(story)
        for article in story["articles"]:
            assert {"id", "url", "outlet", "published"} <= set(article)
        assert sum(a["republication"] for a in story["articles"]) == 2
        assert story["first_publisher"]["outlet"] == "Thông Tấn Việt"
    assert sorted(sorted(a["id"] for a in s["articles"]) for s in stories) == sorted(
        sorted(group) for group in expected)
    code, out, _ = run("stories", "--since", "2000-01-01", "--format", "json", "--db", str(db))
    assert len(json.loads(out)) == len(expected)
    code, out, _ = run("story", stories[0]["id"], "--format", "json", "--db", str(db))
    assert code == 0 and json.loads(out)["id"] == stories[0]["id"]
    assert "entities" in json.loads(out)
    code, _, err = run("story", "s-none", "--db", str(db))
    assert code == 1 and "no story with id" in err
    code, _, err = run("stories", "--since", "last week", "--db", str(db))
    assert code == 1 and "--since must be" in err


def test_outlets_republications(corpus: tuple[Path, list[list[str]]]) -> None:
    db, _ = corpus
    run("link", "--db", str(db), "--quiet")
    code, out, _ = run("outlets", "--republications", "--format", "json", "--db", str(db))
    rows = json.loads(out)
    assert code == 0 and sum(row["copies"] for row in rows) == 10
    assert {row["source"] for row in rows} == {"Thông Tấn Việt"}


def _links(db: Path) -> tuple[Any, Any]:
    groups = subprocess.run([sys.executable, "-m", "diemtin", "duplicates", "--all", "--format",
                             "json", "--db", str(db)], capture_output=True, check=True).stdout
    stories = subprocess.run([sys.executable, "-m", "diemtin", "stories", "--limit", "100000",
                              "--format", "json", "--db", str(db)], capture_output=True,
                             check=True).stdout
    return json.loads(groups), sorted(json.loads(stories), key=lambda s: s["id"])


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_link_resumes_to_the_same_groups(tmp_path: Path) -> None:
    articles, expected = wire_corpus(400)
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"
    with open_store(killed_db) as store:
        store_articles(store, articles, link=False)
    shutil.copy(killed_db, clean_db)
    command = [sys.executable, "-m", "diemtin", "link", "--batch-size", "10", "--quiet", "--db"]
    process = subprocess.Popen([*command, str(killed_db)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(killed_db, timeout=1) as db:
                if db.execute("SELECT count(*) FROM link_docs").fetchone()[0] >= 300:
                    break
        except sqlite3.OperationalError:
            pass
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "link ended before it could be killed"
    with sqlite3.connect(killed_db) as db:
        left = db.execute("SELECT count(*) FROM link_queue").fetchone()[0]
    assert 0 < left < len(articles)
    subprocess.run([*command, str(killed_db)], capture_output=True, check=True)
    subprocess.run([*command, str(clean_db)], capture_output=True, check=True)
    killed, clean = _links(killed_db), _links(clean_db)
    assert killed == clean
    assert sorted([m["id"] for m in group] for group in killed[0]) == sorted(expected)


def test_link_commands_refuse_a_missing_database(tmp_path: Path) -> None:
    missing = str(tmp_path / "khong-co.db")
    for args in (["link"], ["duplicates", "--all"], ["stories"], ["story", "s-1"],
                 ["outlets", "--republications"]):
        code, _, err = run(*args, "--db", missing)
        assert code == 1 and "no database at" in err, args
    assert not (tmp_path / "khong-co.db").exists()
