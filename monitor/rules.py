"""What is worth an alert: per-watch rules over global defaults.

Rules are data (a frozen dataclass built from a watch's JSON column and the
global defaults), and ``select`` is a pure function from changes to the
changes that alert, so the pipeline, ``monitor diff`` and tests all agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from monitor.diff.model import ASPECTS, KINDS, MATERIAL_ASPECTS, Change, UpdateGroup
from monitor.errors import MonitorError
from monitor.text.normalize import normalize

KEYWORD_BOOST = 0.2


class RulesError(MonitorError, ValueError):
    """A rule in a watch's configuration is not valid."""


@dataclass(frozen=True)
class Rules:
    """Which changes alert.

    The defaults are the ones DESIGN.md promises: update groups, added and
    removed statements, and edits with a material aspect (``content``, a claim
    added to or dropped from a statement, among them); never ``moved`` and
    never ``wording`` alone.
    """

    kinds: frozenset[str] = frozenset({"added", "removed", "edited", "split", "merged"})
    aspects: frozenset[str] = MATERIAL_ASPECTS
    keywords: tuple[str, ...] = ()
    min_significance: float = 0.0
    additions_only: bool = False
    flipflop_versions: int = 5
    debounce_seconds: float = 120.0
    _keyword_rx: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None, base: Rules | None = None) -> Rules:
        """Rules from a watch's config, each key overriding ``base``."""
        r = base or cls()
        if not data:
            return r
        known = {f.name for f in fields(cls) if not f.name.startswith("_")}
        unknown = set(data) - known
        if unknown:
            raise RulesError(f"unknown rule {sorted(unknown)[0]!r}; known rules: {', '.join(sorted(known))}")
        kw: dict[str, Any] = {}
        for k, v in data.items():
            if k == "kinds":
                bad = set(v) - set(KINDS)
                if bad:
                    raise RulesError(f"unknown change kind {sorted(bad)[0]!r} in rule 'kinds'")
                kw[k] = frozenset(v)
            elif k == "aspects":
                bad = set(v) - set(ASPECTS)
                if bad:
                    raise RulesError(f"unknown aspect {sorted(bad)[0]!r} in rule 'aspects'")
                kw[k] = frozenset(v)
            elif k == "keywords":
                if isinstance(v, str) or not all(isinstance(x, str) for x in v):
                    raise RulesError("rule 'keywords' must be a list of strings")
                kw[k] = tuple(v)
            elif k == "min_significance":
                if not 0 <= float(v) <= 1:
                    raise RulesError("rule 'min_significance' must be between 0 and 1")
                kw[k] = float(v)
            elif k in ("flipflop_versions",):
                if int(v) < 0:
                    raise RulesError("rule 'flipflop_versions' must be 0 or more")
                kw[k] = int(v)
            elif k == "debounce_seconds":
                if float(v) < 0:
                    raise RulesError("rule 'debounce_seconds' must be 0 or more")
                kw[k] = float(v)
            else:
                kw[k] = bool(v)
        return replace(r, **kw, _keyword_rx=None)

    def to_mapping(self) -> dict[str, Any]:
        return {
            "kinds": sorted(self.kinds), "aspects": sorted(self.aspects), "keywords": list(self.keywords),
            "min_significance": self.min_significance, "additions_only": self.additions_only,
            "flipflop_versions": self.flipflop_versions, "debounce_seconds": self.debounce_seconds,
        }

    def keyword_pattern(self) -> re.Pattern[str] | None:
        if not self.keywords:
            return None
        if self._keyword_rx is None:
            rx = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in self.keywords) + r")\b", re.I)
            object.__setattr__(self, "_keyword_rx", rx)
        return self._keyword_rx


@dataclass(frozen=True)
class Selection:
    """The changes that alert, and the reversions among them."""

    changes: tuple[Change, ...]
    groups: tuple[UpdateGroup, ...]
    reversions: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)


def _boost(c: Change, rx: re.Pattern[str] | None) -> Change:
    if rx is None:
        return c
    hit = rx.search(c.new or "") or rx.search(c.old or "")
    if not hit:
        return c
    return replace(
        c, significance=round(min(1.0, c.significance + KEYWORD_BOOST), 3),
        reason=f"{c.reason} [keyword: {hit.group(0)}]",
    )


def alerts_for(c: Change, rules: Rules) -> bool:
    if rules.additions_only and c.kind != "added":
        return False
    if c.kind not in rules.kinds:
        return False
    if c.kind in ("edited", "split", "merged") and not any(a in rules.aspects for a in c.aspects):
        return False
    return c.significance >= rules.min_significance


def select(
    changes: Iterable[Change],
    groups: Iterable[UpdateGroup],
    rules: Rules,
    *,
    recent: Iterable[set[str]] = (),
    reported_reversions: set[str] | frozenset[str] = frozenset(),
) -> Selection:
    """The changes that alert under ``rules``.

    ``recent`` holds the normalised statements of versions before the
    previous one (newest first, at most ``rules.flipflop_versions``): a
    statement that returns to one of those wordings is a reversion, reported
    once; ``reported_reversions`` are the normalised texts already reported as
    reversions, which are then left out.
    """
    rx = rules.keyword_pattern()
    window = list(recent)[: rules.flipflop_versions]
    seen_before: set[str] = set().union(*window) if window else set()
    kept: list[Change] = []
    reversions: list[Change] = []
    for c in changes:
        c = _boost(c, rx)
        if c.kind in ("edited", "added") and c.new and seen_before:
            key = normalize(c.new)
            if key in seen_before:
                if key in reported_reversions:
                    continue
                c = replace(c, reason=f"reverted to an earlier wording: {c.reason}",
                            details=c.details + (("reversion", "returns to an earlier version"),))
                reversions.append(c)
                kept.append(c)
                continue
        if alerts_for(c, rules):
            kept.append(c)
    kept_groups = {c.group for c in kept if c.group is not None}
    gs = tuple(g for g in groups if g.id in kept_groups)
    return Selection(tuple(kept), gs, tuple(reversions))
