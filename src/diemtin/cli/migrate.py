"""``diemtin migrate``: create or upgrade the schema of a database."""

from __future__ import annotations

import click

from diemtin.cli._common import db_option, format_option, handle_errors, open_db, print_json


@click.command("migrate")
@db_option
@format_option
@handle_errors
def migrate_command(db_path: str, fmt: str) -> None:
    """Create the database's schema, or bring it up to this diemtin's version.

    Works on both backends (a SQLite file, a postgresql:// URL). Migrations are
    versioned and applied in order, one process at a time; a database written by a
    newer diemtin is refused. Other commands also migrate when they open a database,
    so this is for upgrading a server's database at a chosen moment.

    Example: diemtin migrate --db postgresql://diemtin@db.example/diemtin
    """
    with open_db(db_path, migrate=False) as store:
        before = store.schema_version()
        after = store.migrate()
    if fmt == "json":
        print_json({"database": _shown(db_path), "from": before, "to": after})
    elif before == after:
        click.echo(f"schema version {after}: up to date")
    else:
        click.echo(f"schema version {before} → {after}")


def _shown(location: str) -> str:
    """The database location without a password."""
    head, at, tail = location.rpartition("@")
    if not at or "://" not in head:
        return location
    scheme, _, credentials = head.partition("://")
    return f"{scheme}://{credentials.split(':', 1)[0]}@{tail}"
