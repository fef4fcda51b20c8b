"""The outbox: messages waiting to be delivered, stored with the data that caused them.

Alerts and briefings :func:`enqueue` messages inside their own transaction, under a
``key`` that names what the message is about (``alert:<rule>:<article>``): the same key
is never queued twice, so each alert is sent once however often its rule runs.
:func:`deliver_pending` sends them.

Delivery guarantee (at least once, duplicates confined to one tiny window):

1. a message is *claimed* in a committed transaction: state ``sending``, a lease until
   ``now + lease_seconds`` and one more attempt counted;
2. it is sent; an email is one SMTP transaction whose ``Message-ID`` is derived from the
   key (the same on every attempt), a webhook carries the key in ``X-Diemtin-Delivery``;
3. right after the server's final reply (SMTP 250 to DATA, HTTP 2xx) ``sent`` is
   committed, one short UPDATE.

A sender killed before step 3 leaves the message ``sending``; once its lease has
expired the next run sends it again, so nothing is lost. It is delivered twice only if
the process dies between the server's reply and the commit of step 3 (well under a
millisecond on a local database); a recipient can drop that rare duplicate by its
Message-ID or delivery key. A failure is retried after ``backoff_seconds``, doubled each
time, until ``max_attempts``; then the message is ``failed`` and reported. Messages are
taken in due order, and one that fails goes back in line behind the others, so a dead
destination never blocks the rest.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from diemtin.brief.channels import Attachment, DeliveryError, Outgoing, Senders
from diemtin.brief.config import DeliveryConfig
from diemtin.errors import InputError, ItemNotFound
from diemtin.store.base import Store
from diemtin.store.state import StateSession, new_id, now_text, one, parse_time

__all__ = ["Attachment", "Channel", "DeliveryReport", "MessageNotFound", "State",
           "deliver_pending", "enqueue", "list_messages", "retry"]


class Channel(enum.StrEnum):
    """How a message leaves."""

    EMAIL = "email"
    WEBHOOK = "webhook"
    FOLDER = "folder"


class State(enum.StrEnum):
    """Where a message is in its life."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class MessageNotFound(ItemNotFound):
    """No outbox message with that id in the organization."""

    def __init__(self, key: str) -> None:
        super().__init__("outbox message", key, "`diemtin outbox list` shows them")


def enqueue(session: StateSession, *, org_id: str, channel: Channel, destination: str,
            subject: str, text: str, html: str | None = None,
            attachments: Sequence[Attachment] = (), key: str) -> str | None:
    """Queue a message in the caller's transaction; its id, or None when a message with
    ``key`` was queued before (nothing is added: each key is delivered once).

    Raises:
        InputError: an empty destination, subject or key.
    """
    if not destination.strip() or not key.strip() or not subject.strip():
        raise InputError("an outbox message needs a destination, a subject and a key")
    message_id = new_id("msg")
    now = now_text()
    added = session.run(
        "INSERT INTO outbox (id, org_id, key, channel, destination, subject, body_text, "
        "body_html, attachments, state, attempts, next_at, lease_until, last_error, "
        "created_at, sent_at) VALUES (:id, :org, :key, :channel, :destination, :subject, "
        ":text, :html, :attachments, 'pending', 0, :now, NULL, NULL, :now, NULL) "
        "ON CONFLICT (org_id, key) DO NOTHING",
        id=message_id, org=org_id, key=key, channel=Channel(channel).value,
        destination=destination.strip(), subject=subject, text=text, html=html,
        attachments=json.dumps([a.to_json() for a in attachments]), now=now)
    return message_id if added else None


@dataclass(slots=True)
class DeliveryReport:
    """What one delivery run did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)
    """(message id, destination, reason) of every failed attempt."""

    def to_dict(self) -> dict[str, Any]:
        """JSON data for the CLI."""
        return {"sent": self.sent, "retrying": self.retrying, "failed": self.failed,
                "errors": [{"id": i, "destination": d, "reason": r}
                           for i, d, r in self.errors]}


def _claim(session: StateSession, now: datetime, start: datetime,
           config: DeliveryConfig) -> Outgoing | None:
    """Take the next message due at ``start`` (the run's start, so a message that failed
    in this run waits for the next one), or sending with a lease expired at ``now``."""
    session.lock("outbox")
    row = one(session, "SELECT * FROM outbox WHERE (state = 'pending' AND next_at <= :start) "
              "OR (state = 'sending' AND lease_until <= :now) ORDER BY next_at, id LIMIT 1",
              now=now_text(now), start=now_text(start))
    if row is None:
        return None
    if row["attempts"] >= config.max_attempts:
        session.run("UPDATE outbox SET state = 'failed', lease_until = NULL, last_error = "
                    ":error WHERE id = :id", id=row["id"],
                    error=row["last_error"] or "the sender stopped while sending it")
        return _claim(session, now, start, config)
    lease = now_text(now + timedelta(seconds=config.lease_seconds))
    session.run("UPDATE outbox SET state = 'sending', lease_until = :lease, "
                "attempts = attempts + 1 WHERE id = :id", lease=lease, id=row["id"])
    return Outgoing(id=row["id"], key=row["key"], channel=row["channel"],
                    destination=row["destination"], subject=row["subject"],
                    text=row["body_text"], html=row["body_html"],
                    attachments=tuple(Attachment.from_json(item)
                                      for item in json.loads(row["attachments"])))


def _mark_sent(session: StateSession, message_id: str) -> None:
    session.run("UPDATE outbox SET state = 'sent', sent_at = :now, lease_until = NULL, "
                "last_error = NULL WHERE id = :id", now=now_text(), id=message_id)


def _mark_failed(session: StateSession, message_id: str, reason: str, now: datetime,
                 config: DeliveryConfig) -> bool:
    """Record a failed attempt; True when the message will be tried again."""
    row = one(session, "SELECT attempts FROM outbox WHERE id = :id", id=message_id)
    attempts = int(row["attempts"]) if row else config.max_attempts
    if attempts >= config.max_attempts:
        session.run("UPDATE outbox SET state = 'failed', lease_until = NULL, "
                    "last_error = :error WHERE id = :id", error=reason, id=message_id)
        return False
    wait = max(config.backoff_seconds * 2 ** (attempts - 1), 0.001)
    session.run("UPDATE outbox SET state = 'pending', lease_until = NULL, next_at = :next, "
                "last_error = :error WHERE id = :id", error=reason, id=message_id,
                next=now_text(now + timedelta(seconds=wait)))
    return True


def deliver_pending(store: Store, config: DeliveryConfig, *, now: datetime | None = None,
                    limit: int = 1000) -> DeliveryReport:
    """Send up to ``limit`` due messages of every organization, one at a time.

    ``now`` (default: the clock, read for each message) decides what is due and when a
    failed message is tried again.
    """
    report = DeliveryReport()
    senders = Senders(config)
    start = now or datetime.now(UTC)
    try:
        for _ in range(limit):
            moment = now or datetime.now(UTC)
            message = store.transact(
                lambda s, m=moment: _claim(s, m, start, config))  # type: ignore[misc]
            if message is None:
                break
            try:
                senders.send(message)
            except DeliveryError as error:
                reason = str(error)
                again = store.transact(
                    lambda s, i=message.id, r=reason, m=moment:  # type: ignore[misc]
                    _mark_failed(s, i, r, m, config))
                report.errors.append((message.id, message.destination, reason))
                report.retrying += again
                report.failed += not again
                continue
            store.transact(lambda s, i=message.id: _mark_sent(s, i))  # type: ignore[misc]
            report.sent += 1
    finally:
        senders.close()
    return report


def list_messages(session: StateSession, org_id: str, *, state: str | None = None,
                  limit: int = 100) -> list[dict[str, Any]]:
    """The organization's messages, newest first (without bodies)."""
    sql = ("SELECT id, key, channel, destination, subject, state, attempts, next_at, "
           "last_error, created_at, sent_at FROM outbox WHERE org_id = :org")
    if state is not None:
        sql += " AND state = :state"
    sql += " ORDER BY created_at DESC, id LIMIT :limit"
    return session.rows(sql, org=org_id, state=state, limit=limit) if state else \
        session.rows(sql, org=org_id, limit=limit)


def retry(session: StateSession, org_id: str, message_id: str) -> None:
    """Put a failed (or pending) message back in line, due now, with its attempts reset."""
    row = one(session, "SELECT state FROM outbox WHERE org_id = :org AND id = :id",
              org=org_id, id=message_id)
    if row is None:
        raise MessageNotFound(message_id)
    if row["state"] in (State.SENT, State.SENDING):
        raise InputError(f"message {message_id} is {row['state']}; only failed or pending "
                         "messages are retried")
    session.run("UPDATE outbox SET state = 'pending', attempts = 0, next_at = :now, "
                "lease_until = NULL WHERE id = :id", now=now_text(), id=message_id)


def parse_state(text: str | None) -> str | None:
    """``text`` as a message state, or None."""
    if text is None:
        return None
    try:
        return State(text).value
    except ValueError as error:
        raise InputError(f"state must be one of {', '.join(State)}; got {text!r}") from error


def message_time(text: str) -> datetime:
    """A stored time as a datetime (for pages)."""
    return parse_time(text)
