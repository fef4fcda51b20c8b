"""The audit log: append-only, each entry chained to the previous one by a hash.

Every login, token use, agreement change and read of a shared item by a partner is one
entry: when, who (``actor``: an email, ``cli`` or ``local``), for which organization
(``org``), the partner organization when there is one, the ``action`` (an
:class:`Action`), its ``subject`` (an id), the agreement it happened under, and details.

Each entry's ``hash`` is SHA-256 over the previous entry's hash and the entry's own
fields in a canonical JSON form, so changing, inserting or deleting any past entry breaks
every later hash: :func:`verify` names the first entry that no longer fits. (Cutting
entries off the end leaves a shorter, valid chain; exporting the last hash elsewhere —
``diemtin audit export`` prints it — detects that too.)
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from diemtin.accounts.actor import Actor
from diemtin.store.base import Store
from diemtin.store.state import StateSession, now_text

GENESIS = "0" * 64
"""The "previous hash" of the first entry."""
_PAGE = 1000


class Action(enum.StrEnum):
    """What an audit entry records."""

    LOGIN = "login"
    LOGIN_FAILED = "login.failed"
    LOGOUT = "logout"
    TOKEN_CREATED = "token.created"
    TOKEN_USED = "token.used"
    TOKEN_REVOKED = "token.revoked"
    ORG_CREATED = "org.created"
    MEMBER_ADDED = "member.added"
    MEMBER_REMOVED = "member.removed"
    AGREEMENT_PROPOSED = "agreement.proposed"
    AGREEMENT_ACCEPTED = "agreement.accepted"
    AGREEMENT_REVOKED = "agreement.revoked"
    SHARED_READ = "shared.read"
    SHARED_COPIED = "shared.copied"
    REMOTE_PULL = "remote.pull"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry of the chain."""

    seq: int
    time: str
    actor: str
    org: str
    action: str
    subject: str | None
    partner_org: str | None
    agreement: str | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON data (what ``audit export`` prints)."""
        return asdict(self)


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """The hash chaining an entry with ``fields`` to the entry before it."""
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _fields(entry: AuditEntry) -> dict[str, Any]:
    data = entry.to_dict()
    del data["prev_hash"], data["hash"]
    return data


def record(session: StateSession, actor: Actor | str, action: Action, *,
           org: str | None = None, subject: str | None = None, partner_org: str | None = None,
           agreement: str | None = None, detail: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry (inside the caller's transaction, so it is written exactly when
    what it records is). ``org`` defaults to the actor's organization."""
    name = actor if isinstance(actor, str) else (actor.email or actor.via)
    org_id = org or (actor.org_id if isinstance(actor, Actor) else None)
    if org_id is None:
        raise ValueError("an audit entry needs the organization it concerns")
    session.lock("audit_log")
    last = session.rows("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    seq, prev_hash = (int(last[0]["seq"]) + 1, str(last[0]["hash"])) if last else (1, GENESIS)
    draft = AuditEntry(seq=seq, time=now_text(), actor=name, org=org_id, action=str(action),
                       subject=subject, partner_org=partner_org, agreement=agreement,
                       detail=detail or {}, prev_hash=prev_hash, hash="")
    digest = entry_hash(prev_hash, _fields(draft))
    session.run("INSERT INTO audit_log VALUES (:seq, :time, :actor, :org, :action, :subject, "
                ":partner_org, :agreement, :detail, :prev_hash, :hash)",
                **{**_fields(draft), "detail": json.dumps(draft.detail, ensure_ascii=False),
                   "prev_hash": prev_hash, "hash": digest})
    return AuditEntry(**{**_fields(draft), "prev_hash": prev_hash, "hash": digest})


def _entry(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(**{**row, "seq": int(row["seq"]), "detail": json.loads(row["detail"])})


def entries(session: StateSession, *, org: str | None = None,
            after: int = 0, limit: int = _PAGE) -> list[AuditEntry]:
    """Entries after ``after`` in order; with ``org``, only those that concern it (as the
    organization acted for or as the partner)."""
    if org is None:
        rows = session.rows("SELECT * FROM audit_log WHERE seq > :after ORDER BY seq "
                            "LIMIT :limit", after=after, limit=limit)
    else:
        rows = session.rows("SELECT * FROM audit_log WHERE seq > :after AND (org = :org OR "
                            "partner_org = :org) ORDER BY seq LIMIT :limit",
                            after=after, org=org, limit=limit)
    return [_entry(row) for row in rows]


def iter_entries(store: Store, *, org: str | None = None) -> Iterator[AuditEntry]:
    """Every entry (concerning ``org``), page by page, each page in its own transaction."""
    after = 0
    while True:
        page = store.transact(partial(entries, org=org, after=after))
        if not page:
            return
        yield from page
        after = page[-1].seq


@dataclass(frozen=True, slots=True)
class ChainCheck:
    """What :func:`verify` found: the number of entries checked and the first bad one."""

    checked: int
    bad_seq: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        """Whether every entry fits the chain."""
        return self.bad_seq is None


def verify(store: Store) -> ChainCheck:
    """Check the whole chain from its first entry."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for entry in iter_entries(store):
        if entry.seq != expected_seq:
            return ChainCheck(checked, entry.seq, f"entry {expected_seq} is missing")
        if entry.prev_hash != prev_hash:
            return ChainCheck(checked, entry.seq, "its previous hash does not match the entry "
                              "before it")
        if entry_hash(prev_hash, _fields(entry)) != entry.hash:
            return ChainCheck(checked, entry.seq, "its content does not match its hash")
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    return ChainCheck(checked)


def latest(session: StateSession, *, org: str, limit: int = 200) -> list[AuditEntry]:
    """The last ``limit`` entries concerning ``org``, newest first (the admin page)."""
    rows = session.rows("SELECT * FROM audit_log WHERE org = :org OR partner_org = :org "
                        "ORDER BY seq DESC LIMIT :limit", org=org, limit=limit)
    return [_entry(row) for row in rows]
