"""Remote instances: pulling the collections a partner's diemtin shares with this one.

A remote is a name, the partner instance's base URL and the remote token its admin issued
for an agreement (``diemtin agreement token``). The URL is **trusted configuration** set
by this instance's operator: it may point anywhere, 127.0.0.1 included. The token is kept
in the state tables as given (it must be sent), so the database file is as sensitive as
the token; it stops working when the partner revokes the agreement.

:func:`pull` fetches ``/api/v1/shared/collections`` and each collection in it, stores the
articles in the common pool through :func:`diemtin.flow.store_articles` (the normal
path: upsert, linking), records each article's origin in ``remote_items`` and keeps each
collection as a read-only collection of the local organization, with its origin. When
the partner refuses the token (401, or 403 after revocation), the pulled collections of
that remote are **emptied and marked revoked** (their names and origin stay, so users see
what ended and when); the articles stay in the pool, being public news.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from diemtin.accounts import collections as col
from diemtin.accounts.audit import Action, record
from diemtin.errors import DiemtinError, FetchError, InputError, ItemNotFound
from diemtin.models import from_dict
from diemtin.store.base import Store
from diemtin.store.named import claim_name, get_named, list_named, named_id
from diemtin.store.state import Row, StateSession, new_id, now_text, one

Fetch = Callable[[str, str], Any]
"""``fetch(url, token) -> JSON``: GET with the bearer token; raises :class:`RemoteRefused`
on 401/403 and :class:`~diemtin.errors.FetchError` on other failures."""


class RemoteRefused(DiemtinError):
    """The partner instance refused the token (HTTP 401 or 403)."""

    def __init__(self, url: str, status: int, message: str) -> None:
        super().__init__(f"{url} refused the remote token ({status}): {message}")
        self.status = status


class RemoteNotFound(ItemNotFound):
    """No remote with that name in the organization."""

    def __init__(self, key: str) -> None:
        super().__init__("remote", key, "`diemtin remote list` shows them")


@dataclass(frozen=True, slots=True)
class Remote:
    """A configured remote instance (``token`` is never printed)."""

    id: str
    org_id: str
    name: str
    url: str
    token: str = field(repr=False)
    created_at: str = ""
    last_pull_at: str | None = None
    last_status: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON data without the token."""
        return {"id": self.id, "org": self.org_id, "name": self.name, "url": self.url,
                "created_at": self.created_at, "last_pull_at": self.last_pull_at,
                "last_status": self.last_status}


@dataclass(frozen=True, slots=True)
class PullReport:
    """What one pull did."""

    remote: str
    status: str
    collections: tuple[str, ...] = ()
    articles: int = 0
    revoked: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON data for the CLI."""
        return {"remote": self.remote, "status": self.status,
                "collections": list(self.collections), "articles": self.articles,
                "revoked": list(self.revoked)}


def _remote(row: Row) -> Remote:
    return Remote(**row)


def add(session: StateSession, org_id: str, name: str, url: str, token: str) -> Remote:
    """Configure the remote ``name`` (an http or https base URL and its token)."""
    name = col.check_text(name, "a remote name", limit=60, empty=False)
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise InputError(f"a remote URL starts with http:// or https://; got {url!r}")
    if not token.strip():
        raise InputError("the remote token is empty; pass it on standard input")
    claim_name(session, "remotes", org_id, name, replace=False,
               taken=f"a remote named {name!r} exists; remove it first")
    made = Remote(id=new_id("rm"), org_id=org_id, name=name, url=url, token=token.strip(),
                  created_at=now_text())
    session.run("INSERT INTO remotes VALUES (:id, :org, :name, :url, :token, :at, NULL, NULL)",
                id=made.id, org=org_id, name=name, url=url, token=made.token,
                at=made.created_at)
    return made


def get(session: StateSession, org_id: str, key: str) -> Remote:
    """The remote of ``org_id`` named (or with id) ``key``."""
    return _remote(get_named(session, "remotes", org_id, key, missing=RemoteNotFound))


def list_remotes(session: StateSession, org_id: str) -> list[Remote]:
    """Every remote of ``org_id``, by name."""
    return [_remote(row) for row in list_named(session, "remotes", org_id)]


def remove(session: StateSession, org_id: str, key: str) -> Remote:
    """Forget a remote; its pulled collections stay, marked revoked and emptied."""
    found = get(session, org_id, key)
    _mark_revoked(session, found, keep=set())
    session.run("UPDATE collections SET remote_id = NULL WHERE remote_id = :id", id=found.id)
    session.run("DELETE FROM remote_items WHERE remote_id = :id", id=found.id)
    session.run("DELETE FROM remotes WHERE id = :id", id=found.id)
    return found


def _mark_revoked(session: StateSession, remote: Remote, keep: set[str]) -> list[str]:
    """Empty and mark revoked the remote's pulled collections not in ``keep``."""
    rows = session.rows("SELECT id, remote_ref FROM collections WHERE remote_id = :id AND "
                        "revoked_at IS NULL", id=remote.id)
    gone = [row["id"] for row in rows if row["remote_ref"] not in keep]
    for collection_id in gone:
        session.run("DELETE FROM collection_items WHERE collection_id = :id", id=collection_id)
        session.run("UPDATE collections SET revoked_at = :now WHERE id = :id", now=now_text(),
                    id=collection_id)
    return gone


def pull(store: Store, org_id: str, key: str, fetch: Fetch, *,
         store_articles: Callable[[Store, list[Any]], object]) -> PullReport:
    """Pull every collection the remote ``key`` shares (see the module's docstring).

    Raises:
        RemoteRefused: the token was refused (the local copies are marked revoked first).
        FetchError: the remote could not be reached or answered something else.
    """
    remote = store.transact(lambda s: get(s, org_id, key))
    try:
        listing = fetch(f"{remote.url}/api/v1/shared/collections", remote.token)
        pulled = [fetch(f"{remote.url}/api/v1/shared/collections/{item['id']}", remote.token)
                  for item in listing["collections"]]
    except RemoteRefused as refused:
        why = refused
        store.transact(lambda s: _refused(s, remote, why))
        raise
    except (KeyError, TypeError) as error:
        raise FetchError(f"not a diemtin shared-collections answer ({error})",
                         url=remote.url) from None
    articles = [from_dict(data) for answer in pulled for data in answer.get("articles", [])]
    store_articles(store, articles)
    return store.transact(lambda s: _save(s, remote, listing, pulled))


def _refused(session: StateSession, remote: Remote, error: RemoteRefused) -> None:
    revoked = _mark_revoked(session, remote, keep=set())
    _status(session, remote, f"refused {error.status}")
    record(session, "cli", Action.REMOTE_PULL, org=remote.org_id, subject=remote.id,
           detail={"url": remote.url, "status": error.status, "revoked": revoked})


def _status(session: StateSession, remote: Remote, status: str) -> None:
    session.run("UPDATE remotes SET last_pull_at = :now, last_status = :status WHERE id = :id",
                now=now_text(), status=status, id=remote.id)


def _save(session: StateSession, remote: Remote, listing: dict[str, Any],
          pulled: list[dict[str, Any]]) -> PullReport:
    agreement = str(listing.get("agreement", {}).get("id") or "") or None
    names: list[str] = []
    count = 0
    for answer in pulled:
        local = _local_collection(session, remote, answer, agreement)
        col.replace_items(session, local.id, [_item(item) for item in answer.get("items", [])])
        session.run("DELETE FROM remote_items WHERE remote_id = :id AND "
                    "remote_collection = :ref", id=remote.id, ref=answer["id"])
        for article in answer.get("articles", []):
            session.run("INSERT INTO remote_items VALUES (:remote, :article, :ref, :agreement, "
                        ":now)", remote=remote.id, article=article["id"], ref=answer["id"],
                        agreement=agreement, now=now_text())
        count += len(answer.get("articles", []))
        names.append(local.name)
        record(session, "cli", Action.REMOTE_PULL, org=remote.org_id, subject=local.id,
               agreement=agreement, detail={"url": remote.url, "remote_collection":
                                            answer["id"], "articles": len(
                                                answer.get("articles", []))})
    revoked = _mark_revoked(session, remote, keep={answer["id"] for answer in pulled})
    _status(session, remote, "ok")
    return PullReport(remote=remote.name, status="ok", collections=tuple(names),
                      articles=count, revoked=tuple(revoked))


def _item(data: dict[str, Any]) -> col.CollectionItem:
    return col.CollectionItem(kind=str(data["kind"]), ref_id=str(data["id"]),
                              title=str(data.get("title") or ""),
                              note=str(data.get("note") or ""), added_by=data.get("added_by"),
                              added_at=str(data.get("added_at") or now_text()),
                              position=int(data.get("position") or 0))


def _local_collection(session: StateSession, remote: Remote, answer: dict[str, Any],
                      agreement: str | None) -> col.Collection:
    """The read-only local collection of a pulled one, created on the first pull."""
    row = one(session, "SELECT id FROM collections WHERE remote_id = :remote AND "
              "remote_ref = :ref", remote=remote.id, ref=answer["id"])
    if row is not None:
        session.run("UPDATE collections SET agreement_ref = :agreement WHERE id = :id",
                    agreement=agreement, id=row["id"])
        return col.get_owned(session, remote.org_id, str(row["id"]))
    base = f"{answer['name']} · {answer.get('owner') or remote.name}"
    name, n = base, 1
    while named_id(session, "collections", remote.org_id, name) is not None:
        n += 1
        name = f"{base} ({n})"
    return col.create(session, remote.org_id, name[:col.MAX_NAME_CHARS],
                      description=str(answer.get("description") or "")[:col.MAX_TEXT_CHARS],
                      created_by=f"remote:{remote.name}",
                      remote=(remote.id, str(answer["id"]), agreement))


def decode_json(body: bytes, url: str) -> Any:
    """A response body as JSON, or FetchError."""
    try:
        return json.loads(body)
    except ValueError:
        raise FetchError("the answer is not JSON", url=url) from None
