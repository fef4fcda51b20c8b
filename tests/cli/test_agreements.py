"""``diemtin agreement``: propose, accept, share, revoke, token — from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from diemtin.accounts.audit import entries
from diemtin.store import open_store
from tests.cli.test_collections import A, B, article_ids, db, run

__all__ = ["db"]


def test_agreement_lifecycle_from_the_cli(db: Path) -> None:
    run(db, "collection", "add", "Thiên tai", "--org", A)
    run(db, "collection", "put", "Thiên tai", article_ids(db)[0], "--org", A)
    code, out, err = run(db, "agreement", "propose", "--from", A, "--to", B, "--collection",
                         "Thiên tai", "--rights", "view_copy", "--until", "2099-12-31",
                         "--format", "json")
    assert code == 0, err
    proposed = json.loads(out)
    assert proposed["state"] == "proposed" and not proposed["in_force"]
    code, out, _ = run(db, "collection", "list", "--org", B, "--format", "json")
    assert json.loads(out) == []
    code, out, err = run(db, "agreement", "accept", proposed["id"], "--org", B,
                         "--format", "json")
    assert code == 0, err
    assert json.loads(out)["in_force"] is True
    code, out, _ = run(db, "collection", "list", "--org", B)
    assert f"Thiên tai  (Chia sẻ bởi {A})" in out
    collection_id = proposed["items"][0]["id"]
    code, out, _ = run(db, "collection", "show", collection_id, "--org", B)
    assert code == 0 and f"Chia sẻ bởi {A}" in out
    code, out, err = run(db, "collection", "copy", collection_id, "--org", B, "--name", "Bản sao")
    assert code == 0, err
    code, out, _ = run(db, "agreement", "token", proposed["id"], "--org", A)
    assert code == 0 and out.strip().startswith("dt_tok_") and len(out.strip().split()) == 1
    code, out, _ = run(db, "agreement", "list", "--org", B)
    assert code == 0 and f"{A} → {B}" in out  # names, not ids
    code, out, _ = run(db, "agreement", "revoke", proposed["id"], "--org", B)
    assert code == 0 and "revoked" in out
    code, _, err = run(db, "collection", "show", collection_id, "--org", B)
    assert code == 1 and "no collection" in err
    with open_store(str(db)) as store:
        seen = store.transact(lambda s: entries(s, org="o_a"))
    assert [e.action for e in seen] == ["agreement.proposed", "agreement.accepted",
                                        "shared.read", "shared.read", "shared.copied",
                                        "token.created", "agreement.revoked",
                                        "token.revoked"]


def test_agreement_propose_errors(db: Path) -> None:
    code, _, err = run(db, "agreement", "propose", "--from", A, "--to", B, "--collection",
                       "Không có", "--until", "2099-12-31")
    assert code == 1 and "no collection 'Không có'" in err
    code, _, err = run(db, "agreement", "propose", "--from", A, "--to", B,
                       "--brief-template", "bt_1", "--until", "31/12/2099")
    assert code == 1 and "--until must be a date" in err
    code, _, err = run(db, "agreement", "accept", "agr_khongco", "--org", B)
    assert code == 1 and "no agreement" in err


def test_agreement_offers_a_briefing_series_by_template_name(db: Path) -> None:
    from diemtin.brief import templates as tpl

    with open_store(str(db)) as store:
        made = store.transact(lambda s: tpl.add(
            s, "o_a", "sang", title="Điểm tin sáng", period="24h",
            sections=(tpl.Section("Thiên tai", query="bão"),), items=5))
    code, out, err = run(db, "agreement", "propose", "--from", A, "--to", B, "--briefing",
                         "sang", "--until", "2099-12-31", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["items"] == [{"kind": "brief_template", "id": made.id}]
    code, _, err = run(db, "agreement", "propose", "--from", B, "--to", A, "--briefing",
                       "sang", "--until", "2099-12-31")
    assert code == 1 and "no briefing template 'sang'" in err
