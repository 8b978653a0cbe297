"""A third-party notifier, shipped as its own distribution (see pyproject.toml beside it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class JsonlNotifier:
    """Append each alert to a JSON Lines file, one alert per line.

    Handy for feeding alerts to another program that tails the file.
    """

    kind: ClassVar[str] = "jsonl"

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

        path: str = Field(..., description="The file to append to (created if missing).")
        label: str = Field("", description="A label written with each alert.")

    def __init__(self, options: Options, *, templates: Any = None) -> None:
        self.options = options

    def send(self, alert: Any) -> None:
        line = json.dumps({"label": self.options.label, "alert": alert.to_dict()}, ensure_ascii=False)
        with Path(self.options.path).open("a", encoding="utf-8") as f:
            f.write(line + "\n")
