"""The demo's sample briefing over the bundled corpus."""

from __future__ import annotations

from diemtin.brief import briefings
from diemtin.brief.demo_briefing import DEMO_TEMPLATE, seed_demo
from diemtin.brief.saved import list_saved
from diemtin.cli.serve import sample_corpus
from diemtin.flow import ingest_paths
from diemtin.store import open_store
from diemtin.store.state import LOCAL_ORG


def test_seed_demo_makes_a_template_and_a_draft_once() -> None:
    with open_store(":memory:") as store:
        ingest_paths(store, [str(path) for path in sample_corpus()])
        draft_id = seed_demo(store)
        assert draft_id is not None
        draft = briefings.get(store, LOCAL_ORG, draft_id)
        assert draft.title == "Điểm tin sáng" and draft.template_name == DEMO_TEMPLATE
        assert [s["heading"] for s in draft.sections] == ["Thiên tai", "Kinh tế", "Giáo dục"]
        assert all(section["items"] for section in draft.sections)
        assert any(len(item["outlets"]) > 1 for item in draft.items())
        assert seed_demo(store) is None
        names = [s.name for s in store.transact(lambda s: list_saved(s, LOCAL_ORG))]
        assert names == ["Giáo dục", "Kinh tế", "Thiên tai"]
