"""Generate ``docs/cli.md`` from the commands' ``--help`` (checked by the test suite)."""

from __future__ import annotations

import click


def cli_reference(group: click.Group) -> str:
    """Markdown with the ``--help`` text of ``group`` and of every command in it."""
    parts = ["# Command reference", "",
             "Generated from `diemtin --help`; regenerate with "
             "`python scripts/gen_cli_docs.py`.", ""]
    settings = {**group.context_settings, "max_content_width": 100, "terminal_width": 100}
    context = click.Context(group, info_name="diemtin", **settings)
    parts += ["## diemtin", "", "```text", group.get_help(context), "```", ""]
    for name in sorted(group.list_commands(context)):
        command = group.get_command(context, name)
        assert command is not None
        sub = click.Context(command, parent=context, info_name=name, **settings)
        parts += [f"## diemtin {name}", "", "```text", command.get_help(sub), "```", ""]
    return "\n".join(parts)
