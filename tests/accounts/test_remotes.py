"""Two real diemtin instances exchange a collection over REST; revocation stops it."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from diemtin.accounts import remotes
from diemtin.accounts.audit import entries, verify
from diemtin.cli import cli
from diemtin.errors import FetchError, InputError
from diemtin.store import Store, open_store
from tests.accounts.conftest import NAMES, add_orgs
from tests.cli.test_collections import RECORDS
from tests.conftest import write_jsonl
from tests.web.browsing import serve

A, B = NAMES["o_a"], NAMES["o_b"]


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Run a command in this process (its HTTP requests still go to real servers)."""
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def _instance_a(tmp_path: Path) -> tuple[Path, str, str]:
    """Instance A: two articles, a collection offered to B, accepted; (db, agreement,
    collection id)."""
    db = tmp_path / "a.db"
    source = write_jsonl(tmp_path / "tin.jsonl", RECORDS)
    assert run("ingest", str(source), "--db", str(db), "--quiet", "--no-analyze")[0] == 0
    with open_store(str(db)) as store:
        add_orgs(store)
        ids = [article.id for article in store.iter_articles()]
    run("collection", "add", "Tin Tây Bắc", "--org", A, "--db", str(db))
    for article_id in ids:
        assert run("collection", "put", "Tin Tây Bắc", article_id, "--org", A, "--note",
                   "Đáng chú ý", "--db", str(db))[0] == 0
    code, out, err = run("agreement", "propose", "--from", A, "--to", B, "--collection",
                         "Tin Tây Bắc", "--until", "2099-12-31", "--format", "json",
                         "--db", str(db))
    assert code == 0, err
    proposed = json.loads(out)
    assert run("agreement", "accept", proposed["id"], "--org", B, "--db", str(db))[0] == 0
    return db, proposed["id"], proposed["items"][0]["id"]


def test_two_instances_exchange_a_collection_and_revocation_stops_it(tmp_path: Path) -> None:
    db_a, agreement_id, collection_id = _instance_a(tmp_path)
    code, token, _ = run("agreement", "token", agreement_id, "--org", A, "--db", str(db_a))
    assert code == 0
    db_b = tmp_path / "b.db"
    open_store(str(db_b)).close()
    with serve(db_a) as site_a, serve(db_b) as site_b:
        code, _, err = run("remote", "add", "lao-cai", site_a.base_url, "--db", str(db_b),
                           stdin=token)
        assert code == 0, err
        code, out, err = run("remote", "pull", "--no-analyze", "--format", "json",
                             "--db", str(db_b))
        assert code == 0, err
        report = json.loads(out)["pulled"][0]
        assert report["articles"] == 2 and report["status"] == "ok"
        # B's own server shows the pulled, read-only collection with its origin
        listed = httpx.get(site_b.url("/api/v1/collections")).json()
        assert [(c["read_only"], c["agreement"]) for c in listed] == [(True, agreement_id)]
        pulled = httpx.get(site_b.url(f"/api/v1/collections/{listed[0]['id']}")).json()
        assert [item["note"] for item in pulled["items"]] == ["Đáng chú ý", "Đáng chú ý"]
        for item in pulled["items"]:
            article = httpx.get(site_b.url(f"/api/v1/articles/{item['id']}"))
            assert article.status_code == 200 and article.json()["body"]
        # revoked on A (by another process, while A serves): the next pull is refused
        assert run("agreement", "revoke", agreement_id, "--org", A, "--db", str(db_a))[0] == 0
        code, _, err = run("remote", "pull", "--no-analyze", "--db", str(db_b))
        assert code == 1 and "refused the remote token (401)" in err
        after = httpx.get(site_b.url(f"/api/v1/collections/{listed[0]['id']}")).json()
        assert after["items"] == [] and after["revoked_at"]
    _check_audits(db_a, db_b, agreement_id, collection_id)


def _check_audits(db_a: Path, db_b: Path, agreement_id: str, collection_id: str) -> None:
    with open_store(str(db_a)) as store_a:
        seen_a = store_a.transact(lambda s: entries(s, org="o_b"))
        assert verify(store_a).intact
    assert [e.action for e in seen_a] == ["agreement.proposed", "agreement.accepted",
                                          "shared.read", "shared.read", "agreement.revoked"]
    reads = [e for e in seen_a if e.action == "shared.read"]
    assert {(e.subject, e.agreement, e.partner_org) for e in reads} == {
        (collection_id, agreement_id, "o_a")}
    with open_store(str(db_b)) as store_b:
        seen_b = store_b.transact(lambda s: entries(s, org="local"))
        assert verify(store_b).intact
    assert [e.action for e in seen_b] == ["remote.pull", "remote.pull"]
    assert seen_b[0].agreement == agreement_id and seen_b[1].detail["status"] == 401


def test_remote_add_refuses_bad_urls_and_empty_tokens(store: Store) -> None:
    with pytest.raises(InputError, match="http"):
        store.transact(lambda s: remotes.add(s, "local", "x", "file:///etc/passwd", "dt_x"))
    with pytest.raises(InputError, match="empty"):
        store.transact(lambda s: remotes.add(s, "local", "x", "http://127.0.0.1:1", " "))
    secret = "dt_bi-mat-khong-duoc-lo"
    made = store.transact(lambda s: remotes.add(s, "local", "x", "http://127.0.0.1:1/", secret))
    assert made.url == "http://127.0.0.1:1"
    assert secret not in json.dumps(made.to_dict()) and secret not in repr(made)


def test_remote_pull_of_an_unreachable_remote_is_a_fetch_error(store: Store) -> None:
    from diemtin.accounts.remote_client import RemoteClient, RemoteOptions

    store.transact(lambda s: remotes.add(s, "local", "tat", "http://127.0.0.1:9", "dt_x"))
    client = RemoteClient(RemoteOptions(connect_timeout=2, read_timeout=2))
    with pytest.raises(FetchError, match="request failed"):
        remotes.pull(store, "local", "tat", client, store_articles=lambda *_: None)
    client.close()
