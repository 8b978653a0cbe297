"""The root of every exception Story Monitor raises: ``MonitorError``.

Each module defines its own errors under it (``store.errors``, ``config.schedule``,
``rules``, ``text.extract``, ``notify.base`` ...), so the command line catches one
class and prints its message as one line with exit status 2.
"""

from __future__ import annotations


class MonitorError(Exception):
    """Base of the errors that end a command with one clear line."""


class InputError(MonitorError, ValueError):
    """A document given on the command line cannot be read as text."""
