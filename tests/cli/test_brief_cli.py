"""``diemtin saved``, ``alert`` and ``outbox``: JSON contracts and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from diemtin.cli import cli
from tests.cli.test_cli import RECORDS
from tests.conftest import write_jsonl


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_saved_commands_json_contract(tmp_path: Path) -> None:
    db = str(tmp_path / "tin.db")
    code, _, err = run("saved", "add", "Lào Cai", '"Lào Cai"', "--outlet", "Báo Tây Bắc",
                       "--outlet", "Thông Tấn Việt", "--db", db)
    assert code == 0, err
    code, out, _ = run("saved", "list", "--format", "json", "--db", db)
    [item] = json.loads(out)
    assert {"id", "name", "query", "outlets", "places", "topics"} <= set(item)
    assert item["name"] == "Lào Cai" and item["outlets"] == ["Báo Tây Bắc", "Thông Tấn Việt"]
    code, out, _ = run("saved", "show", item["id"], "--db", db)
    assert code == 0 and "outlet:\"Báo Tây Bắc\"" in out
    code, _, err = run("saved", "add", "Lào Cai", "bão", "--db", db)
    assert code == 1 and "exists" in err and "Traceback" not in err
    code, out, _ = run("saved", "add", "Lào Cai", "bão", "--replace", "--db", db,
                       "--format", "json")
    assert code == 0 and json.loads(out)["query"] == "bão"
    code, _, err = run("saved", "add", "Hỏng", '"chưa đóng', "--db", db)
    assert code == 1 and "at character" in err
    code, _, _ = run("saved", "rm", "Lào Cai", "--db", db)
    code, _, err = run("saved", "show", "Lào Cai", "--db", db)
    assert code == 1 and "no saved search 'Lào Cai'" in err


def test_alert_commands_and_ingest_queues_messages(tmp_path: Path) -> None:
    db = str(tmp_path / "tin.db")
    run("saved", "add", "Mưa", "mưa", "--db", db)
    code, out, err = run("alert", "add", "Mưa", "--rule", "new_matches", "--email",
                         "bientap@soyte.vn", "--folder", str(tmp_path / "hop"), "--db", db,
                         "--format", "json")
    assert code == 0, err
    rule = json.loads(out)
    assert rule["rule"] == "new_matches" and len(rule["destinations"]) == 2
    code, _, err = run("alert", "add", "Mưa", "--rule", "entity_title", "--atom", "--db", db)
    assert code == 1 and "--title" in err
    code, _, err = run("alert", "add", "Mưa", "--rule", "spike", "--db", db)
    assert code == 1 and "destinations" in err
    source = write_jsonl(tmp_path / "news.jsonl", RECORDS)
    assert run("ingest", str(source), "--db", db, "--quiet")[0] == 0
    code, out, _ = run("outbox", "list", "--format", "json", "--db", db)
    messages = json.loads(out)
    assert sorted(m["channel"] for m in messages) == ["email", "folder"]
    assert all(m["subject"] == "[Điểm tin] Mưa: 1 bài mới" for m in messages)
    code, out, _ = run("alert", "list", "--db", db)
    assert code == 0 and "new_matches" in out and "after each ingest" in out
    code, out, _ = run("alert", "run", "--db", db, "--format", "json")
    assert code == 0 and json.loads(out)["queued"] == 0  # already alerted
    code, _, err = run("alert", "rm", "al_khong_co", "--db", db)
    assert code == 1 and "no alert rule" in err
    code, _, err = run("outbox", "retry", "msg_khong_co", "--db", db)
    assert code == 1 and "no outbox message" in err


def test_outbox_send_reports_failures_and_exits_1(tmp_path: Path) -> None:
    db = str(tmp_path / "tin.db")
    run("saved", "add", "Mưa", "mưa", "--db", db)
    run("alert", "add", "Mưa", "--rule", "new_matches", "--email", "bientap@soyte.vn",
        "--db", db)
    source = write_jsonl(tmp_path / "news.jsonl", RECORDS)
    run("ingest", str(source), "--db", db, "--quiet")
    config = tmp_path / "diemtin.toml"
    config.write_text("[delivery]\nmax_attempts = 1\n", encoding="utf-8")
    code, out, err = run("outbox", "send", "--db", db, "--config", str(config),
                         "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["failed"] == 1 and "no SMTP server" in report["errors"][0]["reason"]
    code, _, err = run("outbox", "send", "--db", db, "--config", str(tmp_path / "khong.toml"))
    assert code == 1 and "cannot read the config file" in err
