"""Evaluating alert rules: what each rule finds, and the messages it queues."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from diemtin.brief.alert_schedule import is_due
from diemtin.brief.alerts import (
    AlertRule,
    DestinationKind,
    RuleKind,
    has_rules,
    list_rules,
    mark_seen,
    rules_by_saved,
    seen,
    touch,
    window_start,
)
from diemtin.brief.matching import (
    SPIKE_DAYS,
    Candidate,
    candidates,
    is_spike,
    matches,
    spike_score,
)
from diemtin.brief.outbox import Channel, enqueue
from diemtin.errors import DiemtinError
from diemtin.models import VIETNAM_TZ, AnnotationSet, Article
from diemtin.search.filters import SearchFilters
from diemtin.search.keys import entity_key
from diemtin.store.base import Store
from diemtin.store.state import StateSession, parse_time
from diemtin.text.fold import fold_word

logger = logging.getLogger(__name__)
SCHEDULED_WINDOW = timedelta(days=1)
"""How far back the first scheduled run of a rule looks."""
RUN_LIMIT = 500
"""Most matches a scheduled run reads per rule."""
_CHANNELS = {DestinationKind.EMAIL: Channel.EMAIL, DestinationKind.WEBHOOK: Channel.WEBHOOK,
             DestinationKind.FOLDER: Channel.FOLDER}


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: the items it would alert (``a:<article>``, ``s:<story>``,
    ``d:<day>``, ``e:<label>:<name>``), each with its lines of text."""

    items: dict[str, list[str]]
    headline: str


def _line(article: Article) -> str:
    when = article.published.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M") \
        if article.published else "?"
    link = article.url or f"/articles/{article.id}"
    return f"- {article.title} ({article.outlet or '?'}, {when})\n  {link}"


def _new_matches(matched: Sequence[Candidate]) -> Finding:
    return Finding({f"a:{c.article.id}": [_line(c.article)] for c in matched}, "bài mới")


def _new_stories(store: Store, matched: Sequence[Candidate]) -> Finding:
    stories = store.story_ids([c.article.id for c in matched])
    items: dict[str, list[str]] = {}
    for candidate in matched:
        story = stories.get(candidate.article.id)
        item = f"s:{story}" if story else f"a:{candidate.article.id}"
        items.setdefault(item, []).append(_line(candidate.article))
    return Finding(items, "sự kiện mới")


def _spike(store: Store, rule: AlertRule, now: datetime) -> Finding:
    today = now.astimezone(VIETNAM_TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    since = today - timedelta(days=SPIKE_DAYS)
    counts = dict(store.count(rule.saved.query(), by="day", filters=SearchFilters(
        since=since, until=today + timedelta(days=1))).groups)
    days = [(since + timedelta(days=n)).date().isoformat() for n in range(SPIKE_DAYS)]
    history = [counts.get(day, 0) for day in days]
    count = counts.get(today.date().isoformat(), 0)
    if not is_spike(count, history):
        return Finding({}, "")
    mean = sum(history) / len(history)
    line = (f"Hôm nay {today:%d/%m/%Y}: {count} bài, trung bình 14 ngày trước {mean:.1f} "
            f"(điểm {spike_score(count, history):.1f})")
    return Finding({f"d:{today.date().isoformat()}": [line]}, "tăng đột biến")


def _entity_titles(store: Store, rule: AlertRule, matched: Sequence[Candidate]) -> Finding:
    wanted = fold_word(rule.title or "").lower()
    batch = {c.article.id for c in matched}
    items: dict[str, list[str]] = {}
    for candidate in matched:
        for mention in candidate.mentions:
            if not mention.title or wanted not in fold_word(mention.title).lower():
                continue
            if mention.label == "PER" and any(
                    row.article_id not in batch and row.title
                    and wanted in fold_word(row.title).lower()
                    for row in store.person_rows(mention.text)):
                continue  # mentioned with that title before
            item = f"e:{mention.label}:{entity_key(mention.text)}"
            items.setdefault(item, []).append(
                f"{mention.title} {mention.text}\n{_line(candidate.article)}")
    return Finding(items, f"lần đầu với chức danh “{rule.title}”")


def find(store: Store, rule: AlertRule, matched: Sequence[Candidate],
         now: datetime) -> Finding:
    """What ``rule`` finds among the articles that match its saved search."""
    if rule.kind is RuleKind.NEW_MATCHES:
        return _new_matches(matched)
    if rule.kind is RuleKind.NEW_STORY:
        return _new_stories(store, matched)
    if rule.kind is RuleKind.SPIKE:
        return _spike(store, rule, now)
    return _entity_titles(store, rule, matched)


def _key(rule: AlertRule, items: Sequence[str], destination: str) -> str:
    what = items[0] if len(items) == 1 else \
        "h" + hashlib.sha256("\n".join(sorted(items)).encode()).hexdigest()[:24]
    return f"alert:{rule.id}:{what}:{destination}"


def queue(session: StateSession, rule: AlertRule, finding: Finding) -> int:
    """Record the finding's new items as alerted and queue one message per destination
    (in the caller's transaction); the number of messages queued."""
    fresh = mark_seen(session, rule.id, list(finding.items))
    if not fresh:
        return 0
    subject = f"[Điểm tin] {rule.saved.name}: {len(fresh)} {finding.headline}"
    lines = [line for item in fresh for line in finding.items[item]]
    text = (f"Tìm kiếm đã lưu “{rule.saved.name}” ({rule.saved.query_text()}):\n\n"
            + "\n".join(lines) + "\n\n— diemtin")
    queued = 0
    for place in rule.destinations:
        channel = _CHANNELS.get(place.kind)
        if channel is None:
            continue  # atom: the saved search's feed shows it
        target = f"{place.kind}:{place.target}"
        queued += enqueue(session, org_id=rule.org_id, channel=channel,
                          destination=place.target, subject=subject, text=text,
                          key=_key(rule, fresh, target)) is not None
    return queued


def _apply(store: Store, rules: Sequence[AlertRule], pool: Sequence[Candidate],
           now: datetime) -> int:
    queued = 0
    for group in rules_by_saved(rules).values():
        try:
            query = group[0].saved.query()
        except DiemtinError as error:
            logger.warning("saved search %s skipped: %s", group[0].saved.name, error)
            continue
        matched = [c for c in pool if matches(query, c)]
        if not matched:
            continue
        for rule in group:
            finding = find(store, rule, matched, now)
            if finding.items:
                queued += store.transact(lambda s, r=rule, f=finding:  # type: ignore[misc]
                                         queue(s, r, f))
    return queued


def evaluate_batch(store: Store, articles: Sequence[Article],
                   annotations: Mapping[str, AnnotationSet] | None = None, *,
                   now: datetime | None = None) -> int:
    """Evaluate every unscheduled rule of every organization against newly stored
    ``articles``; the number of messages queued. One small query when there is no rule."""
    if not articles or not store.transact(has_rules):
        return 0
    rules = [r for r in store.transact(lambda s: list_rules(s)) if r.schedule is None]
    pool = candidates(store, articles, annotations or {})
    return _apply(store, rules, pool, now or datetime.now(UTC))


def run_rule(store: Store, rule: AlertRule, now: datetime) -> int:
    """Evaluate ``rule`` against the matches published since its last run."""
    since = window_start(rule, now, default=SCHEDULED_WINDOW)
    hits = store.search(rule.saved.query(), filters=SearchFilters(since=since),
                        limit=RUN_LIMIT).hits
    articles = [hit.article for hit in hits]
    already = store.transact(lambda s: seen(s, rule.id, [f"a:{a.id}" for a in articles]))
    fresh = [a for a in articles if f"a:{a.id}" not in already or rule.kind is not
             RuleKind.NEW_MATCHES]
    queued = 0
    if fresh or rule.kind is RuleKind.SPIKE:
        finding = find(store, rule, candidates(store, fresh, {}), now)
        if finding.items:
            queued = store.transact(lambda s: queue(s, rule, finding))
    store.transact(lambda s: touch(s, rule.id, now))
    return queued


def evaluate_due(store: Store, now: datetime | None = None) -> int:
    """Evaluate every scheduled rule that is due at ``now`` (see
    :mod:`diemtin.brief.alert_schedule`) against what was published since its last run;
    the number of messages queued. The scheduler calls this."""
    moment = now or datetime.now(UTC)
    queued = 0
    for rule in store.transact(lambda s: list_rules(s)):
        last = parse_time(rule.last_run_at) if rule.last_run_at else None
        if rule.schedule is not None and is_due(rule.schedule, last, moment):
            queued += run_rule(store, rule, moment)
    return queued
