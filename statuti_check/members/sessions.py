"""Signing in and out of the app: a password, or an identity provider's e-mail (OIDC).

Either way the result is a server-side session in the store (`Store.open_session`) whose token
the app keeps in the browser session's state; every page run asks the store again, so an expired
session, a disabled account or a sign-out elsewhere takes effect at once.
"""

from __future__ import annotations

import logging

from statuti_check.errors import InputError
from statuti_check.members.accounts import Account, password_matches
from statuti_check.run.store import Store

log = logging.getLogger("statuti_check.sessions")
_REFUSED = "Nome utente o password non corretti, oppure account disattivato."
MAX_FAILURES = 5  # failed sign-ins per user name within LOCKOUT_MINUTES before a pause
LOCKOUT_MINUTES = 15


def sign_in(store: Store, username: str, password: str) -> str:
    """A session token for the right password of an active account; one message otherwise.

    The message never says which part was wrong, so names cannot be probed; the log does.
    """
    name = username.strip().lower()
    if store.recent_failures(name, LOCKOUT_MINUTES) >= MAX_FAILURES:
        log.warning("sign-in refused for %r: too many failures", name)
        raise InputError(
            f"Troppi tentativi di accesso non riusciti: riprovare tra {LOCKOUT_MINUTES} minuti.",
            f"sign-in refused for {name!r}: {MAX_FAILURES} failures in {LOCKOUT_MINUTES} min",
        )
    account = store.account(name)
    matches = password_matches(store.password_hash(name), password)
    if account is None or account.disabled or not matches:
        reason = "unknown" if account is None else "disabled" if account.disabled else "password"
        log.warning("sign-in refused for %r (%s)", name, reason)
        store.record_failure(name)
        raise InputError(_REFUSED, f"sign-in refused for {name!r}: {reason}")
    return store.open_session(name)


def sign_in_oidc(store: Store, email: str | None, verified: bool = True) -> str:
    """A session for the account whose e-mail the identity provider vouched for.

    An address the provider says it has not verified opens nothing.
    """
    account = store.account_by_email(email) if email and verified else None
    if account is None or account.disabled:
        log.warning("OIDC sign-in refused for %r", email)
        raise InputError(
            f"L'indirizzo «{email or 'non indicato'}» non corrisponde ad alcun account attivo: "
            "chiedere all'amministratrice di crearlo (statuti-check users add … --email).",
            f"OIDC sign-in refused for {email!r}",
        )
    return store.open_session(account.username)


def current(store: Store, token: str | None) -> Account | None:
    """The account of a live session, or None (not signed in, expired, disabled)."""
    return store.session_account(token) if token else None
