"""The figures of one wording, and when two wordings' figures differ (the ``numbers`` aspect).

A figure is compared by value, so "three" = "3", "1.000" = "1000" (German)
and "two million" = "2 million"; the reason line shows it as written
("figure changed: three → four", "zwei → drei"), or, for a plain figure in
digits, as its value ("1,000" → "1000"), as it always has.

A lone "one" is an article or a pronoun as often as a figure ("one of the
men", "ein paar", "l'un des"): it is no figure of its own, but it stands for
the "1" the other wording writes ("1 person" → "one person" is no change).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Figures:
    """Figures by key ("3", "2000000", "100s"), how each was written, and the lone "one"s."""

    counts: Counter[str] = field(default_factory=Counter)
    shown: dict[str, str] = field(default_factory=dict)
    ones: int = 0

    def add(self, key: str, shown: str | None = None) -> None:
        self.counts[key] += 1
        if shown is not None:
            self.shown.setdefault(key, shown)


def figure_change(a: Figures, b: Figures) -> str | None:
    """ "figure changed: three → four", or None when both say the same figures."""
    if a.counts == b.counts:
        return None
    gone, came = a.counts - b.counts, b.counts - a.counts
    # "1 person" → "one person": the lone "one" is the figure the other wording writes
    if gone["1"] and b.ones:
        gone["1"] -= min(gone["1"], b.ones)
    if came["1"] and a.ones:
        came["1"] -= min(came["1"], a.ones)
    gone, came = +gone, +came
    if not gone and not came:
        return None
    g = ", ".join(a.shown.get(k, k) for k in sorted(gone)) or "—"
    c = ", ".join(b.shown.get(k, k) for k in sorted(came)) or "—"
    return f"figure changed: {g} → {c}"
