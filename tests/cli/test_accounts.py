"""``diemtin org``, ``user``, ``member`` and ``token``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from diemtin.accounts.tokens import authenticate_token
from diemtin.cli import cli
from diemtin.store import open_store
from diemtin.store.state import now_text, parse_time

ORG_A = "Sở VH-TT tỉnh A"
PASSWORD = "mật-khẩu-thử-nghiệm-01"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def _setup(db: Path) -> None:
    assert run("org", "add", ORG_A, "--db", str(db))[0] == 0
    code, out, err = run("user", "add", "Admin@so-a.vn", "--org", ORG_A, "--role", "admin",
                         "--db", str(db), stdin=PASSWORD + "\n")
    assert code == 0, err
    assert PASSWORD not in out + err


def test_accounts_org_user_member_commands(tmp_path: Path) -> None:
    db = tmp_path / "tk.db"
    _setup(db)
    code, out, _ = run("org", "list", "--format", "json", "--db", str(db))
    assert code == 0 and {o["name"] for o in json.loads(out)} == {ORG_A, "local"}
    assert run("org", "add", "Sở VH-TT tỉnh B", "--db", str(db))[0] == 0
    assert run("member", "add", "admin@so-a.vn", "--org", "Sở VH-TT tỉnh B", "--role",
               "viewer", "--db", str(db))[0] == 0
    code, out, _ = run("user", "list", "--format", "json", "--db", str(db))
    [user] = json.loads(out)
    assert user["email"] == "admin@so-a.vn"
    assert sorted(m["role"] for m in user["memberships"]) == ["admin", "viewer"]
    assert run("member", "rm", "admin@so-a.vn", "--org", "Sở VH-TT tỉnh B", "--db",
               str(db))[0] == 0
    code, _, err = run("user", "add", "admin@so-a.vn", "--org", ORG_A, "--role", "viewer",
                       "--db", str(db), stdin=PASSWORD + "\n")
    assert code == 1 and "exists" in err and "Traceback" not in err
    code, _, err = run("user", "add", "b@so-a.vn", "--org", ORG_A, "--role", "viewer",
                       "--db", str(db), stdin="ngắn\n")
    assert code == 1 and "password needs" in err
    assert run("user", "passwd", "admin@so-a.vn", "--db", str(db),
               stdin="mật-khẩu-mới-dài-hơn\n")[0] == 0
    assert run("user", "disable", "admin@so-a.vn", "--db", str(db))[0] == 0
    code, out, _ = run("user", "list", "--db", str(db))
    assert "(disabled)" in out


def test_accounts_token_printed_alone_and_revocable(tmp_path: Path) -> None:
    db = tmp_path / "tk.db"
    _setup(db)
    code, out, _ = run("token", "create", "--user", "admin@so-a.vn", "--scope", "read",
                       "--scope", "write", "--expires", "30d", "--db", str(db))
    assert code == 0
    raw = out.strip()
    assert out == raw + "\n" and raw.startswith("dt_tok_")
    with open_store(str(db)) as store:
        info = store.transact(lambda s: authenticate_token(s, raw, parse_time(now_text())))
    assert info is not None and [str(s) for s in info.scopes] == ["read", "write"]
    code, out, _ = run("token", "list", "--format", "json", "--db", str(db))
    [listed] = json.loads(out)
    assert raw.rsplit("_", 1)[1] not in out and listed["user"] == "admin@so-a.vn"
    assert run("token", "revoke", listed["id"], "--db", str(db))[0] == 0
    with open_store(str(db)) as store:
        assert store.transact(lambda s: authenticate_token(
            s, raw, parse_time(now_text()))) is None
    code, _, err = run("token", "create", "--user", "admin@so-a.vn", "--scope", "read",
                       "--expires", "soon", "--db", str(db))
    assert code == 1 and "duration" in err


def test_accounts_user_add_reads_piped_stdin_in_a_real_process(tmp_path: Path) -> None:
    db = tmp_path / "tk.db"
    base = [sys.executable, "-m", "diemtin"]
    subprocess.run([*base, "org", "add", ORG_A, "--db", str(db)], check=True,
                   capture_output=True)
    done = subprocess.run([*base, "user", "add", "a@so-a.vn", "--org", ORG_A, "--role",
                           "editor", "--db", str(db)], input=PASSWORD + "\n",
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    token = subprocess.run([*base, "token", "create", "--user", "a@so-a.vn", "--scope",
                            "read", "--db", str(db)], capture_output=True, text=True,
                           check=True).stdout
    assert token.count("\n") == 1 and token.startswith("dt_")
