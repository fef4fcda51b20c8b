"""From an ingest batch to the receivers: an alert rule, the outbox, a real SMTP server
and a real webhook on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from diemtin.cli import cli
from tests.brief.conftest import Hook, Mailbox
from tests.conftest import write_jsonl

NEWS = [
    {"url": "https://baolaocai.vn/sat-lo-khau-pha-a1.html", "outlet": "Báo Tây Bắc",
     "title": "Sạt lở nghiêm trọng trên đèo Khau Phạ, Quốc lộ 32 bị chia cắt",
     "body": ["Mưa lớn kéo dài gây sạt lở tại đèo Khau Phạ, tỉnh Lào Cai."],
     "published": "2026-10-21T10:15:00"},
    {"url": "https://thongtanviet.vn/sat-lo-khau-pha-a2.html", "outlet": "Thông Tấn Việt",
     "title": "Lào Cai: Taluy sạt lở vùi xe tải, tài xế thoát nạn",
     "body": ["Một xe tải bị đất đá vùi trên đèo Khau Phạ, tài xế kịp thoát ra."],
     "published": "2026-10-21T11:00:00"},
    {"url": "https://thoibaothudo.vn/mua-a3.html", "outlet": "Thời Báo Thủ Đô",
     "title": "Hà Nội mưa lớn chiều nay", "body": ["Nhiều tuyến phố ngập sâu."],
     "published": "2026-10-21T17:00:00"},
]


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_ingested_matches_arrive_by_email_and_signed_webhook(
        tmp_path: Path, smtp_server: tuple[Any, Mailbox], webhook: Hook) -> None:
    controller, box = smtp_server
    db = str(tmp_path / "tin.db")
    config = tmp_path / "diemtin.toml"
    config.write_text(f'[smtp]\nhost = "127.0.0.1"\nport = {controller.port}\n'
                      f'sender = "Điểm tin <diemtin@localhost>"\n'
                      f'[webhooks.nhom]\nurl = "{webhook.url}"\nsecret = "khóa-bí-mật"\n'
                      '[delivery]\nallow_private = true\n', encoding="utf-8")
    _cli("saved", "add", "Sạt lở Lào Cai", '"sạt lở"', "--db", db)
    _cli("alert", "add", "Sạt lở Lào Cai", "--rule", "new_matches", "--email",
         "bientap@soyte.vn", "--webhook", "nhom", "--db", db)
    _cli("ingest", str(write_jsonl(tmp_path / "a.jsonl", NEWS)), "--db", db, "--quiet")
    _cli("outbox", "send", "--db", db, "--config", str(config))
    _cli("ingest", str(write_jsonl(tmp_path / "a.jsonl", NEWS)), "--db", db, "--quiet")
    _cli("outbox", "send", "--db", db, "--config", str(config))  # nothing new: nothing sent

    [mail] = box.messages
    assert mail["Subject"] == "[Điểm tin] Sạt lở Lào Cai: 2 bài mới"
    assert "Điểm tin" in str(mail["From"]) and mail["To"] == "bientap@soyte.vn"
    text = mail.get_body(preferencelist=("plain",))
    assert text is not None
    content = text.get_content()
    assert "Sạt lở nghiêm trọng trên đèo Khau Phạ" in content
    assert "https://baolaocai.vn/sat-lo-khau-pha-a1.html" in content
    assert "https://thongtanviet.vn/sat-lo-khau-pha-a2.html" in content
    assert "Hà Nội mưa lớn" not in content

    [(headers, body)] = webhook.bodies
    expected = hmac.new("khóa-bí-mật".encode(), body, hashlib.sha256).hexdigest()
    assert headers["x-diemtin-signature"] == f"sha256={expected}"
    forged = hmac.new(b"sai", body, hashlib.sha256).hexdigest()
    assert headers["x-diemtin-signature"] != f"sha256={forged}"
    payload = json.loads(body)
    assert payload["subject"] == mail["Subject"]
    assert payload["key"] == headers["x-diemtin-delivery"]
    assert payload["key"].endswith(":webhook:nhom")
    assert "https://baolaocai.vn/sat-lo-khau-pha-a1.html" in payload["text"]
