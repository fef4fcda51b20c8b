"""Issue 15: refusal messages read well and show the URL the user gave."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from diemtin.cli import cli
from diemtin.errors import FetchError
from diemtin.ingest.http import Fetcher, FetchOptions


@pytest.mark.parametrize(("url", "phrase"), [
    ("http://0.0.0.0:18801/x", "is an unspecified address"),
    ("http://10.1.2.3/x", "is a private address"),
    ("http://[fe80::1]/x", "is a link-local address"),
    ("http://240.0.0.1/x", "is a reserved address"),
])
def test_issue_15_refusal_grammar(url: str, phrase: str) -> None:
    with Fetcher(options=FetchOptions()) as fetcher, pytest.raises(FetchError) as error:
        fetcher.fetch(url)
    assert phrase in str(error.value)
    assert " a unspecified" not in str(error.value) and "address address" not in str(error.value)


@pytest.mark.parametrize("url", ["http://[fe80::1%25eth0]:18801/x",
                                 "http://[fe80::1]:18801/tin-tuc"])
def test_issue_15_ipv6_url_shown_as_given(tmp_path: Path, url: str) -> None:
    # Refused before any connection (link-local): nothing leaves the machine.
    result = CliRunner().invoke(cli, ["ingest", url, "--db", str(tmp_path / "tin.db"),
                                      "--no-analyze"])
    assert result.exit_code == 1
    assert f"failed {url}:" in result.stderr  # printed as http://:18801/x before the fix
