"""The outbox against real receivers: aiosmtpd and an HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from diemtin.brief.config import DeliveryConfig, SmtpSettings, WebhookSettings, load_config
from diemtin.brief.outbox import (
    Attachment,
    Channel,
    deliver_pending,
    enqueue,
    list_messages,
    retry,
)
from diemtin.errors import InputError
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG
from tests.brief.conftest import Hook, Mailbox

SUBJECT = "Cảnh báo: Lào Cai có 3 bài mới về sạt lở"
TEXT = "Sạt lở đất ở xã Bản Xèo, huyện Bát Xát.\nhttps://baolaocai.vn/sat-lo-ban-xeo"


def _queue(store: Store, key: str, *, channel: Channel = Channel.EMAIL,
           destination: str = "bientap@soyte.vn", **extra: Any) -> str | None:
    return store.transact(lambda s: enqueue(
        s, org_id=LOCAL_ORG, channel=channel, destination=destination, subject=SUBJECT,
        text=TEXT, key=key, **extra))


def _smtp_config(controller: Any, **extra: Any) -> DeliveryConfig:
    return DeliveryConfig(smtp=SmtpSettings(host="127.0.0.1", port=controller.port,
                                            sender="Điểm tin <diemtin@localhost>"), **extra)


def test_same_key_is_queued_once(store: Store) -> None:
    first = _queue(store, "alert:r1:a1")
    assert first is not None and first.startswith("msg_")
    assert _queue(store, "alert:r1:a1") is None
    assert len(store.transact(lambda s: list_messages(s, LOCAL_ORG))) == 1
    with pytest.raises(InputError):
        _queue(store, " ")


def test_email_arrives_with_vietnamese_subject_html_and_attachment(
        store: Store, smtp_server: tuple[Any, Mailbox]) -> None:
    controller, box = smtp_server
    _queue(store, "brief:i1:bientap", html="<p>Sạt lở ở <b>Bát Xát</b></p>",
           attachments=[Attachment("diem-tin.pdf", "application/pdf", b"%PDF-1.7 thu")])
    report = deliver_pending(store, _smtp_config(controller))
    assert (report.sent, report.failed) == (1, 0)
    [mail] = box.messages
    assert mail["Subject"] == SUBJECT and "bientap@soyte.vn" in mail["To"]
    expected_id = "<" + hashlib.sha256(b"brief:i1:bientap").hexdigest()[:40] + "@diemtin>"
    assert mail["Message-ID"] == expected_id
    text = mail.get_body(preferencelist=("plain",))
    html = mail.get_body(preferencelist=("html",))
    assert text is not None and "Bản Xèo" in text.get_content()
    assert "https://baolaocai.vn/sat-lo-ban-xeo" in text.get_content()
    assert html is not None and "<b>Bát Xát</b>" in html.get_content()
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "diem-tin.pdf"
    assert attached.get_content() == b"%PDF-1.7 thu"
    assert deliver_pending(store, _smtp_config(controller)).sent == 0  # sent once
    [row] = store.transact(lambda s: list_messages(s, LOCAL_ORG))
    assert row["state"] == "sent" and row["attempts"] == 1


def test_webhook_is_signed_and_private_addresses_need_permission(
        store: Store, webhook: Hook) -> None:
    config = DeliveryConfig(webhooks={"nhom": WebhookSettings(webhook.url, "bí-mật")},
                            backoff_seconds=0)
    _queue(store, "alert:r2:a9", channel=Channel.WEBHOOK, destination="nhom")
    refused = deliver_pending(store, config)
    assert refused.sent == 0 and "refused" in refused.errors[0][2]
    assert webhook.bodies == []
    allowed = DeliveryConfig(webhooks=config.webhooks, allow_private=True)
    later = datetime.now(UTC) + timedelta(seconds=1)
    assert deliver_pending(store, allowed, now=later).sent == 1
    [(headers, body)] = webhook.bodies
    digest = hmac.new("bí-mật".encode(), body, hashlib.sha256).hexdigest()
    assert headers["x-diemtin-signature"] == f"sha256={digest}"
    assert headers["x-diemtin-delivery"] == "alert:r2:a9"
    payload = json.loads(body)
    assert payload["subject"] == SUBJECT and "Bản Xèo" in payload["text"]


def test_failing_destination_backs_off_then_fails_without_blocking_others(
        store: Store, smtp_server: tuple[Any, Mailbox], webhook: Hook) -> None:
    controller, box = smtp_server
    box.refuse = {"sai@soyte.vn"}
    webhook.status = 500
    config = _smtp_config(controller, webhooks={"hong": WebhookSettings(webhook.url, "k")},
                          allow_private=True, max_attempts=3, backoff_seconds=60)
    _queue(store, "k-bad", destination="sai@soyte.vn")
    _queue(store, "k-hook", channel=Channel.WEBHOOK, destination="hong")
    _queue(store, "k-good", destination="bientap@soyte.vn")
    start = datetime.now(UTC) + timedelta(seconds=1)
    first = deliver_pending(store, config, now=start)
    assert (first.sent, first.retrying, first.failed) == (1, 2, 0)
    assert [m["To"] for m in box.messages] == ["bientap@soyte.vn"]
    assert deliver_pending(store, config, now=start + timedelta(seconds=59)).errors == []
    second = deliver_pending(store, config, now=start + timedelta(seconds=61))
    assert second.retrying == 2  # second attempt; the next wait is 120 s
    assert deliver_pending(store, config, now=start + timedelta(seconds=61 + 119)).errors == []
    third = deliver_pending(store, config, now=start + timedelta(seconds=61 + 121))
    assert (third.retrying, third.failed) == (0, 2)
    failed = store.transact(lambda s: list_messages(s, LOCAL_ORG, state="failed"))
    assert {row["key"] for row in failed} == {"k-bad", "k-hook"}
    assert any("550" in row["last_error"] for row in failed)
    assert any("HTTP 500" in row["last_error"] for row in failed)
    box.refuse = set()
    bad = next(row["id"] for row in failed if row["key"] == "k-bad")
    store.transact(lambda s: retry(s, LOCAL_ORG, bad))
    assert deliver_pending(store, config).sent == 1
    assert len(box.messages) == 2


def test_folder_gets_whole_files(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "hop-thu"
    _queue(store, "alert:r3:a1", channel=Channel.FOLDER, destination=str(folder))
    assert deliver_pending(store, DeliveryConfig()).sent == 1
    names = sorted(p.suffix for p in folder.iterdir())
    assert names == [".eml", ".json"]
    payload = json.loads(next(folder.glob("*.json")).read_text())
    assert payload["subject"] == SUBJECT
    assert "Subject:" in next(folder.glob("*.eml")).read_text()


def test_missing_smtp_is_a_clear_reason(store: Store) -> None:
    _queue(store, "no-smtp")
    report = deliver_pending(store, DeliveryConfig(max_attempts=1))
    assert report.failed == 1 and "no SMTP server configured" in report.errors[0][2]


def test_config_file_and_environment(tmp_path: Path) -> None:
    path = tmp_path / "diemtin.toml"
    path.write_text('[smtp]\nhost = "mail.soyte.vn"\nport = 587\nstarttls = true\n'
                    '[webhooks.nhom]\nurl = "https://chat.soyte.vn/h"\nsecret = "s"\n'
                    '[delivery]\nmax_attempts = 2\n', encoding="utf-8")
    config = load_config(path, {"DIEMTIN_SMTP_PASSWORD": "mật-khẩu", "DIEMTIN_SMTP_PORT": "2525"})
    assert config.smtp is not None and config.smtp.starttls and config.smtp.port == 2525
    assert config.smtp.password == "mật-khẩu" and config.max_attempts == 2
    assert config.webhooks["nhom"].secret == "s"
    assert load_config(None, {}).smtp is None
    path.write_text("[smtp\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_config(path, {})
