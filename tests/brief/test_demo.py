"""The demo's saved searches and rules."""

from __future__ import annotations

from pathlib import Path

from diemtin.brief import saved
from diemtin.brief.alerts import list_rules
from diemtin.brief.demo import seed_demo
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG


def test_seed_demo_is_idempotent_and_offline(store: Store, tmp_path: Path) -> None:
    assert seed_demo(store, folder=tmp_path / "demo-alerts") == 5
    assert seed_demo(store, folder=tmp_path / "demo-alerts") == 0
    names = [s.name for s in store.transact(lambda s: saved.list_saved(s, LOCAL_ORG))]
    assert names == ["Học sinh", "Lào Cai", "Sạt lở"]
    rules = store.transact(lambda s: list_rules(s, LOCAL_ORG))
    kinds = {d.kind.value for rule in rules for d in rule.destinations}
    assert kinds == {"atom", "folder"}  # nothing goes over the network
