"""What bench/web.py asks for beyond the synthetic articles: entities and distinct queries.

The synthetic articles of bench/search.py carry no NLP annotations, so their store has no
people, organizations or places to show. :func:`annotate_store` gives every article a few
entity mentions drawn, with Zipf weights (a few names often, a long tail), from pools
this script composes itself: people with titles, organizations and provinces. They go
through the store's own ``save_annotations``, as the NLP pipeline's do, so entity pages
read exactly what they read in use.

:func:`distinct_queries` makes search requests that never repeat within a pass (word pairs
of the bundled sample corpus), to measure search without the help of kept answers.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import sys
import time
from itertools import pairwise
from pathlib import Path

from diemtin.models import AnnotationSet, EntityRow
from diemtin.store import open_store
from diemtin.web.views import entity_slug

SAMPLE = Path(__file__).resolve().parent.parent / "src" / "diemtin" / "data" / "sample"
_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ",
             "Ngô", "Dương", "Lý", "Đinh", "Mai"]
_MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Ngọc", "Xuân", "Công"]
_GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Hương", "Khánh", "Lan",
          "Long", "Nam", "Phong", "Quân", "Sơn", "Thảo", "Trung", "Tuấn", "Vinh", "Yến"]
_TITLES = ["Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh", "Bí thư Tỉnh ủy",
           "Giám đốc Sở Y tế", "Giám đốc Sở Giáo dục và Đào tạo", "Trưởng Công an huyện",
           "Hiệu trưởng", "Tổng Biên tập", None, None]
_ORG_KINDS = ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường",
              "UBND tỉnh", "Tỉnh ủy", "Bệnh viện Đa khoa tỉnh", "Công an tỉnh",
              "Ban Quản lý dự án", "Hội Nông dân tỉnh", "Đài Phát thanh và Truyền hình"]
_PROVINCES = ["Lào Cai", "Sơn La", "Điện Biên", "Lai Châu", "Tuyên Quang", "Cao Bằng",
              "Lạng Sơn", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Quảng Ninh", "Hải Phòng",
              "Hưng Yên", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Huế",
              "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Lâm Đồng",
              "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "An Giang", "Cà Mau"]


def _pools(rng: random.Random) -> dict[str, list[tuple[str, str | None]]]:
    people = {(f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}",
               rng.choice(_TITLES)) for _ in range(3000)}
    orgs = {(f"{kind} {province}", None) for kind in _ORG_KINDS for province in _PROVINCES}
    places = {(province, None) for province in _PROVINCES}
    return {"PER": sorted(people, key=str), "ORG": sorted(orgs, key=str),
            "LOC": sorted(places, key=str)}


def _zipf_weights(size: int) -> list[float]:
    """Cumulative Zipf weights (rank r drawn in proportion to 1/r): among 3,000 people the
    most mentioned is in about one PER mention in nine, as a province's leader may be."""
    total, cumulative = 0.0, []
    for rank in range(1, size + 1):
        total += 1 / rank
        cumulative.append(total)
    return cumulative


def annotate_store(db: Path, *, seed: int = 5, per_article: tuple[int, int] = (2, 6)) -> int:
    """Give each article of ``db`` a few entity mentions (once: a store that has entity
    mentions is left as it is); return how many articles were annotated."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        if connection.execute("SELECT 1 FROM entity_mentions LIMIT 1").fetchone():
            return 0
        ids = [row[0] for row in connection.execute("SELECT id FROM articles ORDER BY id")]
    rng = random.Random(seed)
    pools = _pools(rng)
    weights = {label: _zipf_weights(len(pool)) for label, pool in pools.items()}
    began = time.perf_counter()
    with open_store(db) as store:
        for article_id in ids:
            rows = []
            for n in range(rng.randint(*per_article)):
                label = rng.choice(("PER", "PER", "ORG", "LOC"))
                text, title = rng.choices(pools[label], cum_weights=weights[label])[0]
                rows.append(EntityRow(label, text, n * 40, n * 40 + len(text), title))
                if label == "LOC":  # a province: also its current unit, as the NLP links it
                    rows.append(EntityRow("PLACE", text, n * 40, n * 40 + len(text)))
            store.save_annotations(article_id, AnnotationSet(components=(),
                                                             entities=tuple(rows)))
    print(f"annotated {len(ids)} articles in {time.perf_counter() - began:.0f} s",
          file=sys.stderr)
    return len(ids)


def entity_paths(db: Path, *, limit: int = 300) -> list[str]:
    """Pages of the most mentioned people, organizations and places of ``db``."""
    prefix = {"PER": "/people/", "ORG": "/orgs/", "PLACE": "/places/"}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT label, text, count(*) AS n FROM entity_mentions "
            "WHERE label IN ('PER', 'ORG', 'PLACE') GROUP BY label, key "
            "ORDER BY n DESC LIMIT ?", (limit,)).fetchall()
    return [prefix[label] + entity_slug(text) for label, text, _ in rows if label in prefix]


def distinct_queries(count: int, *, seed: int = 3) -> list[str]:
    """``count`` different two-word queries (adjacent words of the sample corpus)."""
    pairs: set[str] = set()
    for path in sorted(SAMPLE.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            body = record.get("body") or ""
            text = " ".join([record.get("title") or "",
                             *(body if isinstance(body, list) else [body])])
            words = re.findall(r"[^\W\d_]+", text.lower())
            pairs.update(f"{a} {b}" for a, b in pairwise(words)
                         if len(a) > 1 and len(b) > 1)
    ordered = sorted(pairs)
    random.Random(seed).shuffle(ordered)
    return ordered[:count]
