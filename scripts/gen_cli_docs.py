"""Write docs/cli.md from the commands' --help; with --check, fail if it is out of date.

Run in a fresh process (click caches each command's help option on first use, so the
output of a process that already ran commands may differ).
"""

import sys
from pathlib import Path

from diemtin.cli import cli
from diemtin.cli._docs import cli_reference

target = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
reference = cli_reference(cli)
if "--check" in sys.argv:
    if target.read_text(encoding="utf-8") != reference:
        sys.exit(f"{target} is out of date: run python scripts/gen_cli_docs.py")
else:
    target.write_text(reference, encoding="utf-8")
    print(f"wrote {target}")
