"""Errors a user can cause: each prints as one line and exits with status 2."""

from __future__ import annotations


class MonitorError(Exception):
    """Base of the errors that end a command with one clear line."""


class InputError(MonitorError, ValueError):
    """A document given on the command line cannot be read as text."""
