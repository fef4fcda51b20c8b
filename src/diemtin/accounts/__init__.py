"""Organizations, users, roles, tokens, collections, agreements and the audit log.

Everything an organization owns carries its id; the :class:`Actor` of a request or a
command says which organization it acts for and with which role.
"""

from __future__ import annotations

from diemtin.accounts.actor import LOCAL_ACTOR, Actor, Role

__all__ = ["LOCAL_ACTOR", "Actor", "Role"]
