"""The ``diemtin`` command: one group, one module per family of commands."""

from __future__ import annotations

import logging

import click

from diemtin import __version__
from diemtin.cli.accounts import member_group, org_group, token_group, user_group
from diemtin.cli.agreements import agreement_group
from diemtin.cli.alert import alert_group
from diemtin.cli.analyze import analyze_command, reanalyze_command
from diemtin.cli.audit import audit_group
from diemtin.cli.brief import brief_group
from diemtin.cli.collections import collection_group
from diemtin.cli.crawl import crawl_command, reextract_command
from diemtin.cli.extract import extract_command
from diemtin.cli.ingest import ingest_command
from diemtin.cli.link import (
    duplicates_command,
    link_command,
    outlets_command,
    stories_command,
    story_command,
)
from diemtin.cli.migrate import migrate_command
from diemtin.cli.outbox import outbox_group
from diemtin.cli.people import people_command
from diemtin.cli.remote import remote_group
from diemtin.cli.saved import saved_group
from diemtin.cli.schedule import schedule_group
from diemtin.cli.search import count_command, export_command, search_command, show_command
from diemtin.cli.serve import demo_command, serve_command


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="diemtin")
@click.option("--verbose", "-v", is_flag=True, help="Log what happens to standard error.")
def cli(verbose: bool) -> None:
    """diemtin (điểm tin): follow Vietnamese news on your own machine.

    Ingest articles, search them with or without diacritics, browse them in a web app.
    Every command takes --db PATH or --db postgresql://… (or the DIEMTIN_DB variable) to
    choose the database.

    Start with: diemtin demo
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


for command in (demo_command, ingest_command, crawl_command, reextract_command, extract_command,
                analyze_command, reanalyze_command, search_command, count_command, show_command,
                export_command, people_command, link_command, duplicates_command,
                stories_command, story_command, outlets_command, serve_command, migrate_command,
                org_group, user_group, member_group, token_group, audit_group, collection_group,
                agreement_group, remote_group, brief_group, outbox_group, schedule_group,
                saved_group, alert_group):
    cli.add_command(command)


def main() -> None:
    """Entry point of the ``diemtin`` script."""
    cli(prog_name="diemtin")
