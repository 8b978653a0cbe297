"""pytest fixtures around the local news site in ``monitor.origin``.

Loaded for every test folder through ``pytest_plugins`` in the root conftest.
The site is real (aiohttp on 127.0.0.1, its own thread), so tests exercise
the same sockets, headers and failure modes a user's monitor meets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from monitor.origin import Origin

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "istanbul-talks"

STORY = "/story/istanbul-talks"

# Used only when the seed files are absent (a partial checkout): a story in
# the seed's shape, caption first and a live-blog "Update:" line later.
FALLBACK = [
    "Talks between the delegations are expected to begin in Istanbul on Thursday.\n\n"
    "The United States would also be present at the talks, the ministry said.",
    "Delegations meet in Istanbul on Friday. (Source: Staff photo)\n\n"
    "Update:\n\n"
    "The first direct talks are over after two hours.\n\n"
    "Despite initially saying they would attend, the United States ultimately did not participate.",
]


def seed_versions() -> list[str]:
    """The seed story's versions in order (v1.txt, v2.txt, ... by number)."""
    files = sorted(SEEDS.glob("v*.txt"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    if not files:
        return list(FALLBACK)
    return [p.read_text(encoding="utf-8") for p in files]


@pytest.fixture
def origin() -> Iterator[Origin]:
    """A fresh site serving the seed story at STORY, version 1."""
    with Origin({STORY: seed_versions()}) as o:
        yield o


@pytest.fixture
def make_origin() -> Iterator[Callable[..., Origin]]:
    """Starts sites with any stories and options; all are stopped afterwards."""
    started: list[Origin] = []

    def make(stories: dict[str, list[str]] | None = None, **kw) -> Origin:
        o = Origin(stories, **kw).start()
        started.append(o)
        return o

    yield make
    for o in started:
        o.stop()
