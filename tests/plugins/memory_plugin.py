"""A third-party notifier, as a separate package would ship it.

The registry test copies this file into a temporary directory beside a
``.dist-info`` that registers it under ``monitor.notifiers``: nothing in
``monitor`` knows its name.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field


class MemoryNotifier:
    """Keep alerts in a list (for tests)."""

    kind: ClassVar[str] = "memory"
    sent: ClassVar[list] = []

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid")

        label: str = Field("mem", description="A label stored with each alert.")

    def __init__(self, options: Options, *, templates=None) -> None:
        self.options = options

    def send(self, alert) -> None:
        MemoryNotifier.sent.append((self.options.label, alert))
