"""The ``Notifier`` protocol: the shape of a notifier plugin, built-in or third-party.

On its own so that the message (``base``), the templates (``render``) and
the sample alert (``sample``) need not import each other to name it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from pydantic import BaseModel

from monitor.notify.base import AlertMessage

if TYPE_CHECKING:
    from monitor.notify.render import Templates


@runtime_checkable
class Notifier(Protocol):
    """The shape the registry expects of a plugin class (built-in or third-party).

    The class docstring is the user help shown by ``monitor notifiers``; the
    nested pydantic ``Options`` model (``extra="forbid"``, each field with a
    ``description``) is validated from the config before the constructor runs.
    The constructor may check what it can without sending (files, templates)
    and raise ``NotifierConfigError``; ``send`` must return within a bounded
    time and raise ``DeliveryError`` on failure, never anything else on
    purpose (anything else is treated as a transient bug).
    """

    kind: ClassVar[str]
    Options: ClassVar[type[BaseModel]]

    def __init__(self, options: Any, *, templates: Templates | None = None) -> None: ...

    def send(self, alert: AlertMessage) -> None: ...
