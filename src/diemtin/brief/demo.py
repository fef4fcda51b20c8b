"""Saved searches and alert rules for ``diemtin demo``, over the bundled sample corpus."""

from __future__ import annotations

from pathlib import Path

from diemtin.brief import alerts, saved
from diemtin.store.base import Store
from diemtin.store.state import LOCAL_ORG, StateSession

DEMO_SEARCHES = (
    ("Sạt lở", '"sạt lở" OR "lũ"', ()),
    ("Học sinh", '"học sinh"', ()),
    ("Lào Cai", '"Lào Cai"', ("Báo Tây Bắc", "Thông Tấn Việt")),
)
"""(name, query, outlets) of the demo's saved searches."""


def seed_demo(store: Store, *, folder: Path | None = None) -> int:
    """Create the demo's saved searches and two alert rules (new matches of "Sạt lở" to
    its Atom feed; new stories of "Học sinh" written into ``folder``, or the feed when
    None). Idempotent; returns how many items were created. Nothing is sent anywhere."""

    def work(session: StateSession) -> int:
        made = 0
        names = {item.name for item in saved.list_saved(session, LOCAL_ORG)}
        for name, query, outlets in DEMO_SEARCHES:
            if name not in names:
                saved.save(session, LOCAL_ORG, name, query, outlets=outlets)
                made += 1
        existing = {(rule.saved.name, rule.kind.value)
                    for rule in alerts.list_rules(session, LOCAL_ORG)}
        second = (alerts.destination("folder", str(folder)) if folder is not None
                  else alerts.destination("atom"))
        for name, kind, place in (("Sạt lở", "new_matches", alerts.destination("atom")),
                                  ("Học sinh", "new_story", second)):
            if (name, kind) not in existing:
                alerts.add_rule(session, LOCAL_ORG, name, kind, destinations=[place])
                made += 1
        return made

    return store.transact(work)
