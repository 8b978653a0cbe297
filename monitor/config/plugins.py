"""Loading one entry-point group: what notifiers and sources share.

A plugin that fails to import, or is not what its group expects, is reported
by name and never hides the others; the first of a name on ``sys.path`` wins,
as for any import; the result is sorted by name so listings and choices do
not depend on install order.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any


def load_group(group: str, problem: Callable[[str, Any], str | None]) -> tuple[dict[str, Any], dict[str, str]]:
    """``(loaded objects by name, why each broken one failed)``; ``problem(name, obj)`` names what
    makes a loaded object unusable, written to follow the entry point's ``module:attr``
    (" is not a ...", ": a kind ..."), or None."""
    found: dict[str, Any] = {}
    broken: dict[str, str] = {}
    for ep in entry_points(group=group):
        if ep.name in found or ep.name in broken:
            continue
        try:
            obj = ep.load()
        except Exception as e:  # noqa: BLE001 - a broken plugin must not hide the others
            broken[ep.name] = f"{ep.value} failed to import: {type(e).__name__}: {e}"
            continue
        if (why := problem(ep.name, obj)) is not None:
            broken[ep.name] = f"{ep.value}{why}"
            continue
        found[ep.name] = obj
    return dict(sorted(found.items())), broken
