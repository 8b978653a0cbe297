"""Story Monitor: statement-level change detection for evolving stories."""

from __future__ import annotations

from typing import Any

__all__ = ["Change", "Diff", "UpdateGroup", "diff_texts"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Lazy, so `import monitor.store` (or the CLI's --help) does not pay for
    # rapidfuzz and the diff engine.
    if name == "diff_texts":
        from monitor.diff.engine import diff_texts

        return diff_texts
    if name in ("Change", "Diff", "UpdateGroup"):
        from monitor.diff import model

        return getattr(model, name)
    raise AttributeError(name)
