"""How one outbox message leaves: email over SMTP, a signed webhook POST, a file in a
folder. Each sender raises :class:`DeliveryError` with a one-line reason; the outbox
decides whether to retry."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import smtplib
import tempfile
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any

import httpcore

from diemtin.brief.config import DeliveryConfig, SmtpSettings
from diemtin.errors import DiemtinError, FetchError
from diemtin.ingest.urls import GuardedBackend, UnsafeAddressError, check_url_host

SIGNATURE_HEADER = "X-Diemtin-Signature"
DELIVERY_HEADER = "X-Diemtin-Delivery"


class DeliveryError(DiemtinError):
    """A message that could not be delivered this time (the reason is one line)."""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a message."""

    filename: str
    content_type: str
    data: bytes

    def to_json(self) -> dict[str, str]:
        """The attachment as stored: its bytes in base64."""
        return {"filename": self.filename, "content_type": self.content_type,
                "data": base64.b64encode(self.data).decode("ascii")}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Attachment:
        """An attachment :meth:`to_json` wrote."""
        return cls(data["filename"], data["content_type"], base64.b64decode(data["data"]))


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A claimed message, ready to send."""

    id: str
    key: str
    channel: str
    destination: str
    subject: str
    text: str
    html: str | None
    attachments: tuple[Attachment, ...]

    @property
    def message_id(self) -> str:
        """The email Message-ID: the same for every attempt at the same key."""
        digest = hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:40]
        return f"<{digest}@diemtin>"

    def payload(self) -> dict[str, Any]:
        """The JSON a webhook receives and a folder keeps."""
        return {"id": self.id, "key": self.key, "message_id": self.message_id,
                "subject": self.subject, "text": self.text, "html": self.html,
                "attachments": [a.to_json() for a in self.attachments]}


def email_message(message: Outgoing, sender: str) -> EmailMessage:
    """The email of ``message``: plain text, an HTML alternative and attachments."""
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = sender
    mail["To"] = message.destination
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    mail["Message-ID"] = message.message_id
    mail.set_content(message.text)
    if message.html:
        mail.add_alternative(message.html, subtype="html")
    for attachment in message.attachments:
        main, _, sub = attachment.content_type.partition("/")
        mail.add_attachment(attachment.data, maintype=main or "application",
                            subtype=sub or "octet-stream", filename=attachment.filename)
    return mail


class Senders:
    """The channels of one delivery run; the SMTP connection is opened once and reused."""

    def __init__(self, config: DeliveryConfig) -> None:
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def send(self, message: Outgoing) -> None:
        """Deliver ``message`` on its channel, or raise DeliveryError."""
        if message.channel == "email":
            self._email(message)
        elif message.channel == "webhook":
            self._webhook(message)
        elif message.channel == "folder":
            write_folder(message)
        else:
            raise DeliveryError(f"unknown channel {message.channel!r}")

    def close(self) -> None:
        """Say goodbye to the SMTP server, if connected."""
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None

    def _connect(self, settings: SmtpSettings) -> smtplib.SMTP:
        if self._smtp is None:
            server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
            if settings.starttls:
                server.starttls()
            if settings.user:
                server.login(settings.user, settings.password or "")
            self._smtp = server
        return self._smtp

    def _email(self, message: Outgoing) -> None:
        settings = self.config.smtp
        if settings is None:
            raise DeliveryError("no SMTP server configured ([smtp] host or DIEMTIN_SMTP_HOST)")
        mail = email_message(message, settings.sender)
        try:
            self._connect(settings).send_message(mail)
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise DeliveryError(f"SMTP {settings.host}:{settings.port}: "
                                f"{' '.join(str(error).split())}") from error

    def _webhook(self, message: Outgoing) -> None:
        hook = self.config.webhooks.get(message.destination)
        if hook is None:
            raise DeliveryError(f"no webhook named {message.destination!r} in the config")
        body = json.dumps(message.payload(), ensure_ascii=False).encode("utf-8")
        signature = hmac.new(hook.secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
        headers = {"content-type": "application/json; charset=utf-8",
                   SIGNATURE_HEADER: f"sha256={signature}", DELIVERY_HEADER: message.key,
                   "user-agent": "diemtin-outbox"}
        status = post(hook.url, body, headers, allow_private=self.config.allow_private)
        if not 200 <= status < 300:
            raise DeliveryError(f"webhook {message.destination!r} answered HTTP {status}")


def post(url: str, body: bytes, headers: dict[str, str], *, allow_private: bool) -> int:
    """POST ``body`` to ``url`` through the crawler's address checks; the status code."""
    if not url.startswith(("http://", "https://")):
        raise DeliveryError(f"a webhook URL must be http or https; got {url[:60]!r}")
    try:
        check_url_host(url, allow_private=allow_private)
        backend = GuardedBackend(allow_private=allow_private)
        with httpcore.ConnectionPool(network_backend=backend) as pool:
            response = pool.request("POST", url, headers=list(headers.items()), content=body,
                                    extensions={"timeout": {"connect": 10.0, "read": 30.0,
                                                            "write": 30.0, "pool": 10.0}})
            return int(response.status)
    except (FetchError, UnsafeAddressError) as error:
        raise DeliveryError(f"refused webhook address: {error}") from error
    except (httpcore.NetworkError, httpcore.TimeoutException, httpcore.ProtocolError,
            OSError) as error:
        raise DeliveryError(f"webhook {url}: {type(error).__name__}: {error}") from error


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_folder(message: Outgoing) -> None:
    """Write ``message`` as ``<name>.eml`` and ``<name>.json`` into its folder, each
    atomically (a reader never sees half a file); the name comes from the key, so a
    second attempt replaces the first."""
    folder = Path(message.destination)
    name = hashlib.sha256(message.key.encode("utf-8")).hexdigest()[:24]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        mail = email_message(message, "diemtin@localhost")
        _atomic_write(folder / f"{name}.json",
                      json.dumps(message.payload(), ensure_ascii=False, indent=1).encode())
        _atomic_write(folder / f"{name}.eml", bytes(mail))
    except OSError as error:
        raise DeliveryError(f"cannot write to {folder}: {error.strerror or error}") from error
