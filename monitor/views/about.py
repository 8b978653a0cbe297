"""``--about``: does a statement mention a subject, under any of its names?

A reader following "the United States" wants "the US", "U.S." and
"Washington" too, and not every "us" in the story. So each name matches as
a whole word; a name written in capitals (an acronym: "US", "U.S.", "EU")
matches only in capitals, any other name in any case.

The built-in table below covers the subjects of the seed corpora and a few
common ones; ``--alias`` adds names for one run, and a subject with no row
matches by its own name only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ALIASES: dict[str, tuple[str, ...]] = {
    "united states": ("US", "U.S.", "USA", "U.S.A.", "America", "American", "Americans", "Washington",
                      "White House"),
    "united kingdom": ("UK", "U.K.", "Britain", "British", "London", "Downing Street"),
    "european union": ("EU", "E.U.", "Brussels", "European Commission"),
    "russia": ("Russian", "Russians", "Moscow", "Kremlin", "Russian Federation"),
    "ukraine": ("Ukrainian", "Ukrainians", "Kyiv", "Kiev"),
    "turkey": ("Türkiye", "Turkish", "Ankara"),
    "germany": ("German", "Berlin"),
    "france": ("French", "Paris", "Élysée"),
    "china": ("Chinese", "Beijing"),
}


def _key(name: str) -> str:
    words = name.casefold().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _group(subject: str) -> tuple[str, ...]:
    """The built-in names of the subject: its row, or the row it is an alias in
    ("US" is the United States too)."""
    key = _key(subject)
    if key in ALIASES:
        return ALIASES[key]
    for main, names in ALIASES.items():
        if any(_key(n) == key and (not _acronym(n) or n == subject.strip()) for n in names):
            return (main.title(), *names)
    return ()


def aliases_for(subject: str, extra: Iterable[str] = (), *, builtin: bool = True) -> tuple[str, ...]:
    """Every name ``subject`` goes by: itself, its built-in aliases, then ``extra``; no repeats."""
    names = [subject.strip()]
    if builtin:
        names += _group(subject)
    names += [e.strip() for e in extra]
    out: list[str] = []
    for n in names:
        if n and n not in out:
            out.append(n)
    return tuple(out)


@dataclass(frozen=True)
class About:
    """A compiled subject: ``matches(text)`` says whether text mentions it."""

    subject: str
    names: tuple[str, ...]

    def __post_init__(self) -> None:
        exact = [n for n in self.names if _acronym(n)]
        loose = [n for n in self.names if not _acronym(n)]
        object.__setattr__(self, "_exact", _pattern(exact, 0))
        object.__setattr__(self, "_loose", _pattern(loose, re.IGNORECASE))

    def matches(self, text: str | None) -> bool:
        if not text:
            return False
        return any(p is not None and p.search(text) for p in (self._exact, self._loose))  # type: ignore[attr-defined]


def about(subject: str, extra: Sequence[str] = (), *, builtin: bool = True) -> About:
    return About(subject.strip(), aliases_for(subject, extra, builtin=builtin))


def _acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


def _pattern(names: list[str], flags: int) -> re.Pattern[str] | None:
    if not names:
        return None
    # Whole words: nothing word-like just before or after ("US" not in "USB",
    # "U.S." then a space or an end). Spaces inside a name match any run of spaces.
    alts = "|".join(r"\s+".join(re.escape(part) for part in n.split()) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", flags)
