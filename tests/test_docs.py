import subprocess
import sys
from pathlib import Path

from diemtin.cli import cli
from diemtin.cli._docs import cli_reference

REPO = Path(__file__).resolve().parent.parent


def test_cli_reference_is_current() -> None:
    # A fresh process: click caches help options per command once they are used.
    result = subprocess.run([sys.executable, "scripts/gen_cli_docs.py", "--check"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "## diemtin search" in cli_reference(cli)


def test_readme_opens_with_the_two_contract_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```")
    assert "diemtin demo" in blocks[1]
    assert "pytest" in blocks[3] and "[test]" in blocks[3]
    ci_script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[3].split("\n", 1)[1].strip() in ci_script


def test_every_public_name_is_exported() -> None:
    import diemtin
    from diemtin import search, store, text

    for module in (diemtin, search, store, text):
        exported = set(module.__all__)
        public = {name for name in vars(module) if not name.startswith("_")
                  and not isinstance(getattr(module, name), type(diemtin))}
        assert public - {"annotations"} <= exported | {"__version__"}, module.__name__
        assert exported == set(sorted(exported))
