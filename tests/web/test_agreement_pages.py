"""``/admin/agreements`` with real accounts: each side's admin gets its own actions."""

from __future__ import annotations

import re

from diemtin.accounts import agreements, collections
from diemtin.accounts.actor import Actor, Role
from diemtin.store import Store
from diemtin.store.state import StateSession
from tests.web.accounts_world import World, build_world, csrf_of


def _actions(page: str, agreement_id: str) -> set[str]:
    """The buttons of the agreement's row."""
    row = re.search(rf"<tr>(?:(?!</tr>).)*{agreement_id}.*?</tr>", page, re.S)
    assert row, f"no row of {agreement_id}"
    return set(re.findall(r'action="/admin/agreements/agr_\w+/(\w+)"', row.group(0)))


def _proposed(world: World) -> str:
    admin_a = Actor(org_id=world.org_a, role=Role.ADMIN, email="quantri@so-a.vn", via="cli")

    def work(session: StateSession) -> str:
        made = collections.create(session, world.org_a, "Lễ hội mùa xuân")
        return agreements.propose(session, admin_a, world.org_b,
                                  [("collection", made.id)], rights=agreements.Rights.VIEW,
                                  until=agreements.parse_day("2099-12-31", "until")).id

    return world.store.transact(work)


def test_agreement_page_offers_each_side_its_actions_when_logged_in(store: Store) -> None:
    # Regression: the page header's signed-in user (``me``) shadowed the page's own ``me``
    # (the organization), so the partner never saw "Chấp nhận" nor the offerer its token.
    world = build_world(store)
    agreement_id = _proposed(world)
    admin_b = world.client_as("quantri@so-b.vn")
    page_b = admin_b.get("/admin/agreements").text
    assert _actions(page_b, agreement_id) == {"accept", "revoke"}
    accepted = admin_b.post(f"/admin/agreements/{agreement_id}/accept",
                            data={"csrf_token": csrf_of(admin_b, "/admin/agreements")})
    assert accepted.status_code == 303
    admin_a = world.client_as("quantri@so-a.vn")
    page_a = admin_a.get("/admin/agreements").text
    assert _actions(page_a, agreement_id) == {"revoke", "token"}
    assert "đang có hiệu lực" in page_a


def test_members_page_offers_no_removal_of_oneself(store: Store) -> None:
    world = build_world(store)
    page = world.client_as("quantri@so-a.vn").get("/admin/members").text
    rows = {email: "Xóa khỏi tổ chức" in row for email, row in re.findall(
        r"<tr><td>([^<]+@[^<]+)</td>(.*?)</tr>", page, re.S)}
    assert rows["quantri@so-a.vn"] is False and rows["bientap@so-a.vn"] is True
