"""Helpers of the sharing web tests: an app acting for a chosen organization and role."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from diemtin.accounts.actor import Actor, Role
from diemtin.store import Store
from diemtin.web import create_app

LOCAL = "http://127.0.0.1:8000"


class ActingAs:
    """ASGI wrapper setting ``request.state.actor`` as the accounts middleware will."""

    def __init__(self, app: Any, actor: Actor) -> None:
        self.app = app
        self.actor = actor

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            scope.setdefault("state", {})["actor"] = self.actor
        await self.app(scope, receive, send)


def client_as(store: Store, org: str, role: Role = Role.ADMIN,
              email: str | None = None) -> TestClient:
    """A test client whose requests act for ``org`` with ``role``."""
    who = Actor(org_id=org, role=role, email=email or f"{role}@{org}.gov.vn", via="session")
    return TestClient(ActingAs(create_app(store), who), base_url=LOCAL,  # type: ignore[arg-type]
                      follow_redirects=False)
