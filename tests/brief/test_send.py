"""``brief send``: an issued briefing reaches a real SMTP server on 127.0.0.1 once per
recipient, HTML and text with the PDF attached; a folder recipient gets it as JSON."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from diemtin.brief import briefings
from diemtin.brief import templates as tpl
from diemtin.brief.config import DeliveryConfig, SmtpSettings
from diemtin.brief.outbox import deliver_pending
from diemtin.brief.send import send_issue
from diemtin.errors import InputError
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG
from tests.brief.conftest import Mailbox
from tests.brief.news import UNTIL


def _issued(store: Store, recipients: tuple[str, ...]) -> briefings.Issue:
    def work(session: Any) -> None:
        template = tpl.get(session, LOCAL_ORG, "sang")
        tpl.add(session, LOCAL_ORG, "sang", title=template.title, period=template.period,
                sections=template.sections, recipients=recipients, replace=True)

    store.transact(work)
    draft = briefings.build(store, LOCAL_ORG, "sang", until=datetime.fromisoformat(UNTIL))
    return briefings.issue(store, LOCAL_ORG, draft.id)


def test_send_delivers_once_to_a_real_smtp_server(brief_store: Store,
                                                  smtp_server: tuple[Any, Mailbox]) -> None:
    controller, box = smtp_server
    issue = _issued(brief_store, ("email:vanphong@ubnd.example.vn",
                                  "email:bientap@baolaocai.example.vn"))
    config = DeliveryConfig(smtp=SmtpSettings(host="127.0.0.1", port=controller.port))
    report = send_issue(brief_store, LOCAL_ORG, issue.id)
    assert len(report.queued) == 2
    assert deliver_pending(brief_store, config).sent == 2
    again = send_issue(brief_store, LOCAL_ORG, issue.id)
    assert again.queued == [] and len(again.already) == 2
    assert deliver_pending(brief_store, config).sent == 0
    assert len(box.messages) == 2
    message = box.messages[0]
    assert message["Subject"] == "Điểm tin sáng 14/10/2026"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Lào Cai: Sạt lở tại xã Bản Xèo, 12 hộ dân phải di dời" in text
    assert "https://baolaocai.example.vn/sat-lo-ban-xeo.html" in text
    assert 'href="https://baolaocai.example.vn/sat-lo-ban-xeo.html"' in html
    [pdf] = [part for part in message.iter_attachments()]
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF")
    assert sorted(str(m["To"]) for m in box.messages) == ["bientap@baolaocai.example.vn",
                                                         "vanphong@ubnd.example.vn"]


def test_send_to_a_folder(brief_store: Store, tmp_path: Path) -> None:
    issue = _issued(brief_store, (f"folder:{tmp_path}",))
    send_issue(brief_store, LOCAL_ORG, issue.id)
    assert deliver_pending(brief_store, DeliveryConfig()).sent == 1
    [written] = [p for p in tmp_path.iterdir() if p.suffix == ".json"]
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["subject"] == "Điểm tin sáng 14/10/2026"


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_draft_or_no_recipient_is_refused(brief_store: Store) -> None:
    draft = briefings.build(brief_store, LOCAL_ORG, "sang", until=datetime.fromisoformat(UNTIL))
    with pytest.raises(InputError, match="is a draft; issue it first"):
        send_issue(brief_store, LOCAL_ORG, draft.id)
    briefings.issue(brief_store, LOCAL_ORG, draft.id)
    with pytest.raises(InputError, match="has no recipients"):
        send_issue(brief_store, LOCAL_ORG, draft.id)


def test_cli_brief_send_delivers_once(tmp_path: Path, smtp_server: tuple[Any, Mailbox]) -> None:
    from click.testing import CliRunner

    from diemtin.cli import cli
    from diemtin.store import open_store
    from tests.brief.news import fill

    controller, box = smtp_server
    db = str(tmp_path / "tin.db")
    with open_store(db) as store:
        issue = _issued(fill(store), ("email:vanphong@ubnd.example.vn",))
    env = {"DIEMTIN_SMTP_HOST": "127.0.0.1", "DIEMTIN_SMTP_PORT": str(controller.port)}
    for _ in range(2):
        result = CliRunner(env=env).invoke(cli, ["brief", "send", issue.id, "--db", db,
                                                 "--format", "json"])
        assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"queued": [],
                                         "already_queued": ["email:vanphong@ubnd.example.vn"],
                                         "delivery": {"sent": 0, "retrying": 0, "failed": 0,
                                                      "errors": []}}
    assert [m["Subject"] for m in box.messages] == ["Điểm tin sáng 14/10/2026"]
