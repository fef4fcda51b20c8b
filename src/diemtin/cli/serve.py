"""``diemtin serve`` and ``diemtin demo``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from diemtin.accounts.demo_sharing import ORG_A, ORG_B, seed_demo
from diemtin.cli._common import (
    db_option,
    default_db_path,
    handle_errors,
    open_db,
    plural,
    print_analysis,
    start_analysis,
    stderr_console,
)
from diemtin.flow import ingest_paths
from diemtin.store.base import Store


def run_server(store: Store, host: str, port: int, allowed: tuple[str, ...] = ()) -> None:
    """Serve the web app over ``store`` until interrupted.

    Only requests naming a loopback host, ``host`` itself or one of ``allowed`` in their
    ``Host`` header are answered (see docs/web.md, "Security").
    """
    import uvicorn

    from diemtin.web import create_app
    from diemtin.web.app import WebSettings
    from diemtin.web.security import allowed_hosts, is_loopback

    names = allowed_hosts(allowed, bind=host)
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}, reachable from other machines; diemtin has "
                   "no accounts yet, so anyone who can reach it can read and search the whole "
                   "store. Answering the Host names: " + ", ".join(sorted(names))
                   + " (add others with --allowed-host NAME).", err=True)
    click.echo(f"diemtin is serving on http://{host}:{port}/  (Ctrl+C to stop)", err=True)
    settings = WebSettings(allowed_hosts=tuple(sorted(names)))
    uvicorn.run(create_app(store, settings), host=host, port=port, log_level="warning")


allowed_host_option = click.option(
    "--allowed-host", "allowed", multiple=True, metavar="NAME",
    help="Also answer requests for this host name (repeatable); loopback names and the "
         "--host name are always answered, any other Host header gets 400.")


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@allowed_host_option
@handle_errors
def serve_command(db_path: str, host: str, port: int, allowed: tuple[str, ...]) -> None:
    """Serve the web app and the REST API (OpenAPI docs at /api/docs).

    Example: diemtin serve --db tin.db --port 8080
    """
    with open_db(db_path) as store:
        run_server(store, host, port, allowed)


def sample_corpus() -> list[Path]:
    """The bundled sample articles (JSONL files shipped with the package)."""
    folder = resources.files("diemtin") / "data" / "sample"
    return sorted(Path(str(item)) for item in folder.iterdir() if item.name.endswith(".jsonl"))


@click.command("demo")
@click.option("--db", "db_path", type=str, envvar="DIEMTIN_DB", metavar="PATH|URL",
              show_default="the user data directory's demo.db",
              default=lambda: str(default_db_path().with_name("demo.db")),
              help="Database to build the demo in (also DIEMTIN_DB).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-serve", is_flag=True, help="Build the demo database and exit.")
@allowed_host_option
@handle_errors
def demo_command(db_path: str, host: str, port: int, no_serve: bool,
                 allowed: tuple[str, ...]) -> None:
    """Build a demo database from the bundled sample corpus and serve it.

    Idempotent: running it again stores nothing twice. Open the printed URL.

    Example: diemtin demo --port 8080
    """
    console = stderr_console()
    analysis = start_analysis(enabled=True)
    with open_db(db_path) as store:
        report = ingest_paths(store, [str(path) for path in sample_corpus()],
                              analysis=analysis)
        print_analysis(console, analysis)
        if seed_demo(store):
            console.print(f"demo: organizations '{ORG_A}' and '{ORG_B}', a shared collection "
                          "and an agreement (see /collections and /admin/agreements)",
                          markup=False, soft_wrap=True)
        console.print(f"demo: {report.summary()}; "
                      f"{plural(store.count_articles(), 'article')} stored", markup=False,
                      soft_wrap=True)
        console.print(f"demo database: {db_path} (serve it again with: diemtin serve --db "
                      f"{db_path})", markup=False, soft_wrap=True)
        if report.failed:
            raise click.ClickException(f"the sample corpus has {report.failed} bad records")
        if not no_serve:
            run_server(store, host, port, allowed)
