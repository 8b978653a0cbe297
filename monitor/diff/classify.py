"""Turns alignment decisions into ``Change`` records a person can read.

Each record gets its aspects (for edits), a significance in [0, 1] and a
one-line reason. Weights live in the table of aspects (``monitor.diff.aspect_table``)
so rules and docs agree on them.
"""

from __future__ import annotations

from monitor.diff.aspect_table import WEIGHTS
from monitor.diff.aspects import detect
from monitor.diff.model import Change
from monitor.text.markers import is_credit_line, is_page_stamp

# An edit scores its strongest aspect (WEIGHTS, from the table of aspects).
MOVED_WEIGHT = 0.05


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _words(text: str) -> str:
    n = len(text.split())
    return f"{n} word{'s' if n != 1 else ''}"


def _presence_weight(text: str) -> float:
    """A full statement matters more than a dateline or a bare "Update:"."""
    words = len(text.split())
    return round(min(0.8, 0.35 + 0.45 * min(1.0, words / 20)), 3)


def _furniture(old: str, new: str) -> str | None:
    """What an edit of the page's furniture changed, when both wordings are furniture."""
    if is_page_stamp(old) and is_page_stamp(new):
        return "the page's own time stamp changed"
    if is_credit_line(old) and is_credit_line(new):
        return "a credit line changed"
    return None


def added(text: str, loc) -> Change:
    return Change(
        kind="added", old=None, new=text, new_at=(loc,),
        significance=_presence_weight(text), reason=f"new statement ({_words(text)})",
    )


def removed(text: str, loc) -> Change:
    return Change(
        kind="removed", old=text, new=None, old_at=(loc,),
        significance=_presence_weight(text), reason=f"statement dropped ({_words(text)})",
    )


def moved(old: str, new: str, old_loc, new_loc) -> Change:
    return Change(
        kind="moved", old=old, new=new, old_at=(old_loc,), new_at=(new_loc,),
        significance=MOVED_WEIGHT, reason="same statement, other position", moved=True,
    )


def edited(
    kind: str, old: str, new: str, old_at, new_at, similarity: float, was_moved: bool,
    lang: str = "en",
) -> Change:
    # The page's own "Updated 3:45 p.m. ET" line moving on says when, not what:
    # whatever changed is in the statements it stamps. A byline, contributor
    # line or photo credit naming someone else says who, not what.
    furniture = _furniture(old, new)
    found = [("wording", furniture)] if furniture else detect(old, new, lang)
    aspects = tuple(a for a, _ in found)
    weights = sorted((WEIGHTS[a] for a in aspects), reverse=True)
    sig = weights[0] + 0.05 * (len([w for w in weights if w >= 0.5]) - 1 if weights[0] >= 0.5 else 0)
    detail = "; ".join(d for _, d in found)
    if kind == "split":
        lead = f"split into {len(new_at)} statements"
    elif kind == "merged":
        lead = f"{len(old_at)} statements merged"
    else:
        lead = "moved and edited" if was_moved else "edited"
    if aspects == ("wording",) and not furniture:
        detail = f"reworded, meaning kept (similarity {similarity:.2f})"
    return Change(
        kind=kind, old=old, new=new, old_at=tuple(old_at), new_at=tuple(new_at),
        aspects=aspects, significance=round(min(1.0, sig), 3),
        reason=f"{lead}: {detail}", similarity=round(similarity, 3), moved=was_moved,
        details=tuple(found),
    )
