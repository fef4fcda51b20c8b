"""The demo's sample briefing: saved searches, the template "Điểm tin sáng" with three
sections over the bundled sample corpus, and one draft built from it."""

from __future__ import annotations

from datetime import datetime

from diemtin.brief import briefings
from diemtin.brief import templates as tpl
from diemtin.brief.saved import list_saved, save
from diemtin.store.base import Store
from diemtin.store.state import LOCAL_ORG, StateSession

DEMO_TEMPLATE = "diem-tin-sang"
SAVED = (("Thiên tai", "bão OR lũ OR sạt"), ("Kinh tế", 'giá OR "xuất khẩu" OR "doanh nghiệp"'),
         ("Giáo dục", '"học sinh" OR "giáo viên" OR trường'))


def _setup(session: StateSession) -> bool:
    names = {saved.name for saved in list_saved(session, LOCAL_ORG)}
    for name, query in SAVED:
        if name not in names:
            save(session, LOCAL_ORG, name, query)
    if any(t.name == DEMO_TEMPLATE for t in tpl.list_templates(session, LOCAL_ORG)):
        return False
    tpl.add(session, LOCAL_ORG, DEMO_TEMPLATE, title="Điểm tin sáng", period="30d",
            sections=tuple(tpl.Section(name, saved=name) for name, _ in SAVED), items=4,
            with_chart=True)
    return True


def seed_demo(store: Store) -> str | None:
    """Create the demo template (and its saved searches) and build one draft ending at
    the newest sample article; the draft's id, or None when the demo had it already."""
    if not store.transact(_setup):
        return None
    newest = max((stat.last_published for stat in store.outlet_stats() if stat.last_published),
                 default=None)
    until = datetime.fromisoformat(newest) if newest else None
    return briefings.build(store, LOCAL_ORG, DEMO_TEMPLATE, until=until).id
