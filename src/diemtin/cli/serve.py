"""``diemtin serve`` and ``diemtin demo``."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from diemtin.web.app import WebSettings


def run_server(store: Store, host: str, port: int, allowed: tuple[str, ...] = (), *,
               workers: int = 1, location: str | None = None,
               settings: WebSettings | None = None) -> None:
    """Serve the web app over ``store`` until interrupted; with ``workers`` > 1, that
    many processes each open the store at ``location``.

    Only requests naming a loopback host, ``host`` itself or one of ``allowed`` in their
    ``Host`` header are answered (see docs/web.md, "Security"). A non-loopback ``host``
    needs accounts: without any user the server refuses to start (anyone who can reach
    it would act as the single local user).
    """
    import uvicorn

    from diemtin.accounts.users import users_exist
    from diemtin.web import create_app
    from diemtin.web.app import WebSettings
    from diemtin.web.security import allowed_hosts, is_loopback

    names = allowed_hosts(allowed, bind=host)
    if not is_loopback(host) and not store.transact(users_exist):
        raise click.ClickException(
            f"refusing to listen on {host}: this instance has no user, so anyone who can "
            "reach it would read and change everything. Add an organization and an admin "
            "first:\n  diemtin org add \"Tên tổ chức\"\n  diemtin user add EMAIL --org "
            "\"Tên tổ chức\" --role admin   (the password is read from standard input)\n"
            "or serve on 127.0.0.1 only.")
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}, reachable from other machines; every page "
                   "needs a login. Answering the Host names: " + ", ".join(sorted(names))
                   + " (add others with --allowed-host NAME).", err=True)
    click.echo(f"diemtin is serving on http://{host}:{port}/  (Ctrl+C to stop)", err=True)
    settings = replace(settings or WebSettings(), allowed_hosts=tuple(sorted(names)))
    if workers > 1 and location is not None:
        import os

        from diemtin.web.worker import settings_to_env

        os.environ.update(settings_to_env(location, settings))
        uvicorn.run("diemtin.web.worker:build_app", factory=True, workers=workers,
                    host=host, port=port, log_level="warning", access_log=False)
        return
    from diemtin.web.worker import tune_interpreter

    tune_interpreter()
    uvicorn.run(create_app(store, settings), host=host, port=port, log_level="warning",
                access_log=False)


def _seed_accounts(console: Any, store: Store, *, accounts: bool) -> None:
    from diemtin.accounts.demo import DEMO_ORGS, DEMO_PASSWORD, seed_demo

    admins = seed_demo(store, accounts=accounts)
    console.print("demo organizations: " + ", ".join(DEMO_ORGS), markup=False)
    for email in admins:
        console.print(f"demo admin: {email}  password: {DEMO_PASSWORD}  (demo only; every "
                      "page now needs a login)", markup=False, soft_wrap=True)


allowed_host_option = click.option(
    "--allowed-host", "allowed", multiple=True, metavar="NAME",
    help="Also answer requests for this host name (repeatable); loopback names and the "
         "--host name are always answered, any other Host header gets 400.")


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@allowed_host_option
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes, each with its own store connection (SQLite reads "
                   "run in parallel); about one per CPU core.")
@click.option("--secure-cookies", is_flag=True,
              help="Mark the session cookie Secure: set it when users reach the server over "
                   "https (directly or through a proxy).")
@click.option("--inline-facets", default=1000, show_default=True, metavar="N",
              type=click.IntRange(0, 10_000_000),
              help="The search page counts the facets of up to N matches before it "
                   "answers; a larger search shows its results first and its facets right "
                   "after.")
@click.option("--keep-pages/--no-keep-pages", default=True, show_default=True,
              help="Keep whole pages for readers without a session while the store is "
                   "unchanged (at most 30 seconds), and give them again from memory.")
@handle_errors
def serve_command(db_path: str, host: str, port: int, allowed: tuple[str, ...],
                  workers: int, secure_cookies: bool, inline_facets: int,
                  keep_pages: bool) -> None:
    """Serve the web app and the REST API (OpenAPI docs at /api/docs).

    On 127.0.0.1 an instance without users needs no login; any other address needs
    accounts (diemtin org add, diemtin user add) and then every page needs a login.

    Example: diemtin serve --db tin.db --port 8080 --workers 2
    """
    if workers > 1 and db_path == ":memory:":
        raise click.UsageError("--workers needs a database file or URL, not :memory:")
    with open_db(db_path) as store:
        from diemtin.web.app import WebSettings
        from diemtin.web.auth import AuthSettings

        settings = WebSettings(auth=AuthSettings(secure_cookies=secure_cookies),
                               inline_facets=inline_facets, keep_pages=keep_pages)
        run_server(store, host, port, allowed, workers=workers, location=db_path,
                   settings=settings)


def sample_corpus() -> list[Path]:
    """The bundled sample articles (JSONL files shipped with the package)."""
    folder = resources.files("diemtin") / "data" / "sample"
    return sorted(Path(str(item)) for item in folder.iterdir() if item.name.endswith(".jsonl"))


def _seed_briefing_demo(store: Store, console: Any, db_path: str) -> None:
    """The demo's saved searches and alert rules (alerts go to a folder beside a SQLite
    demo database, or to the Atom feeds)."""
    from diemtin.brief.demo import seed_demo
    from diemtin.store import is_server_url

    folder = None if is_server_url(db_path) or db_path == ":memory:" else \
        Path(db_path).resolve().with_name("demo-alerts")
    made = seed_demo(store, folder=folder)
    if made:
        console.print(f"demo: {made} saved searches and alert rules added (see /saved "
                      "and /alerts)", markup=False, soft_wrap=True)


@click.command("demo")
@click.option("--db", "db_path", type=str, envvar="DIEMTIN_DB", metavar="PATH|URL",
              show_default="the user data directory's demo.db",
              default=lambda: str(default_db_path().with_name("demo.db")),
              help="Database to build the demo in (also DIEMTIN_DB).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-serve", is_flag=True, help="Build the demo database and exit.")
@click.option("--accounts", is_flag=True,
              help="Also create an admin in each demo organization (demo password printed); "
                   "the demo then needs a login.")
@allowed_host_option
@handle_errors
def demo_command(db_path: str, host: str, port: int, no_serve: bool, accounts: bool,
                 allowed: tuple[str, ...]) -> None:
    """Build a demo database from the bundled sample corpus and serve it.

    Idempotent: running it again stores nothing twice. Open the printed URL. The demo has
    two sample organizations; with --accounts also their admins (login required).

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
        _seed_briefing_demo(store, console, db_path)
        _seed_accounts(console, store, accounts=accounts)
        from diemtin.brief.demo_briefing import seed_demo as seed_briefing

        draft = seed_briefing(store)
        if draft:
            console.print(f"demo briefing: template 'diem-tin-sang', draft {draft} (open "
                          "/briefings)", markup=False, soft_wrap=True)
        if not no_serve:
            run_server(store, host, port, allowed)
