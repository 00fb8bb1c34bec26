"""Members' accounts and roles: who may record, confirm, publish and delete.

Passwords are hashed with Argon2 (argon2-cffi) and never stored or logged; a sign-in opens a
server-side session in the results store (a random token, kept there only as its SHA-256) that
expires, so disabling an account or signing out ends it at once. The store holds the rows; this
module holds the rules about them, so the app and the command line apply the same ones.
"""

from __future__ import annotations

import re
from typing import Literal, TypeGuard

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict

from statuti_check.contract import Role
from statuti_check.errors import InputError

Action = Literal["store", "propose", "confirm", "publish", "delete", "manage"]

# Each role can do what the roles before it can (an administrator also confirms and publishes).
PERMISSIONS: dict[Role, frozenset[Action]] = {
    "socia": frozenset({"store", "propose"}),
    "revisora": frozenset({"store", "propose", "confirm", "publish"}),
    "amministratrice": frozenset({"store", "propose", "confirm", "publish", "delete", "manage"}),
}
ACTION_WORDS: dict[Action, str] = {
    "store": "registrare verifiche",
    "propose": "proporre revisioni",
    "confirm": "confermare revisioni",
    "publish": "pubblicare verifiche nel quadro d'insieme",
    "delete": "eliminare verifiche e revisioni",
    "manage": "gestire gli account",
}
MIN_PASSWORD = 12
MAX_NOTE = 2000
SESSION_HOURS = 8.0
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
_HASHER = PasswordHasher()


class Account(BaseModel):
    """A member as the app and the command line see her (never with the password hash)."""

    model_config = ConfigDict(frozen=True)

    username: str
    name: str
    role: Role
    email: str | None = None
    disabled: bool = False
    created: str

    @property
    def label(self) -> str:
        """Name and role, as reviews and the log show who acted."""
        return f"{self.name} ({self.role})"


def can(account: Account | None, action: Action) -> TypeGuard[Account]:
    """Whether an account (None: not signed in) may do something; disabled ones may not."""
    return account is not None and not account.disabled and action in PERMISSIONS[account.role]


def require(account: Account | None, action: Action) -> Account:
    """The account, if it may act; otherwise an Italian refusal naming the action."""
    if account is None or not can(account, action):
        who = "Occorre accedere" if account is None else f"Il ruolo «{account.role}» non basta"
        raise InputError(
            f"{who} per {ACTION_WORDS[action]}.",
            f"{account.username if account else 'anonymous'}: {action} refused",
        )
    return account


def check_username(username: str) -> str:
    """A short lower-case identifier (letters, digits, dot, dash, underscore)."""
    if not _USERNAME.fullmatch(username):
        raise InputError(
            f"Nome utente «{username}» non valido: da 2 a 40 caratteri tra lettere minuscole, "
            "cifre, punto, trattino e trattino basso, iniziando con una lettera o una cifra.",
            f"invalid username {username!r}",
        )
    return username


def hash_password(password: str) -> str:
    """An Argon2id hash of a new password, refused when too short."""
    if len(password) < MIN_PASSWORD:
        raise InputError(
            f"La password deve avere almeno {MIN_PASSWORD} caratteri.",
            f"password of {len(password)} characters refused",
        )
    return _HASHER.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether a password matches its stored hash (a missing or damaged hash never matches)."""
    if not stored_hash:
        _HASHER.hash(password)  # the same cost either way: timing does not tell names apart
        return False
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_note(note: str) -> str:
    """A review note: required, at most MAX_NOTE characters, stripped."""
    text = note.strip()
    if not text:
        raise InputError(
            "Per registrare la verifica scrivere una nota che la motivi.", "review without a note"
        )
    if len(text) > MAX_NOTE:
        raise InputError(
            f"La nota è troppo lunga: al massimo {MAX_NOTE} caratteri (ora {len(text)}).",
            f"review note of {len(text)} characters refused",
        )
    return text
