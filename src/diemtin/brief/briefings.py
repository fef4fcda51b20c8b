"""The briefing workflow over a store: build a draft, edit it, issue it.

These are the functions the CLI, the API and the pages call. State is read and written
through ``Store.transact``; articles through the store's search and read methods.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from typing import Any

from diemtin.accounts.actor import Actor
from diemtin.brief import editing, shared
from diemtin.brief import issues as issue_rows
from diemtin.brief.build import build_content, plan, window
from diemtin.brief.issues import ISSUED, Issue
from diemtin.brief.items import make_item
from diemtin.brief.shared import Seen
from diemtin.errors import ArticleNotFound, InputError
from diemtin.models import Article
from diemtin.store.base import Store
from diemtin.store.state import StateSession, now_text, parse_time


def build(store: Store, org_id: str, template_key: str, *, since: datetime | None = None,
          until: datetime | None = None, now: datetime | None = None) -> Issue:
    """Build a draft issue of template ``template_key`` over its period, ending at
    ``until`` (default: now)."""
    found = store.transact(lambda s: plan(s, org_id, template_key))
    start, end = window(found, since=since, until=until, now=now)
    content = build_content(store, found, start, end)
    template = found.template
    return store.transact(lambda s: issue_rows.create(
        s, org_id, template_id=template.id, template_name=template.name, title=template.title,
        since=start, until=end, content=content))


def get(store: Store, org_id: str, issue_id: str) -> Issue:
    """One issue."""
    return store.transact(lambda s: issue_rows.get(s, org_id, issue_id))


def list_issues(store: Store, org_id: str, status: str | None = None) -> list[Issue]:
    """The issues of the organization, newest first."""
    return store.transact(lambda s: issue_rows.list_issues(s, org_id, status=status))


def edit(store: Store, org_id: str, issue_id: str,
         change: Callable[[dict[str, Any]], dict[str, Any]]) -> Issue:
    """Apply ``change`` (content → new content, see ``brief.editing``) to a draft."""

    def work(session: StateSession) -> Issue:
        issue = issue_rows.get(session, org_id, issue_id)
        if issue.status == ISSUED:
            raise issue_rows.IssueFrozen(issue_id)
        return issue_rows.save_content(session, issue, change(issue.content))

    return store.transact(work)


def add_article(store: Store, org_id: str, issue_id: str, section: int,
                article_id: str) -> Issue:
    """Add an article (with its story or duplicate group, when it is in one) as a new
    item at the end of section ``section`` (0-based)."""
    issue = get(store, org_id, issue_id)
    story_id = store.story_ids([article_id]).get(article_id)
    if story_id:
        return add_story(store, org_id, issue_id, section, story_id)
    groups = store.duplicate_groups([article_id])
    members = groups[0].article_ids if groups else (article_id,)
    articles = store.get_articles(list(members))
    if article_id not in articles:
        raise ArticleNotFound(article_id)
    until = parse_time(issue.until)
    key = f"d:{groups[0].id}" if groups else f"a:{article_id}"
    item = make_item(store, key, list(articles.values()), None, until)
    return edit(store, org_id, issue_id, lambda c: editing.insert(c, section, item))


def add_story(store: Store, org_id: str, issue_id: str, section: int, story_id: str) -> Issue:
    """Add a story as a new item at the end of section ``section`` (0-based)."""
    issue = get(store, org_id, issue_id)
    story = store.get_story(story_id)
    articles = store.get_articles(list(story.article_ids))
    item = make_item(store, f"s:{story_id}", list(articles.values()), story,
                     parse_time(issue.until))
    return edit(store, org_id, issue_id, lambda c: editing.insert(c, section, item))


def _snapshot(ref: dict[str, Any], article: Article | None) -> dict[str, Any]:
    frozen = dict(ref)
    if article is not None:
        frozen.update(title=article.title, url=article.url, outlet=article.outlet,
                      published=article.published.isoformat() if article.published else None,
                      content_hash=article.content_hash())
    else:
        frozen.setdefault("content_hash", None)
    return frozen


def issue(store: Store, org_id: str, issue_id: str) -> Issue:
    """Issue a draft: snapshot every cited article and make the issue read-only."""
    draft = get(store, org_id, issue_id)
    if draft.status == ISSUED:
        raise issue_rows.IssueFrozen(issue_id)
    if not draft.items():
        raise InputError(f"briefing {issue_id!r} has no items; add some before issuing it")
    articles = store.get_articles(sorted(editing.article_ids(draft.content)))
    content = copy.deepcopy(draft.content)
    for section in content["sections"]:
        for item in section["items"]:
            item["articles"] = [_snapshot(ref, articles.get(ref["id"]))
                                for ref in item["articles"]]

    def work(session: StateSession) -> Issue:
        current = issue_rows.get(session, org_id, issue_id)
        if current.content != draft.content:
            raise InputError(f"briefing {issue_id!r} changed while issuing; issue it again")
        return issue_rows.save_content(session, current, content, status=ISSUED,
                                       issued_at=now_text())

    return store.transact(work)


def open_issue(store: Store, actor: Actor, issue_id: str) -> Seen:
    """One briefing the actor may read: its organization's, or a partner's shared issued
    one (audited)."""
    return store.transact(lambda s: shared.open_issue(s, actor, issue_id))


def shared_issues(store: Store, org_id: str) -> list[Seen]:
    """Issued briefings of series partners share with the organization now."""
    return store.transact(lambda s: shared.shared_issues(s, org_id))
