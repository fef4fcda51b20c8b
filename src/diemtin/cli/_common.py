"""Options and helpers shared by the commands."""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from platformdirs import user_data_dir

from diemtin.accounts.orgs import get_org
from diemtin.errors import DiemtinError
from diemtin.store import Store, is_server_url, open_store
from diemtin.store.state import LOCAL_ORG, StateSession

if TYPE_CHECKING:
    from diemtin.flow import AnalysisLog

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def default_db_path() -> Path:
    """The database used when neither ``--db`` nor ``DIEMTIN_DB`` is given."""
    return Path(user_data_dir("diemtin", appauthor=False)) / "diemtin.db"


def db_option(function: F) -> F:
    """Add ``--db PATH|URL`` (env ``DIEMTIN_DB``) to a command."""
    return click.option(
        "--db", "db_path", type=str, envvar="DIEMTIN_DB", metavar="PATH|URL",
        default=lambda: str(default_db_path()),
        show_default="the user data directory's diemtin.db",
        help="SQLite database file, or a postgresql://user@host/name URL (also "
             "DIEMTIN_DB). Commands that store articles create a missing SQLite file; "
             "the others refuse it.",
    )(function)


def org_option(function: F) -> F:
    """Add ``--org NAME`` (env ``DIEMTIN_ORG``): the organization that owns what the
    command reads or makes (saved searches, alerts, briefings, collections)."""
    return click.option(
        "--org", "org_name", type=str, envvar="DIEMTIN_ORG", metavar="NAME",
        default=LOCAL_ORG, show_default=True,
        help="The organization that owns it (also DIEMTIN_ORG); 'local' on an instance "
             "without accounts.",
    )(function)


def org_options(*, fmt: bool = True) -> Callable[[F], F]:
    """The options of a command on an organization's items: ``--db``, ``--org`` and
    (unless ``fmt`` is false) ``--format``, in that order in ``--help``; a
    :class:`DiemtinError` becomes a one-line message and exit status 1."""

    def decorate(function: F) -> F:
        function = handle_errors(function)
        if fmt:
            function = format_option(function)
        return db_option(org_option(function))

    return decorate


def org_id(store: Store, org_name: str) -> str:
    """The id of the organization named (or with id) ``org_name``."""
    return store.transact(lambda session: get_org(session, org_name)).id


def format_option(function: F) -> F:
    """Add ``--format text|json`` (stored as ``fmt``): people read text, scripts read JSON."""
    return click.option(
        "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
        show_default=True, help="text for people, json for scripts.",
    )(function)


def analyze_option(function: F) -> F:
    """Add ``--no-analyze`` to a command that stores articles."""
    return click.option(
        "--no-analyze", is_flag=True,
        help="Store articles without running the NLP pipeline (run 'diemtin reanalyze' "
             "later).",
    )(function)


def cluster_options(function: F) -> F:
    """Add ``--workers N`` and ``--cluster ADDRESS``: where the NLP analysis runs."""
    function = click.option(
        "--cluster", "cluster_address", default=None, metavar="ADDRESS",
        envvar="DIEMTIN_CLUSTER",
        help="Analyze on an existing Dask cluster (tcp://host:8786; also DIEMTIN_CLUSTER).",
    )(function)
    return click.option(
        "--workers", type=click.IntRange(0, 256), default=0, show_default=True,
        help="Analyze on a local Dask cluster of N worker processes (0: in this process).",
    )(function)


def start_analysis(*, enabled: bool) -> AnalysisLog | None:
    """The pipeline that analyzes what a command stores, unless disabled."""
    from diemtin.flow import start_analysis as build

    return build() if enabled else None


@contextlib.contextmanager
def analysis_on(*, enabled: bool, workers: int,
                address: str | None) -> Iterator[AnalysisLog | None]:
    """Like :func:`start_analysis`, on a Dask cluster when ``workers`` or ``address``.

    The engine (and a local cluster it started) is shut down on leaving the block.
    """
    from diemtin.distributed import ClusterOptions, open_engine
    from diemtin.flow import start_analysis as build

    if not enabled:
        yield None
        return
    cluster = ClusterOptions(workers=workers, address=address)
    with open_engine(cluster) as engine:
        yield build(engine=engine, chunk_size=cluster.chunk_size)


def print_analysis(console: Any, log: AnalysisLog | None) -> int:
    """Print the NLP failures and count; return how many articles failed analysis."""
    if log is None:
        return 0
    for article_id, reason in log.failures:
        console.print(f"analysis failed for {article_id}: {reason}", markup=False,
                      soft_wrap=True)
    console.print(f"{plural(log.analyzed, 'article')} analyzed", markup=False)
    return len(log.failures)


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``count`` with ``noun`` in the right number: "1 article", "2 articles".

    >>> plural(1, "article"), plural(0, "entry", "entries")
    ('1 article', '0 entries')
    """
    return f"{count} {noun if count == 1 else plural_form or noun + 's'}"


def open_db(location: str, *, migrate: bool = True, create: bool = True) -> Store:
    """Open the store (a SQLite path or a PostgreSQL URL), turning store errors into a
    clean CLI error.

    Args:
        location: a SQLite file path, ``:memory:`` or a ``postgresql://`` URL.
        migrate: create or update the schema when opening.
        create: create a SQLite file that does not exist; commands that only read pass
            False, so a mistyped path is an error rather than a new empty database.

    Raises:
        click.ClickException: the store cannot be opened, or is missing and not created.
    """
    if not create and not is_server_url(location) and location != ":memory:" \
            and not Path(location).exists():
        raise click.ClickException(
            f"no database at {location} (run 'diemtin ingest FILE --db {location}' first)")
    try:
        return open_store(location, migrate=migrate)
    except DiemtinError as error:
        raise click.ClickException(str(error)) from error


def handle_errors(function: F) -> F:
    """Turn a :class:`DiemtinError` into a one-line message and exit status 1."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except DiemtinError as error:
            raise click.ClickException(str(error)) from error

    return wrapper  # type: ignore[return-value]


def with_org(db_path: str, org_name: str, work: Callable[[Store, str], T]) -> T:
    """Open the existing database, find the organization ``org_name`` and return
    ``work(store, org id)``: for commands that use the store itself (briefings)."""
    with open_db(db_path, create=False) as store:
        return work(store, org_id(store, org_name))


def in_org(db_path: str, org_name: str, work: Callable[[StateSession, str], T]) -> T:
    """Open the existing database, find the organization ``org_name`` and return
    ``work(session, org id)`` run in one state transaction: the read most commands do."""
    return with_org(db_path, org_name,
                    lambda store, org: store.transact(lambda session: work(session, org)))


def on_item(db_path: str, org_name: str, action: Callable[[StateSession, str, str], T],
            key: str) -> T:
    """``action(session, org id, key)`` in one state transaction: what the ``show`` and
    ``rm`` commands do with the NAME or id they are given (``saved.get``,
    ``templates.remove``, ``jobs.remove_job`` ...), which raises when there is none."""
    return in_org(db_path, org_name, lambda session, org: action(session, org, key))


def print_items(items: Sequence[Any], fmt: str, line: Callable[[Any], str]) -> None:
    """Print ``items`` as a JSON array of their ``to_dict()`` or one ``line(item)`` each."""
    if fmt == "json":
        print_json([item.to_dict() for item in items])
        return
    for item in items:
        click.echo(line(item))


def print_item(item: Any, fmt: str, line: str, *, err: bool = False) -> None:
    """Print ``item`` as JSON (its ``to_dict()``), or ``line`` for people (on standard
    error with ``err``: a confirmation rather than data)."""
    if fmt == "json":
        print_json(item.to_dict())
    else:
        click.echo(line, err=err)


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON (UTF-8, not ASCII-escaped) to stdout."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def stderr_console() -> Any:
    """A rich console on standard error: progress and summaries never mix with data."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, force_terminal=None if sys.stderr.isatty()
                   else False)
