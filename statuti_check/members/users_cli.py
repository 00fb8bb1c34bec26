"""`statuti-check users add|list|disable|enable|passwd`: the administrator's account commands.

Whoever can run these can read the store file, so they need no account of their own; each change
goes to the store's audit log under "riga di comando (<system user>)". A password is never an
argument (it would show in `ps` and in the shell history): it is typed twice at a terminal, or
read as one line from standard input for scripts.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from statuti_check.contract import ROLES
from statuti_check.errors import InputError
from statuti_check.members.accounts import Account, check_username, hash_password
from statuti_check.run.store import Store, now

EXIT_OK = 0


def _actor() -> str:
    return f"riga di comando ({getpass.getuser()})"


def read_password(username: str) -> str:
    """A new password: typed twice without echo at a terminal, or one line of stdin."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Nuova password per «{username}»: ")
    if getpass.getpass("Ripetere la password: ") != first:
        raise InputError("Le due password non coincidono.", "password confirmation mismatch")
    return first


def cmd_add(args: argparse.Namespace) -> int:
    """A new account; the first one is usually the conference's administrator."""
    username = check_username(args.username)
    if not args.name.strip():
        raise InputError("Indicare il nome della persona con --name.", "empty account name")
    hashed = None if args.no_password else hash_password(read_password(username))
    account = Account(
        username=username, name=args.name.strip(), role=args.role,
        email=args.email.strip().lower() if args.email else None, created=now(),
    )  # fmt: skip
    store = Store(args.db)
    try:
        store.add_account(account, hashed, _actor())
    finally:
        store.close()
    print(f"Account «{username}» creato: {account.label}.")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    """Every account with its role and state (never a password or its hash)."""
    store = Store(args.db)
    try:
        accounts = store.accounts()
    finally:
        store.close()
    if not accounts:
        print("Nessun account. Crearne uno con: statuti-check users add NOME --name ... --role ...")
        return EXIT_OK
    print(f"{'utente':20} {'ruolo':16} {'stato':12} {'e-mail':30} nome")
    for a in accounts:
        state = "disattivato" if a.disabled else "attivo"
        print(f"{a.username:20} {a.role:16} {state:12} {a.email or '-':30} {a.name}")
    return EXIT_OK


def _update(args: argparse.Namespace, **change: Any) -> Account:
    store = Store(args.db)
    try:
        return store.update_account(check_username(args.username), _actor(), **change)
    finally:
        store.close()


def cmd_disable(args: argparse.Namespace) -> int:
    """No more sign-ins; open sessions end at once. Reviews keep their author."""
    _update(args, disabled=True)
    print(f"Account «{args.username}» disattivato: le sue sessioni sono chiuse.")
    return EXIT_OK


def cmd_enable(args: argparse.Namespace) -> int:
    """A disabled account may sign in again."""
    _update(args, disabled=False)
    print(f"Account «{args.username}» riattivato.")
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace) -> int:
    """A new password; the account's open sessions end."""
    _update(args, password_hash=hash_password(read_password(args.username)))
    print(f"Password di «{args.username}» cambiata: le sue sessioni sono chiuse.")
    return EXIT_OK


def add_arguments(name: str, command: argparse.ArgumentParser, database: Path) -> None:
    """The options of one `users` subcommand."""
    command.add_argument(
        "--db", type=Path, default=database,
        help=f"archivio SQLite con gli account (predefinito: {database})",
    )  # fmt: skip
    if name != "list":
        command.add_argument("username", help="nome utente (minuscole, cifre, . _ -)")
    if name == "add":
        command.add_argument("--name", required=True, help="nome e cognome, come appare")
        command.add_argument("--role", required=True, choices=ROLES, help="ruolo")
        command.add_argument(
            "--email", help="indirizzo e-mail per l'accesso con il fornitore di identità (OIDC)"
        )
        command.add_argument(
            "--no-password", action="store_true",
            help="senza password: accesso solo con il fornitore di identità (OIDC)",
        )  # fmt: skip


COMMANDS = (
    ("add", cmd_add, "crea un account (la password si digita, non si passa come parametro)"),
    ("list", cmd_list, "elenca gli account"),
    ("disable", cmd_disable, "disattiva un account e ne chiude le sessioni"),
    ("enable", cmd_enable, "riattiva un account"),
    ("passwd", cmd_passwd, "cambia la password di un account"),
)
