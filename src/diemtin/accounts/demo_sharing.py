"""The demo's sharing example: two provinces' offices, a collection, an agreement.

:func:`seed_demo` adds (when missing) "Sở VH-TT tỉnh A" and "Sở VH-TT tỉnh B", a
collection of A made of the newest demo articles, and an accepted agreement A → B. So
that the single-user demo (which acts for the ``local`` organization, no login) shows
a partner's shared collection too, A also offers it to ``local``. No user is created:
creating one turns login on.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from diemtin.accounts import agreements as agr
from diemtin.accounts import collections as col
from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.orgs import create_org
from diemtin.search import match_all
from diemtin.store.base import Store
from diemtin.store.named import named_id
from diemtin.store.state import LOCAL_ORG, StateSession, one

ORG_A = "Sở VH-TT tỉnh A"
ORG_B = "Sở VH-TT tỉnh B"
COLLECTION = "Tin nổi bật của tỉnh A"
DEMO_ARTICLES = 6


def _ensure_org(session: StateSession, name: str) -> str:
    row = one(session, "SELECT id FROM organizations WHERE name = :name", name=name)
    return str(row["id"]) if row is not None else create_org(session, "demo", name).id


def seed_demo(store: Store) -> str | None:
    """Add the sharing example (idempotent); return the A → B agreement's id, or None when
    the example was already there or the store has no articles."""
    hits = store.search(match_all(), limit=DEMO_ARTICLES).hits
    refs = [(hit.article.id, hit.article.title) for hit in hits]
    if not refs:
        return None
    return store.transact(lambda session: _seed(session, refs))


def _seed(session: StateSession, refs: list[tuple[str, str]]) -> str | None:
    org_a, org_b = _ensure_org(session, ORG_A), _ensure_org(session, ORG_B)
    if named_id(session, "collections", org_a, COLLECTION) is not None:
        return None
    made = col.create(session, org_a, COLLECTION, created_by="demo",
                      description="Bài chọn lọc để chia sẻ với các sở bạn (dữ liệu mẫu).")
    for article_id, title in refs:
        col.put(session, org_a, made.id, "article", article_id, title,
                note="Tin mẫu: chia sẻ theo thỏa thuận", added_by="demo")
    until = datetime.now(UTC).date() + timedelta(days=365)
    offerer = Actor(org_id=org_a, role=Role.ADMIN, via="demo")
    agreement_id = ""
    for partner in (org_b, LOCAL_ORG):
        proposed = agr.propose(session, offerer, partner, [("collection", made.id)],
                               rights=agr.Rights.VIEW_COPY, until=until,
                               note="Thỏa thuận mẫu của bản demo")
        agr.accept(session, Actor(org_id=partner, role=Role.ADMIN, via="demo"), proposed.id)
        agreement_id = agreement_id or proposed.id
    return agreement_id
