"""Fixtures shared by the whole suite."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from diemtin.models import VIETNAM_TZ, Article, article_id_for
from diemtin.store import Store, open_store
from diemtin.store.state import LOCAL_ORG, STATE_TABLES

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data; skips the test when the shared data is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


def make_article(title: str, *body: str, url: str | None = None, outlet: str = "Báo Tây Bắc",
                 published: str = "2026-10-13T08:00:00", **fields: Any) -> Article:
    """A small article for tests (published times are Vietnam time)."""
    return Article(
        id=article_id_for(url=url, title=title, body=body),
        title=title, body=body, url=url, outlet=outlet,
        published=datetime.fromisoformat(published).replace(tzinfo=VIETNAM_TZ), **fields,
    )


PG_ENV = "DIEMTIN_TEST_PG"
"""Names a PostgreSQL server the tests may create a database on (``.ci/run`` sets it)."""
_PG_TABLES = ("link_state", "story_members", "stories", "duplicate_members",
              "duplicate_groups", "link_docs", "link_queue",
              "entity_mentions", "annotations", "article_versions", "articles",
              "ingest_failures", "ingest_runs", "ingest_checkpoints", "pages", "feeds",
              "odd_spellings")
"""Emptied before each test, children first (DELETE: far faster than TRUNCATE here)."""


def _pg_admin(url: str) -> Any:
    from diemtin.store.postgres import connect

    return connect(url)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A database of its own for this test session on the server ``DIEMTIN_TEST_PG``
    names, migrated once and dropped at the end."""
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}=postgresql://postgres@127.0.0.1:5432/"
                    "postgres (.ci/run starts PostgreSQL and sets it)")
    name = f"diemtin_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin = _pg_admin(admin_url)
    admin.run(f'CREATE DATABASE "{name}"')
    # Tests need no durability: commits need not wait for the disk.
    admin.run(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    try:
        open_store(url).close()
        yield url
    finally:
        admin.run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """A fresh, empty store: SQLite in memory, and PostgreSQL (emptied for each test)."""
    if request.param == "sqlite":
        with open_store(":memory:") as fresh:
            yield fresh
        return
    yield request.getfixturevalue("pg_store")


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    """The session's PostgreSQL database, emptied, as a store."""
    connection = _pg_admin(pg_url)
    for table in (*STATE_TABLES, *_PG_TABLES):
        keep = f" WHERE id <> '{LOCAL_ORG}'" if table == "organizations" else ""
        connection.run(f"DELETE FROM {table}{keep}")
    connection.close()
    with open_store(pg_url) as fresh:
        yield fresh


@pytest.fixture
def news() -> list[Article]:
    """A handful of Vietnamese articles covering the search cases."""
    return [
        make_article("Đảng ủy tỉnh Lào Cai tổng kết công tác tuyên giáo",
                     "Sáng 13/10, Đảng ủy tỉnh Lào Cai tổ chức hội nghị tổng kết.",
                     "Đồng chí Giàng A Chu, Phó Bí thư Thường trực Tỉnh ủy, chủ trì hội nghị.",
                     url="https://baotaybac.vn/chinh-tri/dang-uy-lao-cai-a1.html",
                     tags=("Lào Cai", "tuyên giáo")),
        make_article("Hà Nội đang mưa lớn, nhiều tuyến phố ngập sâu",
                     "Chiều 14/10, mưa lớn kéo dài khiến nhiều tuyến phố ở Hà Nội ngập sâu.",
                     "Người dân đang dắt xe qua các điểm ngập trên phố Nguyễn Khuyến.",
                     url="https://thoibaothudo.vn/xa-hoi/ha-noi-mua-lon-a2.html",
                     outlet="Thời Báo Thủ Đô", published="2026-10-14T17:30:00"),
        make_article("Bão số 12 đổ bộ Quảng Ngãi, gió giật cấp 13",
                     "Rạng sáng 20/10, bão số 12 đổ bộ vào đất liền tỉnh Quảng Ngãi.",
                     "Ban Chỉ huy phòng thủ dân sự tỉnh đã sơ tán hơn 12.000 hộ dân.",
                     url="https://baomientrung.vn/thoi-tiet/bao-so-12-a3.html",
                     outlet="Báo Miền Trung", published="2026-10-20T06:00:00"),
        make_article("Sạt lở trên đèo Khau Phạ, Quốc lộ 32 ách tắc",
                     "Mưa lớn gây sạt lở tại đèo Khau Phạ, xã Mù Cang Chải, tỉnh Lào Cai.",
                     url="https://baotaybac.vn/giao-thong/sat-lo-khau-pha-a4.html",
                     published="2026-10-21T10:15:00"),
    ]


@pytest.fixture
def filled_store(store: Store, news: list[Article]) -> Store:
    """The in-memory store with the ``news`` articles."""
    store.upsert_articles(news)
    return store


def write_jsonl(path: Path, records: list[Any]) -> Path:
    """Write ``records`` as JSON lines (strings are written as they are)."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


_SYLLABLE_TEXT = (
    "xã huyện tỉnh dân hộ nông sản lúa mùa mưa bão lũ đường cầu trường học sinh giáo viên "
    "bệnh viện bác sĩ cán bộ chính quyền hội nghị kế hoạch dự án vốn đầu tư công nhân nhà "
    "máy cảng biển tàu cá ngư dân rừng núi đèo sạt lở giao thông xe khách điện nước sạch "
    "chợ giá cả hàng hóa xuất khẩu du lịch lễ hội văn hóa thể thao bóng đá giải đấu "
    "an ninh công an điều tra vụ án tòa xét xử bị cáo thuế doanh nghiệp ngân hàng"
)
_SYLLABLES = tuple(_SYLLABLE_TEXT.split(" "))
_PLACES = ("Lào Cai", "Sơn La", "Điện Biên", "Lai Châu", "Tuyên Quang", "Cao Bằng", "Gia Lai",
           "Quảng Ngãi", "Cà Mau", "An Giang", "Cần Thơ", "Huế", "Đà Nẵng", "Hưng Yên")
_OUTLETS = ("Thông Tấn Việt", "Báo Tây Bắc", "Báo Miền Trung", "Báo Đồng Bằng",
            "Nhịp Sống Số", "Thời Báo Thủ Đô")


def wire_corpus(events: int, *, copies: int = 2, seed: int = 7) -> tuple[list[Article],
                                                                        list[list[str]]]:
    """Invented wire stories: each event's original and ``copies`` republications.

    The text is random Vietnamese syllables around a place and figures, so events do
    not resemble one another; a copy keeps the body, changes the title and adds a credit
    line, published later by another outlet. Returns the articles (originals first in
    each event) and the expected groups (original id first).
    """
    import random

    rng = random.Random(seed)
    articles: list[Article] = []
    groups: list[list[str]] = []
    for event in range(events):
        place = rng.choice(_PLACES)
        words = rng.sample(_SYLLABLES, 12)  # each event has its own few words
        body = tuple(
            f"{place} {rng.randint(1, 28)}/{rng.randint(1, 12)} "
            + " ".join(rng.choice(words) for _ in range(40))
            + f" {rng.randint(100, 99_999)}." for _ in range(4))
        day = 1 + event % 27
        original = make_article(
            f"{place}: " + " ".join(rng.choice(words) for _ in range(8)),
            *body, url=f"https://thongtanviet.vn/tin/{event}.html", outlet=_OUTLETS[0],
            published=f"2026-10-{day:02d}T08:00:00")
        members = [original]
        for copy in range(copies):
            members.append(make_article(
                f"{place} " + " ".join(rng.choice(words) for _ in range(7)),
                *body, "Theo Thông Tấn Việt",
                url=f"https://{copy}.example-bao.vn/{event}.html",
                outlet=_OUTLETS[1 + (event + copy) % 5],
                published=f"2026-10-{day:02d}T{10 + copy:02d}:30:00"))
        articles.extend(members)
        groups.append([member.id for member in members])
    return articles, groups


def sample_republications() -> set[frozenset[str]]:
    """URL pairs of the bundled sample corpus that republish one another.

    Read from the data itself: two articles sharing, word for word, at least half of the
    shorter one's paragraphs are a republication (the sample's copies are edited: new
    titles, intros, credits), so no id is written down here.
    """
    from diemtin.cli.serve import sample_corpus

    records = [json.loads(line) for path in sample_corpus()
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = set()
    for i, left in enumerate(records):
        for right in records[i + 1:]:
            shared = set(left["body"]) & set(right["body"])
            if 2 * len(shared) >= min(len(left["body"]), len(right["body"])) > 0:
                pairs.add(frozenset((left["url"], right["url"])))
    return pairs
