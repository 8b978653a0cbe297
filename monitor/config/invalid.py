"""The one error every setting's validator raises, in a module of its own so that
``settings`` and ``request`` can both raise it without importing each other."""

from __future__ import annotations

from monitor.errors import MonitorError


class Invalid(MonitorError, ValueError):
    """One setting is wrong; the message says how, the caller says which setting."""
