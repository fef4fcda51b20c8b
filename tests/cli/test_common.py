"""The shared helpers of the commands: the organization's read and the show/rm action."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from diemtin.brief import saved
from diemtin.cli._common import in_org, on_item, print_item, with_org
from diemtin.store import open_store
from diemtin.store.state import LOCAL_ORG


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite file holding one saved search of the local organization."""
    path = tmp_path / "tin.db"
    open_store(str(path)).close()  # a new, migrated file
    in_org(str(path), LOCAL_ORG, lambda s, org: saved.save(s, org, "Lào Cai", "sạt lở"))
    return str(path)


def test_on_item_runs_the_action_on_the_named_item(db: str) -> None:
    found = on_item(db, LOCAL_ORG, saved.get, "Lào Cai")
    assert (found.name, found.text) == ("Lào Cai", "sạt lở")
    gone = on_item(db, LOCAL_ORG, saved.remove, found.id)
    assert gone.id == found.id
    assert in_org(db, LOCAL_ORG, saved.list_saved) == []


def test_on_item_raises_for_a_missing_item(db: str) -> None:
    with pytest.raises(saved.SavedSearchNotFound):
        on_item(db, LOCAL_ORG, saved.get, "Hà Giang")


def test_with_org_gives_the_store_and_the_org_id(db: str) -> None:
    org = with_org(db, LOCAL_ORG, lambda store, org: org)
    assert in_org(db, LOCAL_ORG, lambda s, org_id: org_id) == org
    assert on_item(db, LOCAL_ORG, saved.get, "Lào Cai").org_id == org


def test_with_org_refuses_a_missing_database(tmp_path: Path) -> None:
    with pytest.raises(click.ClickException, match="no database at"):
        with_org(str(tmp_path / "none.db"), LOCAL_ORG, lambda store, org: org)


def test_print_item_json_or_the_line(capsys: pytest.CaptureFixture[str]) -> None:
    found = saved.SavedSearch(id="ss_1", org_id=LOCAL_ORG, name="Lào Cai", text="sạt lở")
    print_item(found, "json", "unused")
    assert json.loads(capsys.readouterr().out)["name"] == "Lào Cai"
    print_item(found, "text", "saved 'Lào Cai'", err=True)
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "saved 'Lào Cai'\n")
