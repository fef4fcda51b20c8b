"""robots.txt: which paths a host lets diemtin fetch, and how slowly.

Follows RFC 9309 (the Robots Exclusion Protocol) as the large crawlers read it:

- the group whose ``User-agent`` matches our product token (``diemtin``) applies,
  else the ``*`` group; several groups for the same agent are merged;
- the longest matching ``Allow``/``Disallow`` rule wins, ``Allow`` on a tie; ``*``
  matches any run of characters and ``$`` anchors the end;
- ``Crawl-delay`` (not in the RFC, but widely used) sets the minimum seconds between
  requests to the host;
- a robots.txt answered with 4xx means "no rules"; one that cannot be fetched (5xx,
  network error) means "fetch nothing from this host" until it is asked again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

MAX_ROBOTS_BYTES = 512 * 1024
"""Rules past this size are ignored (RFC 9309 asks for at least 500 KiB)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One ``Allow`` or ``Disallow`` line."""

    allow: bool
    pattern: str

    def matches(self, path: str) -> bool:
        """Whether this rule's pattern matches ``path`` (from its start)."""
        return _compile(self.pattern).match(path) is not None


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of one host for one user agent."""

    rules: tuple[Rule, ...] = ()
    crawl_delay: float | None = None
    disallow_all: bool = False
    reason: str = ""
    """Why everything is disallowed, when it is not the file's own rules."""
    ttl: float | None = None
    """How long to keep these rules, when shorter than the fetcher's cache time."""

    def allowed(self, url: str) -> bool:
        """Whether ``url`` (absolute, or a path) may be fetched.

        >>> rules = parse_robots("User-agent: *\\nDisallow: /admin/\\nAllow: /admin/tin", "diemtin")
        >>> rules.allowed("https://baolaocai.vn/admin/x"), rules.allowed("/admin/tin-moi")
        (False, True)
        """
        if self.disallow_all:
            return False
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if path == "/robots.txt":
            return True
        path = _normalize_path(path)
        best: Rule | None = None
        for rule in self.rules:
            if rule.pattern and rule.matches(path) and (
                best is None or len(rule.pattern) > len(best.pattern)
                or (len(rule.pattern) == len(best.pattern) and rule.allow)
            ):
                best = rule
        return best is None or best.allow


ALLOW_ALL = RobotsRules()
DISALLOW_ALL = RobotsRules(disallow_all=True)


def _normalize_path(path: str) -> str:
    # Compare decoded forms, so /tin%2Dtuc and /tin-tuc match the same rule.
    return unquote(path)


def _compile(pattern: str) -> re.Pattern[str]:
    anchored = pattern.endswith("$")
    body = _normalize_path(pattern[:-1] if anchored else pattern)
    regex = ".*".join(re.escape(piece) for piece in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""), re.DOTALL)


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against.

    >>> agent_token("diemtin/0.1.0 (+https://example.org/bot)")
    'diemtin'
    """
    token = user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"
    return token.lower()


def parse_robots(text: str, agent: str) -> RobotsRules:
    """Parse robots.txt ``text`` and return the rules that apply to ``agent``.

    Args:
        text: the file's content (anything past :data:`MAX_ROBOTS_BYTES` is ignored).
        agent: our product token, e.g. ``"diemtin"`` (see :func:`agent_token`).
    """
    groups = _groups(text[:MAX_ROBOTS_BYTES])
    agent = agent.lower()
    specific = [g for agents, g in groups if any(_token(a) == agent for a in agents)]
    chosen = specific or [g for agents, g in groups if "*" in agents]
    rules: list[Rule] = []
    delay: float | None = None
    for group in chosen:
        for key, value in group:
            if key in ("allow", "disallow"):
                rules.append(Rule(key == "allow", value))
            elif key == "crawl-delay" and delay is None:
                delay = _number(value)
    return RobotsRules(tuple(rules), delay)


def _groups(text: str) -> list[tuple[list[str], list[tuple[str, str]]]]:
    groups: list[tuple[list[str], list[tuple[str, str]]]] = []
    agents: list[str] = []
    lines: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower().replace("_", "-")
        if key in ("user-agent", "useragent"):
            if lines:  # a user-agent after rules opens a new group
                groups.append((agents, lines))
                agents, lines = [], []
            agents.append(value.lower())
        elif agents and key in ("allow", "disallow", "crawl-delay"):
            lines.append((key, value))
    if agents:
        groups.append((agents, lines))
    return groups


def _token(value: str) -> str:
    return value.split("/", 1)[0].strip()


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number >= 0 else None
