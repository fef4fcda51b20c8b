"""``diemtin serve`` as a real server on 127.0.0.1: Host names and the public-bind warning."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from diemtin.cli import cli
from diemtin.store import SQLiteStore


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    base: str


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Served]:
    db = tmp_path / "tin.db"
    SQLiteStore(db).close()
    port = _free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "diemtin"), "serve", "--db", str(db),
         "--host", "127.0.0.1",
         "--port", str(port), "--allowed-host", "tin.example.vn"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/api/v1/outlets", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield Served(process, base)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_issue_15_server_answers_only_its_host_names(
        server: Served) -> None:
    base = server.base

    def status(host: str) -> int:
        return httpx.get(f"{base}/api/v1/outlets", headers={"Host": host}).status_code

    assert status("attacker.example") == 400  # DNS rebinding: 200 before the fix
    assert status("attacker.example:8000") == 400
    assert status("127.0.0.1:1") == 200
    assert status("localhost") == 200
    assert status("tin.example.vn:443") == 200
    response = httpx.get(base + "/")
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    server.process.terminate()
    _, errors = server.process.communicate(timeout=10)
    assert b"warning" not in errors  # a loopback bind is no exposure



def test_issue_15_public_bind_warns(tmp_path: Path) -> None:
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning is printed, then
    # the bind fails, so nothing ever listens beyond loopback.
    db = str(tmp_path / "tin.db")
    assert CliRunner().invoke(cli, ["org", "add", "Sở A", "--db", db]).exit_code == 0
    assert CliRunner().invoke(cli, ["user", "add", "a@so-a.vn", "--org", "Sở A", "--role",
                                    "admin", "--db", db], input="mật-khẩu-đủ-dài\n"
                              ).exit_code == 0
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--host", "192.0.2.1", "--port",
                                      str(_free_port())])
    assert "warning: listening on 192.0.2.1" in result.stderr
    assert "--allowed-host" in result.stderr


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "::"])
def test_issue_12_public_bind_without_users_refuses_to_start(tmp_path: Path,
                                                              host: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "tin.db"), "--host",
                                      host, "--port", str(_free_port())])
    assert result.exit_code == 1
    assert "diemtin org add" in result.stderr and "diemtin user add" in result.stderr
    assert "serving on" not in result.stderr and "Traceback" not in result.stderr
