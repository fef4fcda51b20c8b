"""Sending an issued briefing to its template's recipients, through the outbox.

Each recipient gets one outbox message keyed ``brief:<issue id>:<recipient>``, so sending
the same issue again queues nothing new: it is delivered once. Email carries the HTML
version (inline styles), the plain text and the PDF attached; a webhook or a folder gets
the same message as JSON (the PDF as a base64 attachment).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from diemtin.brief import briefings
from diemtin.brief.issues import ISSUED, Issue
from diemtin.brief.outbox import Attachment, Channel, enqueue
from diemtin.brief.render import render
from diemtin.brief.render.view import issue_view
from diemtin.brief.templates import get as get_template
from diemtin.errors import InputError
from diemtin.store.base import Store
from diemtin.store.state import StateSession


@dataclass(slots=True)
class SendReport:
    """Messages queued, and recipients already queued for this issue before."""

    queued: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON data."""
        return {"queued": self.queued, "already_queued": self.already}


def message_key(issue_id: str, recipient: str) -> str:
    """The outbox key of one issue for one recipient."""
    return f"brief:{issue_id}:{recipient}"


def send_issue(store: Store, org_id: str, issue_id: str) -> SendReport:
    """Queue an issued briefing for each recipient of its template (see the module).

    Raises:
        InputError: the briefing is not issued, its template is gone or has no recipients.
    """
    issue = briefings.get(store, org_id, issue_id)
    if issue.status != ISSUED:
        raise InputError(f"briefing {issue_id!r} is a draft; issue it first "
                         f"(diemtin brief issue {issue_id})")
    if issue.template_id is None:
        raise InputError(f"briefing {issue_id!r} has no template, so no recipients")
    template = store.transact(lambda s: get_template(s, org_id, issue.template_id or ""))
    if not template.recipients:
        raise InputError(f"template {template.name!r} has no recipients; add them with "
                         f"--recipient email:ADDRESS (diemtin brief template add --replace)")
    view = issue_view(issue)
    subject = f"{view['title']} {view['date']}"
    text, html = render(issue, "text").decode(), render(issue, "email").decode()
    pdf = Attachment(f"diem-tin-{view['date'].replace('/', '-')}.pdf", "application/pdf",
                     render(issue, "pdf"))
    return store.transact(lambda s: _queue(s, issue, template.recipients, subject, text, html,
                                           pdf))


def _queue(session: StateSession, issue: Issue, recipients: tuple[str, ...], subject: str,
           text: str, html: str, pdf: Attachment) -> SendReport:
    report = SendReport()
    for recipient in recipients:
        kind, _, destination = recipient.partition(":")
        added = enqueue(session, org_id=issue.org_id, channel=Channel(kind),
                        destination=destination, subject=subject, text=text, html=html,
                        attachments=(pdf,), key=message_key(issue.id, recipient))
        (report.queued if added else report.already).append(recipient)
    return report
