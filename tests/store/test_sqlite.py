"""What only the SQLite backend does: its file, its pragmas, its compressed pages."""

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from diemtin.errors import MigrationError
from diemtin.models import VIETNAM_TZ, IngestReport, RawDocument
from diemtin.store import SQLiteStore, open_store
from diemtin.store.sqlite import MIGRATIONS


@pytest.fixture
def sqlite_store() -> SQLiteStore:
    return SQLiteStore(":memory:")


def test_ingest_runs_are_recorded(sqlite_store: SQLiteStore) -> None:
    run = sqlite_store.start_run("ingest x")
    sqlite_store.finish_run(run, IngestReport(added=2, failures=(("x:3", "bad"),)))
    row = sqlite_store._db.execute("SELECT added, failed FROM ingest_runs WHERE id = ?",
                                   (run,)).fetchone()
    assert row == (2, 1)


def test_issue_9_the_first_write_applies_the_search_index_settings(tmp_path: Path) -> None:
    from diemtin.store.sqlite._schema import INDEX_SETTINGS

    with SQLiteStore(tmp_path / "tin.db") as store:
        config = "SELECT k, v FROM search_fts_config WHERE k <> 'version'"
        assert store._db.execute(config).fetchall() == []
        store.upsert_articles([])
        assert dict(store._db.execute(config).fetchall()) == dict(INDEX_SETTINGS)
        assert store._db.execute("PRAGMA cache_size").fetchone()[0] < -60_000


def test_file_store_uses_wal_and_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "tin.db"
    with SQLiteStore(path) as store:
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(MigrationError, match="newer"):
        open_store(path)




def test_pages_bodies_are_compressed(sqlite_store: SQLiteStore) -> None:
    page = RawDocument(b"<html>" + "Lào Cai ".encode() * 500 + b"</html>",
                       url="https://baotaybac.vn/a.html",
                       fetched_at=datetime(2026, 10, 13, 1, 0, tzinfo=VIETNAM_TZ))
    sqlite_store.save_page(page, status=200, article_id="u1")
    stored = sqlite_store._db.execute("SELECT length(body) FROM pages").fetchone()[0]
    assert stored < len(page.content) / 5


def test_migrate_upgrades_an_older_file(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    for statement in MIGRATIONS[0].split(";"):
        connection.execute(statement)
    connection.execute("PRAGMA user_version = 1")
    connection.close()
    with open_store(path, migrate=False) as store:
        assert store.schema_version() == 1
        assert store.migrate() == len(MIGRATIONS)
        assert store.get_annotations("u1") == {}
    with open_store(path, migrate=False) as store:
        assert store.schema_version() == len(MIGRATIONS)


def test_migrate_command_creates_and_reports(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from diemtin.cli import cli
    from diemtin.store.sqlite import MIGRATIONS

    db = str(tmp_path / "tin.db")
    first = CliRunner().invoke(cli, ["migrate", "--db", db, "--format", "json"])
    assert first.exit_code == 0 and f'"to": {len(MIGRATIONS)}' in first.output
    assert '"from": 0' in first.output
    again = CliRunner().invoke(cli, ["migrate", "--db", db])
    assert again.exit_code == 0 and "up to date" in again.output
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    refused = CliRunner().invoke(cli, ["migrate", "--db", db])
    assert refused.exit_code == 1 and "newer" in refused.output


def test_issue_9_a_store_from_before_the_rules_is_reindexed(tmp_path: Path) -> None:
    from diemtin.search import parse_query
    from tests.conftest import make_article

    path = tmp_path / "old.db"
    with SQLiteStore(path) as fresh:
        fresh.upsert_articles([make_article("Thuỷ điện Hoà Bình xả lũ", "Mở cửa xả đáy.")])
    connection = sqlite3.connect(path)  # back to the version before: old index and rowids
    connection.executescript(
        "UPDATE articles SET rowid = 1; "  # rowids in insertion order, as before
        "DROP TABLE article_facts; DROP TABLE odd_spellings; DROP TABLE search_fts; "
        # and the link tables of migration 5, which came after
        "DROP TABLE link_state; DROP TABLE story_members; DROP TABLE stories; "
        "DROP TABLE duplicate_members; DROP TABLE duplicate_groups; DROP TABLE link_docs; "
        "DROP TABLE link_queue; DROP TABLE entity_articles; "
        "CREATE VIRTUAL TABLE search_fts "
        "USING fts5(f_title, f_text, e_title, e_text, meta, content=''); "
        "PRAGMA user_version = 3;")  # the version before issue 9's migration 4
    connection.close()
    with SQLiteStore(path) as migrated:
        assert migrated.schema_version() == len(MIGRATIONS)
        assert migrated.count(parse_query("thủy điện hòa bình"), by="day").to_json() == {
            "total": 1, "by_day": {"2026-10-13": 1}}
