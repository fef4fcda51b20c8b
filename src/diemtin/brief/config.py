"""Delivery settings: the SMTP server, named webhooks, retries. Read from a TOML file and
the environment by the CLI and the web app; never stored in the database.

A configuration file (``--config`` or ``DIEMTIN_CONFIG``)::

    [smtp]
    host = "mail.example.vn"
    port = 587
    starttls = true
    user = "diemtin"
    password = "..."
    sender = "Điểm tin <diemtin@example.vn>"

    [webhooks.chat]
    url = "https://chat.example.vn/hooks/123"
    secret = "..."

    [delivery]
    max_attempts = 5
    backoff_seconds = 60
    lease_seconds = 300
    allow_private = false

``DIEMTIN_SMTP_HOST``, ``_PORT``, ``_STARTTLS``, ``_USER``, ``_PASSWORD`` and ``_SENDER``
override the ``[smtp]`` table.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diemtin.errors import InputError


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Where email goes out."""

    host: str
    port: int = 25
    starttls: bool = False
    user: str | None = None
    password: str | None = None
    sender: str = "diemtin@localhost"
    timeout: float = 30.0


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    """A named webhook: its URL and the secret its bodies are signed with."""

    url: str
    secret: str


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    """Everything the outbox needs to deliver.

    Attributes:
        smtp: the mail server (None: email messages fail with a clear reason).
        webhooks: webhook name → URL and secret.
        max_attempts: attempts before a message is marked failed.
        backoff_seconds: the wait after the first failure; doubled after each one.
        lease_seconds: how long a claimed message stays claimed; a sender killed
            mid-send leaves it to be sent again after this.
        allow_private: allow webhooks to loopback and private addresses (tests, intranets).
    """

    smtp: SmtpSettings | None = None
    webhooks: Mapping[str, WebhookSettings] = field(default_factory=dict)
    max_attempts: int = 5
    backoff_seconds: float = 60.0
    lease_seconds: float = 300.0
    allow_private: bool = False


_SMTP_ENV = ("host", "port", "starttls", "user", "password", "sender")


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _smtp(table: dict[str, Any], env: Mapping[str, str]) -> SmtpSettings | None:
    merged = dict(table)
    for name in _SMTP_ENV:
        value = env.get(f"DIEMTIN_SMTP_{name.upper()}")
        if value is not None:
            merged[name] = value
    if not merged.get("host"):
        return None
    try:
        return SmtpSettings(host=str(merged["host"]), port=int(merged.get("port", 25)),
                            starttls=_truthy(merged.get("starttls", False)),
                            user=merged.get("user"), password=merged.get("password"),
                            sender=str(merged.get("sender", "diemtin@localhost")),
                            timeout=float(merged.get("timeout", 30.0)))
    except (TypeError, ValueError) as error:
        raise InputError(f"bad [smtp] settings: {error}") from error


def _webhooks(table: dict[str, Any]) -> dict[str, WebhookSettings]:
    hooks: dict[str, WebhookSettings] = {}
    for name, value in table.items():
        if not isinstance(value, dict) or "url" not in value or "secret" not in value:
            raise InputError(f"webhook {name!r} needs a url and a secret")
        hooks[name] = WebhookSettings(url=str(value["url"]), secret=str(value["secret"]))
    return hooks


def load_config(path: Path | None, env: Mapping[str, str]) -> DeliveryConfig:
    """The delivery settings from the TOML file ``path`` (optional) and ``env``.

    Raises:
        InputError: the file is missing, not TOML, or has bad values.
    """
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise InputError(f"cannot read the config file {path}: {error.strerror}") from error
        except tomllib.TOMLDecodeError as error:
            raise InputError(f"{path} is not valid TOML: {error}") from error
    delivery = data.get("delivery", {})
    try:
        return DeliveryConfig(
            smtp=_smtp(data.get("smtp", {}), env), webhooks=_webhooks(data.get("webhooks", {})),
            max_attempts=int(delivery.get("max_attempts", 5)),
            backoff_seconds=float(delivery.get("backoff_seconds", 60.0)),
            lease_seconds=float(delivery.get("lease_seconds", 300.0)),
            allow_private=_truthy(delivery.get("allow_private", False)))
    except (TypeError, ValueError) as error:
        raise InputError(f"bad [delivery] settings: {error}") from error
