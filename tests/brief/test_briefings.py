"""Editing and issuing a briefing: reorder, drop, add, summaries, notes, the snapshot."""

from __future__ import annotations

from datetime import datetime

import pytest

from diemtin.brief import briefings, editing
from diemtin.brief.issues import IssueFrozen, IssueNotFound
from diemtin.brief.render import render
from diemtin.errors import InputError
from diemtin.search import parse_query
from diemtin.store import Store
from diemtin.store.state import LOCAL_ORG, now_text
from tests.brief.news import UNTIL

UNTIL_AT = datetime.fromisoformat(UNTIL)


def _draft(store: Store) -> briefings.Issue:
    return briefings.build(store, LOCAL_ORG, "sang", until=UNTIL_AT)


def _keys(issue: briefings.Issue, section: int = 0) -> list[str]:
    return [item["key"] for item in issue.sections[section]["items"]]


def test_move_drop_summary_and_notes(brief_store: Store) -> None:
    draft = _draft(brief_store)
    first, second, *_ = _keys(draft)
    moved = briefings.edit(brief_store, LOCAL_ORG, draft.id,
                           lambda c: editing.move(c, second, -1))
    assert _keys(moved)[:2] == [second, first] and moved.status == "edited"
    dropped = briefings.edit(brief_store, LOCAL_ORG, draft.id, lambda c: editing.drop(c, first))
    assert first not in _keys(dropped)
    briefings.edit(brief_store, LOCAL_ORG, draft.id,
                   lambda c: editing.set_summary(c, second, "Tóm tắt do biên tập viên viết."))
    briefings.edit(brief_store, LOCAL_ORG, draft.id,
                   lambda c: editing.set_note(c, second, "Cần theo dõi thêm."))
    done = briefings.edit(brief_store, LOCAL_ORG, draft.id,
                          lambda c: editing.set_issue_note(c, "Bản tin thử nghiệm."))
    item = done.sections[0]["items"][0]
    assert (item["summary"], item["note"]) == ("Tóm tắt do biên tập viên viết.",
                                               "Cần theo dõi thêm.")
    assert done.to_dict()["note"] == "Bản tin thử nghiệm."


def test_add_an_article_found_by_search_and_refuse_a_repeat(brief_store: Store) -> None:
    draft = _draft(brief_store)
    [old] = [h.article.id for h in brief_store.search(parse_query("Sa Pa")).hits]
    added = briefings.add_article(brief_store, LOCAL_ORG, draft.id, 1, old)
    assert added.sections[1]["items"][-1]["title"] == "Lào Cai đón đoàn khảo sát du lịch Sa Pa"
    with pytest.raises(InputError, match="already cites"):
        briefings.add_article(brief_store, LOCAL_ORG, draft.id, 0, old)


def test_add_a_story(brief_store: Store) -> None:
    draft = _draft(brief_store)
    dropped = briefings.edit(brief_store, LOCAL_ORG, draft.id,
                             lambda c: editing.drop(c, _keys(draft)[0]))
    story_id = draft.sections[0]["items"][0]["story_id"]
    added = briefings.add_story(brief_store, LOCAL_ORG, dropped.id, 1, story_id)
    assert len(added.sections[1]["items"][-1]["articles"]) == 3


def test_issue_freezes_a_snapshot_that_survives_deleted_articles(brief_store: Store) -> None:
    draft = _draft(brief_store)
    issued = briefings.issue(brief_store, LOCAL_ORG, draft.id)
    assert issued.status == "issued" and issued.issued_at
    refs = [ref for item in issued.items() for ref in item["articles"]]
    assert all(ref["content_hash"] and ref["title"] for ref in refs)
    before = render(issued, "html")
    for ref in refs:
        brief_store.delete_article(ref["id"])
    again = briefings.get(brief_store, LOCAL_ORG, draft.id)
    assert render(again, "html") == before
    with pytest.raises(IssueFrozen, match="read-only"):
        briefings.edit(brief_store, LOCAL_ORG, draft.id, lambda c: editing.set_issue_note(c, "x"))
    with pytest.raises(IssueFrozen):
        briefings.issue(brief_store, LOCAL_ORG, draft.id)


def test_another_organization_sees_nothing(brief_store: Store) -> None:
    draft = _draft(brief_store)
    other = "org_so_thong_tin"
    brief_store.transact(lambda s: s.run(
        "INSERT INTO organizations VALUES (:id, 'Sở Thông tin', :now)", id=other, now=now_text()))
    with pytest.raises(IssueNotFound):
        briefings.get(brief_store, other, draft.id)
    assert briefings.list_issues(brief_store, other) == []


def test_bad_edits_are_clear_errors(brief_store: Store) -> None:
    draft = _draft(brief_store)
    with pytest.raises(editing.ItemNotInIssue, match="no item 'it_khong'"):
        briefings.edit(brief_store, LOCAL_ORG, draft.id, lambda c: editing.drop(c, "it_khong"))
    with pytest.raises(InputError, match="section must be 1 to 2"):
        briefings.add_story(brief_store, LOCAL_ORG, draft.id, 5,
                            draft.sections[0]["items"][0]["story_id"])
