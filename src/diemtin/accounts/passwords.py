"""Password hashing: argon2id (memory-hard), through argon2-cffi.

The parameters are argon2-cffi's defaults, RFC 9106's "low memory" profile: 64 MiB,
3 passes, 4 lanes — about 50 ms a hash on a small server, which makes each guess of an
offline attack on a stolen database cost the same. Hashing happens outside database
transactions (a transaction may be retried).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from diemtin.errors import InputError

MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024
_HASHER = PasswordHasher()  # stateless: holds the parameters only
_DUMMY_HASH = _HASHER.hash("diemtin: a password nobody has")


def check_new_password(password: str) -> str:
    """``password`` when it is long enough to be set; InputError otherwise."""
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise InputError(f"a password needs {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} "
                         f"characters; this one has {len(password)}")
    return password


def hash_password(password: str) -> str:
    """The argon2id hash (PHC string, salt included) to store for ``password``."""
    return _HASHER.hash(check_new_password(password))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``. With no hash (unknown user) a dummy
    hash is checked, so an unknown email takes as long to refuse as a wrong password."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
