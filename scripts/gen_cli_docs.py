"""Write docs/cli.md from the commands' --help."""

from pathlib import Path

from diemtin.cli import cli
from diemtin.cli._docs import cli_reference

target = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
target.write_text(cli_reference(cli), encoding="utf-8")
print(f"wrote {target}")
