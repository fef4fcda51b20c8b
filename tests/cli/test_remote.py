"""``diemtin remote add|list|rm``: the token from standard input or the environment, never
printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from diemtin.cli import cli
from diemtin.store import open_store

SECRET = "dt_tok_0123456789abcdef_" + "ab" * 32


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An empty, migrated SQLite store."""
    path = tmp_path / "b.db"
    open_store(str(path)).close()
    return path


def test_remote_add_reads_the_token_from_stdin_and_never_prints_it(db: Path) -> None:
    runner = CliRunner()
    added = runner.invoke(cli, ["remote", "add", "lao-cai", "http://127.0.0.1:8001/",
                                "--db", str(db)], input=SECRET + "\n")
    assert added.exit_code == 0, added.stderr
    listed = runner.invoke(cli, ["remote", "list", "--format", "json", "--db", str(db)])
    assert json.loads(listed.stdout)[0]["url"] == "http://127.0.0.1:8001"
    assert SECRET not in added.output + listed.output
    with open_store(str(db)) as store:
        assert store.transact(lambda s: s.rows("SELECT token FROM remotes")) == [
            {"token": SECRET}]
    removed = runner.invoke(cli, ["remote", "rm", "lao-cai", "--db", str(db)])
    assert removed.exit_code == 0 and "removed remote lao-cai" in removed.stdout


def test_remote_add_reads_the_token_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "moi.db"  # a new instance's database is created by its first remote
    result = CliRunner().invoke(cli, ["remote", "add", "dien-bien", "https://tin.dienbien.vn",
                                      "--db", str(db)], env={"DIEMTIN_REMOTE_TOKEN": SECRET})
    assert result.exit_code == 0, result.stderr
    with open_store(str(db)) as store:
        assert store.transact(lambda s: s.rows("SELECT token FROM remotes"))[0]["token"] == SECRET


def test_remote_add_errors(db: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(cli, ["remote", "add", "x", "ftp://127.0.0.1/", "--db", str(db)],
                        input=SECRET)
    assert bad.exit_code == 1 and "http:// or https://" in bad.stderr
    empty = runner.invoke(cli, ["remote", "add", "x", "http://127.0.0.1:1", "--db", str(db)],
                          input="\n")
    assert empty.exit_code == 1 and "token is empty" in empty.stderr
    missing = runner.invoke(cli, ["remote", "pull", "khong-co", "--db", str(db)])
    assert missing.exit_code == 1 and "no remote 'khong-co'" in missing.stderr
