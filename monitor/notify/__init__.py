"""Notifiers: deliver alerts from the outbox (console, file, email, webhook, apprise, plugins).

Public names are re-exported here; each notifier lives in its own module and
is found through the ``monitor.notifiers`` entry-point group.
"""

from monitor.notify.base import (
    AlertKind,
    AlertMessage,
    DeliveryError,
    NotifierConfigError,
    UnknownNotifier,
    headline,
)
from monitor.notify.protocol import Notifier
from monitor.notify.registry import NotifierInfo, OptionInfo, available, build, describe

__all__ = [
    "AlertKind",
    "AlertMessage",
    "DeliveryError",
    "Notifier",
    "NotifierConfigError",
    "NotifierInfo",
    "OptionInfo",
    "UnknownNotifier",
    "available",
    "build",
    "describe",
    "headline",
]
