"""pytest fixtures around the local news site in ``monitor.origin``."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.origin import Origin

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "istanbul-talks"

STORY = "/story/istanbul-talks"


def seed_versions() -> list[str]:
    return [(SEEDS / f"v{i}.txt").read_text(encoding="utf-8") for i in range(1, 7)]


@pytest.fixture
def origin():
    """A fresh site serving the seed story at STORY, version 1."""
    with Origin({STORY: seed_versions()}) as o:
        yield o
