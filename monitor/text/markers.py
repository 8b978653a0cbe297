"""Entry markers of live blogs: the lines that open a new entry.

Live pages put a stamp above (or in front of) every entry, and after HTML to
text extraction that stamp is a short line of its own or the first words of
the entry's first line. The formats below are the ones news live pages use:

- clock times, alone or with a zone or a date: "11:48", "12.31 Uhr",
  "19:02 (IST), Oct 02", "14 August 2023 10:01", "Oct 1, 2020 22:51 IST",
  "October 02, 2024 11:27 PM (IST) Posted by A. Writer", "3.05pm GMT";
- update lines: "Update:", "Updated at 3.05pm GMT", "Posted at 11:48",
  "Last updated 10 minutes ago", "Update 18:08:";
- relative times: "2m ago", "1 hr ago", "Just now";
- labels: "Pinned", "Key event", "Breaking", "Summary", "Half-time" (a page badge
  such as "LIVE" is not an entry label);
- a match minute or an over: "95'", "45+2'", "90 + 4’", "14.6 overs";
- bylines: "By Jane Doe", "Posted by Jane Doe";
- datelines in front of the first sentence: "MADRID --", "KYIV (Reuters) -".

Segmentation uses :func:`is_marker_line` to keep such a line a statement of
its own; the update groups use :func:`marker_of` and :func:`marker_prefix`.
This module only recognises; it never guesses whether a page is live.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.text.langdata import UPDATE_WORDS

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|januar|februar|märz|mai|juni|juli|oktober|dezember)\.?"
)
_WEEKDAY = (
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?"
    r"|(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
)
_ZONE = (
    r"(?:\(?(?:gmt|utc|bst|cet|cest|eet|eest|msk|est|edt|cst|cdt|mst|mdt|pst|pdt|et|ct|pt"
    r"|ist|pkt|aest|aedt|jst|kst|sgt|hkt|wib|мск|тсі)(?:[+-]\d{1,2})?\)?|local time|uhr|uur|hs|h"
    r"|год\.?|ч\.|horas|heures)"
)
_CLOCK = r"(?:\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?\s?m\.?)"
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}\.\d{1,2}\.(?:\d{2,4})?|\d{1,2}/\d{1,2}/\d{2,4})"
)
# One token of a stamp; a stamp is a run of them with light separators.
# "о 13:35", "в 13:35", "saat 14.05", "à 14h30", "a las 15:00" open a stamp too.
_TOKEN = rf"(?:{_WEEKDAY}|{_DATE}|{_CLOCK}|{_ZONE}|at|um|on|am|о|в|saat|à|a las|las)"
_SEP = r"(?:\s*[,|•·/]\s*|\s+|\s*[-–—]\s*)"
_STAMP = re.compile(rf"(?:{_TOKEN})(?:{_SEP}(?:{_TOKEN}))*", re.I)
_GLUED_YEAR = re.compile(r"(?<=\D)((?:19|20)\d\d)(\d{1,2}:\d\d)")
_HAS_CLOCK = re.compile(rf"{_CLOCK}", re.I)
_HAS_DATE = re.compile(_DATE, re.I)
_DIGIT = re.compile(r"\d")
# A clock that cannot be a decimal: "11:48", "12.31 Uhr", "3.05pm", "15.13 IST".
_CLEAR_CLOCK = re.compile(rf"\d[:h]\d\d|\d\s*[ap]\.?\s?m\b|\d\s+{_ZONE}\b", re.I)

# The other languages' words for "updated" (``monitor.text.langdata``).
_OTHER_UPDATE = "|".join(
    re.escape(w).replace("\\ ", r"\s+") for ws in UPDATE_WORDS.values() for w in ws
    if w not in ("update", "neu", "aktualisiert")
)
_UPDATE_WORD = re.compile(
    r"(?:last\s+)?(?:update[sd]?|posted|published|first published|zuletzt aktualisiert|aktualisiert"
    rf"|stand|{_OTHER_UPDATE})\b(?:\s+(?:at|on|by|um|am|о|в|à|a las|saat))?\s*:?\s*",
    re.I,
)
_LABEL = re.compile(
    r"(?:pinned(?: post)?|key events?|key update|breaking(?: news)?|latest|developing|just in"
    r"|summary|recap|half[- ]time|full[- ]time|kick[- ]off|ht|ft"
    r"|what we know(?: so far)?|eilmeldung|\+\+\+|editor['’]s note|correction"
    r"|терміново|срочно|son dakika|flaş|dernière minute|última hora|urgente|alerte)"
    r"\s*[:\-–—]?\s*$",
    re.I,
)
_RELATIVE = re.compile(
    r"(?:(?:posted|updated)\s+)?(?:just now|\d{1,3}\s*(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs"
    r"|hours?|d|days?)\s+ago|an? (?:minute|hour) ago|vor \d{1,3} (?:minuten?|stunden?))",
    re.I,
)
_MINUTE = re.compile(r"\d{1,3}(?:\s*\+\s*\d{1,2})?\s*['’′]|\d{1,2}\.\d\s+overs?\b(?:\s*\([^)]{0,20}\))?", re.I)
_BYLINE = re.compile(
    r"(?:(?:[Pp]osted |[Ww]ritten |[Rr]eported )?[Bb]y\s+|[Vv]on\s+)"
    r"[A-ZÀ-Þ][\w.'’-]+(?:\s+(?:[A-ZÀ-Þ][\w.'’-]+|and|&|de|van|von|al)){0,5}"
    r"(?:\s*[,|]\s*[\w ]{0,40})?$"
)
_DATELINE = re.compile(
    r"[A-ZÀ-Þ][A-ZÀ-Þ'’.\- ]{2,30}(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?)?(?:\s*\([A-Za-z .&]{1,25}\))?"
    r"\s*(?:--|—|–|-)\s+(?=\S)"
)
# What an entry's body opens with: a capital of any of the languages, or a quote.
_CAPITAL = r"[A-ZÀ-ÞА-ЯЁЄІЇҐİŞĞÇÖÜ\"“«„]"
_NAME_WORD = re.compile(r"[A-ZÀ-Þ][\w'’.-]+")
_MARKER_DELIMS = " \t:|-–—•·+*"


@dataclass(frozen=True, slots=True)
class Marker:
    """What opens an entry: its kind, the stamp text and what follows it."""

    kind: str  # "time", "update", "relative", "minute", "label", "byline", "dateline"
    stamp: str
    rest: str = ""

    @property
    def timed(self) -> bool:
        """True when the marker carries a time (a clock, a date, a minute)."""
        return self.kind in ("time", "update", "relative", "minute")


def _stamp_at(t: str) -> tuple[str, str] | None:
    """(stamp, rest) when ``t`` opens with a date or clock stamp."""
    if _DIGIT.search(t) is None:
        return None  # every date and clock holds a figure; most statements have none (a third of _roles' time)
    # A date and a time in adjacent inline elements lose the space between
    # them in extraction: "November 15, 20159:21 am".
    if ":" in t:  # the glued clock has a colon; the scan cost most of this function
        t = _GLUED_YEAR.sub(r"\1 \2", t, count=1)
    m = _STAMP.match(t)
    if not m:
        return None
    stamp = m.group(0).strip(" ,|-–—•·/")
    # "on", "at", "am" alone or a bare zone are words, not stamps.
    if not (_HAS_CLOCK.search(stamp) or _HAS_DATE.search(stamp)):
        return None
    if not _HAS_CLOCK.search(stamp) and not re.search(r"\d", stamp):
        return None
    return stamp, t[m.end():]


def _valid_clock(stamp: str) -> bool:
    """A bare "12.31" is a clock only when it reads as one (hours < 24, minutes < 60)."""
    m = re.search(r"(?<![\d.])(\d{1,2})[:.h](\d{2})(?![\d.])", stamp)
    if not m:
        return True
    return int(m.group(1)) < 24 and int(m.group(2)) < 60


def marker_of(text: str) -> Marker | None:
    """The marker when the whole statement is an entry marker line, else None.

    A stamp may carry a trailing byline ("October 02, 2024 11:27 PM (IST)
    Posted by A. Writer") or label; what remains after it must be short and
    carry no sentence of its own.
    """
    t = text.strip().strip("+").strip()
    if not t or len(t) > 90:
        return None
    if _LABEL.fullmatch(t):
        return Marker("label", t)
    if _RELATIVE.fullmatch(t.rstrip(".")):
        return Marker("relative", t)
    if _MINUTE.fullmatch(t):
        return Marker("minute", t)
    um = _UPDATE_WORD.match(t)
    if um and um.end() > 0:
        rest = t[um.end():].strip()
        if not rest:
            return Marker("update", t)
        if _RELATIVE.fullmatch(rest.rstrip(".")):
            return Marker("update", t)
        st = _stamp_at(rest)
        if st and _valid_clock(st[0]) and not st[1].strip(" .:"):
            return Marker("update", t)
    st = _stamp_at(t)
    if st and _valid_clock(st[0]):
        stamp, rest = st
        rest = rest.strip(" :|-–—•·")
        if not rest or _BYLINE.fullmatch(rest) or _LABEL.fullmatch(rest) or _RELATIVE.fullmatch(rest):
            return Marker("time", stamp)
    if _BYLINE.fullmatch(t):
        return Marker("byline", t)
    # "Jane Doe November 15, 2015 9:21 am": a blogging plugin's author and stamp.
    words = t.split(" ", 5)
    for n in range(1, min(5, len(words))):
        if not all(_NAME_WORD.fullmatch(w) or w in ("by", "von") for w in words[:n]):
            break
        st = _stamp_at(" ".join(words[n:]))
        if st and _valid_clock(st[0]) and _HAS_CLOCK.search(st[0]) and not st[1].strip(" :|-–—•·"):
            return Marker("time", st[0])
    return None


def marker_prefix(text: str) -> Marker | None:
    """The marker in front of an entry's first words on the same line, else None.

    "15.13 IST: Close shave at the crease", "+++ 22.37 Uhr: Airline turns back
    +++", "22:25 Uhr | Rules tightened", "Update 18:08: the page changed",
    "52' - GOAL!", "MADRID -- Spain's ...". The body must follow a clear
    delimiter or, for a clock with a colon, a capitalised word, so a sentence
    that merely opens with a figure ("3.5 percent ...") is not an entry.
    """
    t = text.strip().lstrip("+").strip()
    if len(t) < 4:
        return None
    um = re.match(r"(?:update[sd]?|breaking(?: news)?|latest|developing|correction|editor['’]s note"
                  rf"|eilmeldung|{_OTHER_UPDATE})\b((?:[^.!?:]|:\d){{0,40}}):\s*(?=\S)", t, re.I)
    if um:
        return Marker("update", t[: um.end()].strip(), t[um.end():])
    mm = re.match(rf"(\d{{1,3}}(?:\s*\+\s*\d{{1,2}})?\s*['’′])\s*[-–—:]?\s*(?={_CAPITAL})", t)
    if mm:
        return Marker("minute", mm.group(1), t[mm.end():])
    st = _stamp_at(t)
    if st and _valid_clock(st[0]) and _HAS_CLOCK.search(st[0]):
        stamp, rest = st
        sep = re.match(r"\s*(?:[:|–—]|-{1,2}|\+\+\+)\s*(?=\S)", rest)
        if sep:
            return Marker("time", stamp, rest[sep.end():])
        if _CLEAR_CLOCK.search(stamp) and re.match(rf"\s+{_CAPITAL}", rest):
            return Marker("time", stamp, rest.strip())
        return None
    dm = _DATELINE.match(t)
    if dm and re.match(r"[A-ZÀ-Þ\"“‘]", t[dm.end():]):
        head = dm.group(0)
        letters = [c for c in head.split("(")[0] if c.isalpha()]
        if sum(c.isupper() for c in letters) >= 0.8 * len(letters) and len(letters) >= 3:
            return Marker("dateline", head.strip(_MARKER_DELIMS + " "), t[dm.end():])
    return None


def is_marker_line(text: str) -> bool:
    """True when a line is a stamp, label or byline that stands for itself."""
    return marker_of(text) is not None


_TERMINAL = tuple(".!?…:;,")
_NOT_HEADING = re.compile(
    r"(?:photo(?:graph)?s?|pictures?|image|credit|source|bild|foto|video|watch|listen|read more|related"
    r"|see also|advertisement|share|copyright|©)\b",
    re.I,
)


def looks_like_heading(text: str) -> bool:
    """A short line without terminal punctuation: a headline or an entry title.

    Only the shape is judged here; whether it stands alone before body text
    (which is what makes it a heading) is for the caller to see.
    """
    t = text.strip()
    if not t or len(t) > 110 or t.endswith(_TERMINAL):
        return False
    if t.endswith(("”", '"', "’", "'", ")")) and t.rstrip("”\"’')").endswith(tuple(".!?…")):
        return False
    if t[:1] in "([" or _NOT_HEADING.match(t):
        return False  # a credit, a caption or a link, not a title
    first = t.lstrip("\"“‘'«")[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    words = t.split()
    return 2 <= len(words) <= 16 or (len(words) == 1 and t[:1].isupper() and len(t) > 3)


def is_credit(text: str) -> bool:
    """A photo credit, source line or link label that follows a caption."""
    return _NOT_HEADING.match(text.strip()) is not None


# Lines between live entries that are furniture, not statements: rules drawn
# with characters, ad slots and share buttons left in the text.
_SEPARATOR_WORDS = re.compile(
    r"(?:advertisement|advert|anzeige|werbung|publicité|sponsored|ad|share(?: this(?: post| entry)?)?"
    r"|copy link|link copied|tweet|share tweet|share on \w+|show more|load more|read more)$",
    re.I,
)


def is_separator(text: str) -> bool:
    """A rule ("* * *", "———", "—") or an ad or share label standing alone: it
    neither opens nor closes an entry and is no statement of it."""
    t = " ".join(text.split())
    if not t:
        return True
    if not any(c.isalnum() for c in t):
        return True
    return len(t) <= 30 and _SEPARATOR_WORDS.fullmatch(t.strip(" .:|·•")) is not None


# "Page last reviewed: May 3, 2023", "Last modified on Wed 20 Nov 2019 09.10 GMT",
# "Content last updated 11/19/2019": the line a government or reference page
# keeps under its text, rewritten on every edit whatever the edit was.
_REVIEWED = re.compile(
    r"(?:(?:page|content|this page was|article|story)\s+)?(?:last\s+)?"
    r"(?:modified|reviewed|revised|updated|edited|changed)(?:\s+(?:on|at))?\s*:?\s*",
    re.I,
)


def is_page_stamp(text: str) -> bool:
    """True when a statement only tells when the page itself was last changed
    ("Updated 3:45 p.m. ET, Nov. 19, 2019", "Published 2 hours ago", "Page last
    reviewed: May 3, 2023"). A bare date or clock is not one: on an event
    page it may be the news."""
    t = text.strip().strip("+").strip()
    if len(t) > 90:
        return False
    low = t.lower()
    if ("ago" in low or "just now" in low or "vor " in low) and _RELATIVE.fullmatch(t.rstrip(".")):
        return True
    if _DIGIT.search(t) is None:
        return False
    if (um := _UPDATE_WORD.match(t)) and um.end() > 0:
        # Most statements fail the match above on their first letter: the
        # whole marker grammar runs only for lines that open like a stamp.
        m = marker_of(t)
        if m is not None:
            return m.kind in ("update", "relative")
    rm = _REVIEWED.match(t)
    if rm is None or rm.end() == 0:
        return False
    st = _stamp_at(t[rm.end():])
    return st is not None and not st[1].strip(" .:|-–—•·")


# Who wrote, edited or photographed it: "By Jane Roe, Associated Press", "Jane
# Roe in Denver contributed to this report.", "Reporting by Jane Roe; Editing
# by Sam Poe", "(Photo: Jane Roe/AP)".
_CREDIT_LINE = re.compile(
    r"\(?(?:(?:ap |afp |reuters )?(?:photo(?:graph)?s?|pictures?|images?|credit)\b\s*[:/(]"
    r"|(?:additional )?(?:reporting|writing|editing|research) by\b)"
    r"|.{0,160}\b(?:contributed|contributing)\b(?: reporting)?(?: to)?(?: this)?(?: report| story| article|\.?$)",
    re.I,
)


# What a credit line opens with (most statements fail this on their first letters).
_CREDIT_OPENERS = ("(", "ap ", "afp ", "reuters ", "photo", "picture", "image", "credit", "reporting", "writing",
                   "editing", "research", "additional")


def is_credit_line(text: str) -> bool:
    """True when a statement only credits the people behind the story, not a
    claim of it: a byline, a contributor line, a reporting/editing line or a
    photo credit."""
    t = text.strip()
    if len(t) > 200:
        return False
    low = t[:12].lower()
    if (low.startswith(_CREDIT_OPENERS) or "contribut" in t) and _CREDIT_LINE.match(t):
        return True
    m = marker_of(t) if len(t) <= 90 and low[:3] in ("by ", "pos", "wri", "rep", "von") else None
    return m is not None and m.kind == "byline"
