"""The change records every stage after alignment reads.

Renderers, rules, storage and notifiers all consume these records; none of them
re-diffs. They are plain frozen dataclasses so they cross threads, processes
and JSON without surprises (see ``to_dict``/``from_dict``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from monitor.diff.aspect_table import ASPECT_NAMES, MATERIAL

Kind = Literal["added", "removed", "edited", "moved", "split", "merged"]
Aspect = Literal["numbers", "negation", "quote", "entities", "time", "content", "wording"]

KINDS: tuple[str, ...] = ("added", "removed", "edited", "moved", "split", "merged")
# The aspects and which make an edit worth an alert on their own (``wording`` never does):
# the table of aspects, ``monitor.diff.aspect_table``.
ASPECTS: tuple[str, ...] = ASPECT_NAMES
MATERIAL_ASPECTS: frozenset[str] = MATERIAL

SCHEMA_VERSION = 1

Loc = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Change:
    """One statement-level difference between two versions.

    ``old_at``/``new_at`` are the statement's locations in the old and new
    version as 0-based ``(paragraph, sentence)`` pairs (several for
    ``split``/``merged``); ``Diff.index`` turns them into flat sentence
    indexes. ``moved`` is
    true for a ``moved`` change and for an ``edited`` statement that also
    changed position. ``group`` names the update group an ``added`` statement
    belongs to, if any.
    """

    kind: Kind
    old: str | None
    new: str | None
    old_at: tuple[Loc, ...] = ()
    new_at: tuple[Loc, ...] = ()
    aspects: tuple[str, ...] = ()
    significance: float = 0.0
    reason: str = ""
    similarity: float = 1.0
    moved: bool = False
    group: int | None = None
    details: tuple[tuple[str, str], ...] = ()
    # The statement's language when it differs from the document's (a mixed
    # page): "" otherwise, and then left out of ``to_dict``.
    language: str = ""

    @property
    def material(self) -> bool:
        """True when this change says something new, not just new words."""
        if self.kind in ("added", "removed"):
            return True
        if self.kind == "moved":
            return False
        return any(a in MATERIAL_ASPECTS for a in self.aspects)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["old_at"] = [list(x) for x in self.old_at]
        d["new_at"] = [list(x) for x in self.new_at]
        d["aspects"] = list(self.aspects)
        d["details"] = {k: v for k, v in self.details}
        if not self.language:
            del d["language"]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Change:
        return cls(
            kind=d["kind"],
            old=d.get("old"),
            new=d.get("new"),
            old_at=tuple((int(a), int(b)) for a, b in d.get("old_at", ())),
            new_at=tuple((int(a), int(b)) for a, b in d.get("new_at", ())),
            aspects=tuple(d.get("aspects", ())),
            significance=float(d.get("significance", 0.0)),
            reason=d.get("reason", ""),
            similarity=float(d.get("similarity", 1.0)),
            moved=bool(d.get("moved", False)),
            group=d.get("group"),
            details=tuple((d.get("details") or {}).items()),
            language=d.get("language", "") or "",
        )


@dataclass(frozen=True, slots=True)
class UpdateGroup:
    """A new live-blog entry: contiguous added statements read as one update.

    ``heading`` is the entry's title line (or its first real sentence) and
    ``at`` the time stamp it carries ("11:48", "12.31 Uhr"), empty if none.
    """

    id: int
    trigger: str  # "marker" (an "Update:" line, a heading), "timestamp", or "top" (new leading block)
    heading: str
    new_at: tuple[Loc, ...]
    significance: float = 0.0
    at: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["new_at"] = [list(x) for x in self.new_at]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> UpdateGroup:
        return cls(
            id=int(d["id"]),
            trigger=d["trigger"],
            heading=d.get("heading", ""),
            new_at=tuple((int(a), int(b)) for a, b in d.get("new_at", ())),
            significance=float(d.get("significance", 0.0)),
            at=d.get("at", "") or "",
        )


@dataclass(frozen=True)
class Diff:
    """All changes between two versions.

    Iterating a ``Diff`` yields its changes, so ``list(diff_texts(a, b))`` is
    the list of changes and ``bool(diff)`` says whether anything changed.
    It also keeps what is needed to account for every statement (``links``,
    ``sentences``) without having segmented the unchanged paragraphs up
    front: that work is done only when asked for.
    """

    changes: tuple[Change, ...]
    groups: tuple[UpdateGroup, ...] = ()
    old_paras: tuple[str, ...] = field(default=(), repr=False)
    new_paras: tuple[str, ...] = field(default=(), repr=False)
    anchors: tuple[tuple[int, int], ...] = field(default=(), repr=False)
    same: tuple[tuple[Loc, Loc], ...] = field(default=(), repr=False)
    presegmented: bool = field(default=False, repr=False)
    # (stage, what it did instead) for each stage that reached its cost cap
    # and paired statements by position: empty when the alignment is exact.
    degraded: tuple[tuple[str, str], ...] = ()
    # The new version's language ("en", "uk", …; ``monitor.text.lang``): the
    # one its statements were segmented and their aspects judged in.
    language: str = "en"

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __getitem__(self, i: int) -> Change:
        return self.changes[i]

    def degraded_line(self) -> str:
        """One line for readers when a budget was reached, else ''."""
        if not self.degraded:
            return ""
        stages = ", ".join(k for k, _ in self.degraded)
        return f"note: too large to compare exactly ({stages}); part of it was compared by position only"

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in KINDS}
        for c in self.changes:
            out[c.kind] += 1
        out["update"] = len(self.groups)
        return out

    # -- accounting for every statement --------------------------------------

    def _split(self, para: str) -> list[str]:
        if self.presegmented:
            return [para]
        from monitor.text.segment import split_sentences

        return split_sentences(para, self.language)

    def sentences(self, side: str) -> list[tuple[Loc, str]]:
        """Every statement of one side ("old" or "new") with its location."""
        paras = self.old_paras if side == "old" else self.new_paras
        return [((p, s), t) for p, para in enumerate(paras) for s, t in enumerate(self._split(para))]

    def index(self, side: str) -> dict[Loc, int]:
        """Location -> flat 0-based sentence index for one side."""
        return {loc: i for i, (loc, _) in enumerate(self.sentences(side))}

    def links(self) -> list[tuple[Loc, Loc]]:
        """Every (old, new) pair judged the same statement, edited or not."""
        out: list[tuple[Loc, Loc]] = []
        for op, np_ in self.anchors:
            n = len(self._split(self.old_paras[op]))
            out.extend(((op, s), (np_, s)) for s in range(n))
        out.extend(self.same)
        for c in self.changes:
            if c.old_at and c.new_at:
                out.extend((o, n) for o in c.old_at for n in c.new_at)
        return sorted(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "counts": self.counts(),
            "changes": [c.to_dict() for c in self.changes],
            "groups": [g.to_dict() for g in self.groups],
            "degraded": dict(self.degraded),
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Diff:
        return cls(
            changes=tuple(Change.from_dict(c) for c in d.get("changes", ())),
            groups=tuple(UpdateGroup.from_dict(g) for g in d.get("groups", ())),
            degraded=tuple((str(k), str(v)) for k, v in (d.get("degraded") or {}).items()),
            language=str(d.get("language") or "en"),
        )
