"""Reading a file a user named on the command line or in a config: the
bytes, or one line saying why not, in the caller's own error type
(``monitor sync``'s config error, an import's error), so every command
words a missing file, a folder or an unreadable one the same way."""

from __future__ import annotations

from pathlib import Path


def read_user_file(path: Path, label: str, what: str, error: type[Exception]) -> bytes:
    """``what`` names the file expected ("a config file"), for the folder case."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise error(f"{label}: no such file") from None
    except IsADirectoryError:
        raise error(f"{label}: is a directory, not {what}") from None
    except OSError as e:
        raise error(f"{label}: cannot be read ({e.strerror})") from None


def read_user_text(path: Path, label: str, what: str, error: type[Exception]) -> str:
    """As ``read_user_file``, decoded as UTF-8."""
    try:
        return read_user_file(path, label, what, error).decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{label}: not UTF-8 text") from None
