"""Update groups: each new live-blog entry reads as one update, not N additions.

Live pages put several entries on top between two checks; each is its own
group, with its heading and its time. An entry opens with a header: a stamp
line ("11:48", "12.31 Uhr", "Updated at 3.05pm GMT", "95'", "2m ago"), a
label ("Pinned", "Key event"), a byline, a heading (a short unpunctuated
line standing alone before body text), or a stamp or dateline in front of
its first words ("15.13 IST: ...", "MADRID -- ..."). A new entry starts
where a header follows body text, so "11:48 / Police close road / By A.
Writer / body" is one entry and the next stamp opens the next.

Whether a page is a live blog is read from the new version itself: at least
two separate timed headers (clusters of stamp lines each followed by body).
On other pages (an encyclopaedia article, a statement page) only an explicit
"Update:"-style or timestamp header makes a group, and an unmarked block near
the top does not, unless the page merely grew a whole new block above an
untouched old beginning (a new leading block, as a caption and credit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.text.markers import Marker, is_credit, is_separator, looks_like_heading, marker_of, marker_prefix

_TOP_MIN_STATEMENTS = 2
_STOPS = (".", "!", "?", "…", ".”", '."', "!”", "?”")
_LIVE_MIN_ENTRIES = 2
# Page furniture that talks about the page itself is not news: hatnotes,
# archive and maintenance banners, cookie notices.
_FURNITURE = re.compile(
    r"\b(?:this (?:article|page|site|website|section|list|entry)|redirects here|for other uses"
    r"|not to be confused|cookies?|learn more|click here|disambiguation)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of the new version as the grouping sees it."""

    loc: tuple[int, int]
    text: str
    added: bool
    alone: bool  # the only statement of its paragraph (a line of its own)
    para_start: bool = True
    para_end: bool = True


@dataclass(frozen=True, slots=True)
class Entry:
    trigger: str  # "marker", "timestamp" or "top"
    locs: tuple[tuple[int, int], ...]
    heading: str
    at: str


@dataclass(frozen=True, slots=True)
class _Role:
    kind: str  # "stamp", "heading", "prefix", "body", "sep" (a rule, an ad or share label between entries)
    marker: Marker | None = None


def _role(text: str, alone: bool, para_start: bool) -> _Role:
    m = marker_of(text) if alone or len(text) <= 90 else None
    if m is not None and (alone or m.kind != "byline"):
        return _Role("stamp", m)
    if alone and is_separator(text):
        return _Role("sep")
    p = marker_prefix(text) if para_start else None
    if p is not None:
        return _Role("prefix", p)
    return _Role("body")


def _roles(stmts: list[Statement]) -> list[_Role]:
    # A statement's role depends on its text and place in its paragraph
    # only: pages repeat lines (a template's "Share", 50,000 identical
    # paragraphs), and each distinct one is read once (1.75 s -> 0.22 s there).
    seen: dict[tuple[str, bool, bool], _Role] = {}
    roles: list[_Role] = []
    for st in stmts:
        key = (st.text, st.alone, st.para_start)
        role = seen.get(key)
        if role is None:
            role = seen[key] = _role(*key)
        roles.append(role)
    # A heading: a short unpunctuated line alone, before body text (possibly
    # after a stamp line between them). Not an item of a list (the line
    # before is another such line, or ends with a colon) and not a caption
    # (a credit line follows).
    shaped = [st.alone and roles[i].kind == "body" and looks_like_heading(st.text) for i, st in enumerate(stmts)]
    for i in range(len(stmts)):
        if not shaped[i]:
            continue
        if i > 0 and (shaped[i - 1] or stmts[i - 1].text.endswith(":")):
            continue
        j = i + 1
        while j < len(stmts) and roles[j].kind in ("stamp", "sep"):
            j += 1
        if j < len(stmts) and roles[j].kind in ("body", "prefix") and not shaped[j] and not is_credit(stmts[j].text):
            roles[i] = _Role("heading")
    return roles


def _is_stamp(r: _Role) -> bool:
    return r.kind == "stamp"


def _is_header(r: _Role) -> bool:
    return r.kind in ("stamp", "heading", "prefix")


def is_live(stmts: list[Statement], roles: list[_Role] | None = None) -> bool:
    """True when the new version carries at least two timed entry headers.

    Consecutive stamp lines ("Published ..." / "Updated ...") count once: an
    ordinary article's header block is one cluster, a live page has one per
    entry.
    """
    roles = roles if roles is not None else _roles(stmts)
    clusters = 0
    in_header = False
    timed = False
    for r in roles:
        if r.kind == "sep":
            continue
        if r.kind == "stamp" or (r.kind == "prefix" and r.marker is not None and r.marker.timed):
            if not in_header:
                in_header, timed = True, False
            timed = timed or (r.marker is not None and r.marker.timed)
            if r.kind == "prefix":
                clusters += timed
                in_header = False
            continue
        if in_header:
            clusters += timed
            in_header = False
        if clusters >= _LIVE_MIN_ENTRIES:
            return True
    return clusters >= _LIVE_MIN_ENTRIES


def find_groups(stmts: list[Statement]) -> list[Entry]:
    """The update entries among the added statements, in document order.

    ``stmts`` is the whole new version in order, each statement flagged added
    or kept (unchanged, edited or moved).
    """
    if not any(st.added for st in stmts):
        return []
    roles = _roles(stmts)
    live = is_live(stmts, roles)
    pieces = _pieces(stmts, roles)
    first_kept_header = next(
        (i for i, st in enumerate(stmts) if not st.added and _is_header(roles[i])), None
    )
    found: list[tuple[list[int], Entry]] = []
    for idx in pieces:
        entry = _entry(stmts, roles, idx, live, first_kept_header)
        if entry is not None:
            found.append((idx, entry))
    return [e for idx, e in found if not _echo(stmts, roles, idx, found)]


def _echo(stmts, roles, idx: list[int], found) -> bool:
    """True for a title repeated in a list of links ("Key events": stamp and
    title only) when another new entry carries that title with its body."""
    own = [stmts[k].text for k in idx if roles[k].kind not in ("stamp", "sep")]
    if len(own) != 1 or own[0].endswith(_STOPS):
        return False
    for other, _e in found:
        body = [k for k in other if roles[k].kind not in ("stamp", "sep")]
        if other is not idx and len(body) > 1 and any(stmts[k].text == own[0] for k in body):
            return True
    return False


def _reused(r: _Role) -> bool:
    """A stamp whose text recurs on other entries ("4m ago", "Key event",
    "45'"): its being unchanged between two versions says nothing about
    which entry it belongs to."""
    return r.kind == "stamp" and r.marker is not None and r.marker.kind in ("relative", "label", "minute")


def _pieces(stmts: list[Statement], roles: list[_Role]) -> list[list[int]]:
    """Runs of adjacent added statements, cut where a header follows body.

    A piece that opens with a heading or body text takes in the kept stamps
    right above it when they are of the recurring kind and nothing kept
    follows it before the next header: the new entry's "4m ago" matched the
    old top entry's "4m ago" of the last check.
    """
    pieces: list[list[int]] = []
    prev_added = False
    for i, st in enumerate(stmts):
        if not st.added:
            prev_added = False
            continue
        if not prev_added:
            pieces.append([i])
        else:
            cur = pieces[-1]
            body_before = any(roles[k].kind in ("body", "prefix") for k in cur)
            if _is_header(roles[i]) and body_before and not _trailing(stmts, roles, i):
                pieces.append([i])
            else:
                cur.append(i)
        prev_added = True
    # A rule or an ad label closes the entry above it; one that opens a run
    # belongs to no entry.
    # (A piece is a run of consecutive indices, so its leading separators are a prefix.)
    pieces = [p for p in (piece[_skip_seps(roles, piece[0]) - piece[0]:] for piece in pieces) if p]
    for piece in pieces:
        first, nxt = piece[0], _skip_seps(roles, piece[-1] + 1)
        if _is_stamp(roles[first]):
            continue
        if nxt < len(stmts) and not stmts[nxt].added and not _is_header(roles[nxt]):
            continue  # the piece sits inside an old entry: kept text follows
        k = first
        while k > 0 and not stmts[k - 1].added and _reused(roles[k - 1]):
            k -= 1
        piece[:0] = range(k, first)
    return pieces


def _skip_seps(roles: list[_Role], i: int) -> int:
    """The first index from ``i`` on that is not a separator."""
    while i < len(roles) and roles[i].kind == "sep":
        i += 1
    return i


def _trailing(stmts: list[Statement], roles: list[_Role], i: int) -> bool:
    """An "Updated at 12.05" line closing the entry above: after its body and
    right before the next entry's own time stamp."""
    m = roles[i].marker
    if m is None or m.kind != "update" or not m.stamp.lower().startswith(("updated", "last updated")):
        return False
    nxt = roles[i + 1] if i + 1 < len(stmts) else None
    return nxt is not None and nxt.kind == "stamp" and nxt.marker is not None and nxt.marker.kind == "time"


def _entry(stmts, roles, idx: list[int], live: bool, first_kept_header: int | None) -> Entry | None:
    head_roles = []
    for k in idx:
        if roles[k].kind in ("stamp", "heading"):
            head_roles.append(roles[k])
            continue
        if roles[k].kind == "prefix":
            head_roles.append(roles[k])
        break
    has_content = any(roles[k].kind not in ("stamp", "sep") for k in idx)
    locs = tuple(stmts[k].loc for k in idx)
    if head_roles and has_content:
        markers = [r.marker for r in head_roles if r.marker is not None]
        if not live and not _explicit(markers):
            return None
        timed = next((m for m in markers if m.timed and m.kind != "update"), None)
        timed = timed or next((m for m in markers if m.timed and re.search(r"\d", m.stamp)), None)
        trigger = "timestamp" if timed is not None else "marker"
        return Entry(trigger, locs, _heading(stmts, roles, idx), timed.stamp if timed else "")
    if head_roles:
        return None
    # An unmarked block.
    first, last = stmts[idx[0]], stmts[idx[-1]]
    if not (first.para_start and last.para_end):
        return None  # sentences added inside a paragraph: an edit, not an entry
    nxt = _skip_seps(roles, idx[-1] + 1)
    above_header = nxt < len(stmts) and not stmts[nxt].added and _is_header(roles[nxt])
    if idx[0] > 0 and _item(first.text) and _item(stmts[idx[0] - 1].text) == _item(first.text):
        return None  # more items at the end of a list ("Key points")
    if live:
        # On a live page: a block right above the newest old entry (one
        # statement is enough there), or at the very top.
        above_entries = first_kept_header is None or idx[0] < first_kept_header
        if not above_entries or not (above_header or (idx[0] == 0 and len(idx) >= _TOP_MIN_STATEMENTS)):
            return None
    else:
        if len(idx) < _TOP_MIN_STATEMENTS:
            return None
        # Not a live page: only a whole new block above an untouched start.
        if idx[0] != 0 or nxt >= len(stmts) or stmts[nxt].added:
            return None
        if any(_FURNITURE.search(stmts[k].text) for k in idx):
            return None
    return Entry("top", locs, _heading(stmts, roles, idx), "")


def _item(text: str) -> str:
    """The bullet of a list item ("-", "•", "1."), or "" for other text."""
    m = re.match(r"([-*•·▪►‣–—]|\d{1,2}[.)])\s", text)
    return re.sub(r"\d+", "1", m.group(1)) if m else ""


def _explicit(markers: list[Marker]) -> bool:
    """On a page that is not live, only "Update:"-style lines and clock stamps open an entry."""
    for m in markers:
        if m.kind == "update":
            return True
        if m.kind == "time" and re.search(r"\d[:.]\d\d|\d\s*[ap]\.?m", m.stamp, re.I):
            return True
        if m.kind == "label" and re.match(r"(?:breaking|update|correction|editor)", m.stamp, re.I):
            return True
    return False


def _heading(stmts, roles, idx: list[int]) -> str:
    for k in idx:
        if roles[k].kind == "heading":
            return stmts[k].text
    for k in idx:
        if roles[k].kind == "prefix" and roles[k].marker is not None and roles[k].marker.rest.strip():
            return roles[k].marker.rest.strip(" +")
    body = [stmts[k].text for k in idx if roles[k].kind not in ("stamp", "sep")]
    return next((t for t in body if len(t) > 20), body[0] if body else stmts[idx[0]].text)
