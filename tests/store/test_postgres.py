"""What only the PostgreSQL backend does: exact totals, concurrent writers, its schema.

Runs when ``DIEMTIN_TEST_PG`` names a server (``.ci/run`` starts one and sets it).
"""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner

from diemtin.cli import cli
from diemtin.errors import MigrationError
from diemtin.models import Article
from diemtin.search import parse_query
from diemtin.store import Outcome, Store, open_store
from diemtin.store.postgres import MIGRATIONS
from tests.conftest import make_article


def many(count: int, *, start: int = 0) -> list[Article]:
    return [make_article(f"Tin số {i}: mưa lớn ở Lào Cai", f"Bản tin thời tiết số {i}.",
                         url=f"https://baotaybac.vn/thoi-tiet/tin-{i}.html",
                         published=f"2026-10-{1 + i % 28:02d}T08:00:00")
            for i in range(start, start + count)]


def test_postgres_totals_are_exact_beyond_the_rank_window(pg_store: Store) -> None:
    pg_store.upsert_articles(many(1_200))
    results = pg_store.search(parse_query("lao cai"), limit=5)
    assert (results.total, results.capped) == (1_200, False)
    assert pg_store.search(parse_query("Lào Cai title:mưa"), limit=1).total == 1_200
    assert pg_store.search(parse_query('"tin so 7"'), limit=1).total == 1  # a phrase


def test_postgres_concurrent_writers_store_each_article_once(pg_url: str,
                                                             pg_store: Store) -> None:
    articles = many(300)
    errors: list[BaseException] = []
    outcomes: list[Outcome] = []

    def write(batch: list[Article]) -> None:
        try:
            with open_store(pg_url) as own:
                for start in range(0, len(batch), 50):
                    outcomes.extend(own.upsert_articles(batch[start:start + 50]))
        except BaseException as error:  # reported below
            errors.append(error)

    writers = [threading.Thread(target=write, args=(articles[:200],)),
               threading.Thread(target=write, args=(list(reversed(articles[100:])),))]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert not errors
    assert pg_store.count_articles() == 300
    assert outcomes.count(Outcome.ADDED) == 300 and outcomes.count(Outcome.UNCHANGED) == 100


def test_postgres_refuses_a_newer_schema_and_migrate_upgrades(pg_url: str,
                                                              pg_store: Store) -> None:
    admin = open_store(pg_url)
    try:
        admin.run("UPDATE diemtin_schema SET version = 99")  # type: ignore[attr-defined]
        with pytest.raises(MigrationError, match="newer"):
            open_store(pg_url)
        admin.run("UPDATE diemtin_schema SET version = :v",  # type: ignore[attr-defined]
                  v=len(MIGRATIONS))
    finally:
        admin.close()
    result = CliRunner().invoke(cli, ["migrate", "--db", pg_url])
    assert result.exit_code == 0 and "up to date" in result.output
