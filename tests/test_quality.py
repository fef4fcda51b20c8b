"""The codebase stays lint- and type-clean: ruff and mypy --strict run as part of the suite."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None and command[0] != sys.executable:
        pytest.skip(f"{command[0]} is not installed (pip install -e '.[test]')")
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_is_clean() -> None:
    result = run_tool("ruff", "check", "src", "tests", "bench", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = run_tool(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr
