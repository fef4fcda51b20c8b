"""Users and their memberships of organizations.

A user is an email (unique, lower-cased) and an argon2id password hash
(``accounts/passwords.py``); a membership gives the user a :class:`Role` in one
organization, and a user may be a member of several. A disabled user keeps its row (the
audit log names it) but cannot log in, and its sessions and tokens stop working.
Accounts are "on" for an instance as soon as one user exists (:func:`users_exist`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diemtin.accounts.actor import Actor, Role
from diemtin.accounts.audit import Action, record
from diemtin.accounts.orgs import get_org
from diemtin.errors import InputError, ItemNotFound
from diemtin.store.state import StateSession, new_id, now_text, one

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s.]{1,63}$")


class UserNotFound(ItemNotFound):
    """No user with that email or id."""

    def __init__(self, key: str) -> None:
        super().__init__("user", key, "`diemtin user list` shows them")


@dataclass(frozen=True, slots=True)
class Membership:
    """A user's role in one organization."""

    user_id: str
    email: str
    org_id: str
    org_name: str
    role: Role


@dataclass(frozen=True, slots=True)
class User:
    """A user of the instance (the password hash stays in the database)."""

    id: str
    email: str
    created_at: str
    disabled_at: str | None = None

    @property
    def disabled(self) -> bool:
        """Whether the user may no longer log in."""
        return self.disabled_at is not None


def normalize_email(email: str) -> str:
    """``email`` stripped and lower-cased; InputError when it is not an address."""
    cleaned = email.strip().lower()
    if not _EMAIL.match(cleaned):
        raise InputError(f"not an email address: {email[:80]!r} (expected name@example.vn)")
    return cleaned


def parse_role(value: str) -> Role:
    """The role named ``value``; InputError naming the choices otherwise."""
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise InputError(f"role must be admin, editor or viewer; got {value!r}") from None


def users_exist(session: StateSession) -> bool:
    """Whether any user exists: the instance then requires logging in."""
    return one(session, "SELECT id FROM users LIMIT 1") is not None


def _user(row: dict[str, object]) -> User:
    return User(id=str(row["id"]), email=str(row["email"]), created_at=str(row["created_at"]),
                disabled_at=None if row["disabled_at"] is None else str(row["disabled_at"]))


def get_user(session: StateSession, key: str) -> User:
    """The user whose id or email is ``key``."""
    row = one(session, "SELECT id, email, created_at, disabled_at FROM users "
              "WHERE id = :key OR email = :email", key=key, email=key.strip().lower())
    if row is None:
        raise UserNotFound(key)
    return _user(row)


def password_hash_of(session: StateSession, email: str) -> tuple[User, str] | None:
    """The enabled user with ``email`` and its password hash, or None."""
    row = one(session, "SELECT * FROM users WHERE email = :email AND disabled_at IS NULL",
              email=email.strip().lower())
    return None if row is None else (_user(row), str(row["password_hash"]))


def list_users(session: StateSession) -> list[User]:
    """Every user, by email."""
    return [_user(row) for row in session.rows(
        "SELECT id, email, created_at, disabled_at FROM users ORDER BY email")]


def create_user(session: StateSession, actor: Actor | str, email: str, password_hash: str, *,
                org_id: str, role: Role) -> User:
    """Create the user ``email`` (hash the password first with
    :func:`~diemtin.accounts.passwords.hash_password`) as a member of ``org_id``.

    Raises:
        InputError: the email is malformed or taken.
        OrgNotFound: no such organization.
    """
    email = normalize_email(email)
    if one(session, "SELECT id FROM users WHERE email = :email", email=email) is not None:
        raise InputError(f"a user with email {email!r} exists; `diemtin member add` gives it "
                         "another organization")
    user = User(id=new_id("usr"), email=email, created_at=now_text())
    session.run("INSERT INTO users VALUES (:id, :email, :hash, :now, NULL)", id=user.id,
                email=email, hash=password_hash, now=user.created_at)
    add_member(session, actor, user.email, org_id=org_id, role=role)
    return user


def set_password_hash(session: StateSession, email: str, password_hash: str) -> User:
    """Replace the user's password hash; its sessions end (tokens stay)."""
    user = get_user(session, email)
    session.run("UPDATE users SET password_hash = :hash WHERE id = :id", hash=password_hash,
                id=user.id)
    session.run("DELETE FROM web_sessions WHERE user_id = :id", id=user.id)
    return user


def disable_user(session: StateSession, email: str) -> User:
    """Disable the user: no login, its sessions end, its tokens are refused."""
    user = get_user(session, email)
    now = now_text()
    session.run("UPDATE users SET disabled_at = :now WHERE id = :id AND disabled_at IS NULL",
                now=now, id=user.id)
    session.run("DELETE FROM web_sessions WHERE user_id = :id", id=user.id)
    return get_user(session, user.id)


def add_member(session: StateSession, actor: Actor | str, email: str, *, org_id: str,
               role: Role) -> Membership:
    """Make the user a member of ``org_id`` with ``role`` (or change its role there)."""
    user = get_user(session, email)
    org = get_org(session, org_id)
    changed = session.run("UPDATE memberships SET role = :role WHERE user_id = :user AND "
                          "org_id = :org", role=str(role), user=user.id, org=org.id)
    if not changed:
        session.run("INSERT INTO memberships VALUES (:user, :org, :role, :now)", user=user.id,
                    org=org.id, role=str(role), now=now_text())
    record(session, actor, Action.MEMBER_ADDED, org=org.id, subject=user.id,
           detail={"email": user.email, "role": str(role)})
    return Membership(user.id, user.email, org.id, org.name, role)


def remove_member(session: StateSession, actor: Actor | str, email: str, *,
                  org_id: str) -> Membership:
    """End the user's membership of ``org_id`` (and its sessions and tokens there)."""
    user = get_user(session, email)
    found = [m for m in memberships_of(session, user.id) if m.org_id == org_id]
    if not found:
        raise ItemNotFound("member", email, "`diemtin user list` shows memberships")
    session.run("DELETE FROM web_sessions WHERE user_id = :user AND org_id = :org",
                user=user.id, org=org_id)
    session.run("UPDATE api_tokens SET revoked_at = :now WHERE user_id = :user AND "
                "org_id = :org AND revoked_at IS NULL", now=now_text(), user=user.id,
                org=org_id)
    session.run("DELETE FROM memberships WHERE user_id = :user AND org_id = :org",
                user=user.id, org=org_id)
    record(session, actor, Action.MEMBER_REMOVED, org=org_id, subject=user.id,
           detail={"email": user.email})
    return found[0]


_MEMBER_SQL = ("SELECT m.user_id, u.email, m.org_id, o.name AS org_name, m.role "
               "FROM memberships m JOIN users u ON u.id = m.user_id "
               "JOIN organizations o ON o.id = m.org_id ")


def _membership(row: dict[str, object]) -> Membership:
    return Membership(str(row["user_id"]), str(row["email"]), str(row["org_id"]),
                      str(row["org_name"]), Role(str(row["role"])))


def memberships_of(session: StateSession, user_id: str) -> list[Membership]:
    """The organizations the user belongs to, by name."""
    return [_membership(row) for row in session.rows(
        _MEMBER_SQL + "WHERE m.user_id = :user ORDER BY o.name", user=user_id)]


def members_of(session: StateSession, org_id: str) -> list[Membership]:
    """The members of ``org_id``, by email."""
    return [_membership(row) for row in session.rows(
        _MEMBER_SQL + "WHERE m.org_id = :org ORDER BY u.email", org=org_id)]


def role_in(session: StateSession, user_id: str, org_id: str) -> Role | None:
    """The user's role in ``org_id`` (None when not a member or disabled)."""
    row = one(session, "SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id "
              "WHERE m.user_id = :user AND m.org_id = :org AND u.disabled_at IS NULL",
              user=user_id, org=org_id)
    return None if row is None else Role(str(row["role"]))
