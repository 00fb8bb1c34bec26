"""The exceptions users see, each carrying an Italian message and an English log line."""

from __future__ import annotations

import errno


class ToldError(Exception):
    """An error told twice: `user_message` in Italian for users, `log_message` in English.

    Users see the Italian words; the precise English line (also `str(exc)`) goes to the log for
    whoever debugs, so a traceback never reaches a user.
    """

    def __init__(self, user_message: str, log_message: str) -> None:
        super().__init__(log_message)
        self.user_message = user_message
        self.log_message = log_message

    def __reduce__(self) -> tuple[type[ToldError], tuple[str, str]]:
        """Picklable with both messages, so a worker process can hand one to the parent."""
        return (type(self), (self.user_message, self.log_message))


class InputError(ToldError):
    """A file statuti-check cannot read.

    The CLI, the bulk runner and the app show `user_message` (Italian, for councillors and staff)
    and log `log_message` (English, precise, for whoever debugs).
    """


class SettingsError(InputError):
    """Settings the command cannot honour (a usage error, exit 1), told in Italian like the rest.

    A memory cap below what the program needs, a run to resume that was started otherwise.
    """


def os_reason(exc: OSError) -> str:
    """The cause of a failed read or write in Italian words, for the failures a user can fix."""
    return {
        errno.ENOENT: "la cartella non esiste",
        errno.EACCES: "permesso negato",
        errno.EEXIST: "esiste già un file con quel nome",
        errno.ENOTDIR: "il percorso non è una cartella",
        errno.EISDIR: "il percorso è una cartella",
        errno.ENOSPC: "spazio su disco esaurito",
        errno.EROFS: "il disco è in sola lettura",
    }.get(exc.errno or 0, "errore del sistema operativo")
