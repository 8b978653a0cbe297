"""What kind of edit an edit is: the aspects of DESIGN.md, each detected.

Every detector compares what the two wordings *say* (their figures, their
polarity, their quotations, their names, their times) rather than how alike
their characters are, so "1000" vs "1,000" is no figure change and a reworded
sentence carries ``wording`` alone. Each detector returns a short detail
string for the one-line reason, or ``None``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cached_property

from rapidfuzz import fuzz

from monitor.diff.words import changed_tokens

# --- time -------------------------------------------------------------------

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = (
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
_RELATIVE = (
    """
    today tonight yesterday tomorrow morning afternoon evening overnight noon midnight
    weekend earlier later
    """.split()
)
_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])|\b\d{1,2}:\d{2}\b", re.I
)
_DATE = re.compile(
    r"\b(?:" + "|".join(_MONTHS) + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:" + "|".join(_MONTHS) + r")\b\.?(?:,?\s+\d{4})?"
    r"|\b\d{4}-\d{2}-\d{2}\b",
    re.I,
)
_TIME_WORD = re.compile(r"\b(?:" + "|".join(_WEEKDAYS + _RELATIVE) + r")\b", re.I)
_RELATIVE_SPAN = re.compile(
    r"\b(?:a|one|two|three|\d+)\s+(?:day|days|week|weeks|hour|hours)\s+(?:later|earlier|ago|before)\b",
    re.I,
)
_MONTH_ONLY = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december)\b",
    re.I,
)


# One pass, most specific first: at any position a clock time or a full date
# wins over the bare weekday or month inside it.
# Matched against lower-cased text: case-insensitive matching of this many
# alternatives costs three times as much.
_ANY_TIME = re.compile(
    "|".join(f"(?:{rx.pattern})" for rx in (_CLOCK, _DATE, _RELATIVE_SPAN, _TIME_WORD, _MONTH_ONLY))
)
_AMPM = re.compile(r"(\d)\s*([ap])\.?\s?m\.?")
_SPACE_RUN = re.compile(r"\s+")


def _time_key(span: str) -> str:
    """"1 p.m." and "1pm" are one time; "a day later" stays readable."""
    return _SPACE_RUN.sub(" ", _AMPM.sub(r"\1\2m", span)).strip(" .")


def _lower(s: str) -> str:
    low = s.lower()
    # lower() can change the length of some non-ASCII text; positions must hold
    return low if len(low) == len(s) else s.encode("ascii", "replace").decode().lower()


def _time_spans(s: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((m.start(), m.end(), _time_key(m.group())) for m in _ANY_TIME.finditer(_lower(s)))


class Features:
    """What one wording says, each part computed at most once per diff."""

    __slots__ = ("text", "__dict__")

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def time_spans(self) -> tuple[tuple[int, int, str], ...]:
        return _time_spans(self.text)

    @cached_property
    def times(self) -> Counter[str]:
        return Counter(k for *_, k in self.time_spans)

    @cached_property
    def figures(self) -> Counter[str]:
        return _figures(self.text, self.time_spans)

    @cached_property
    def quotations(self) -> list[str]:
        return _quotations(self.text)

    @cached_property
    def entities(self) -> frozenset[str]:
        return _entities(self.text)


def _feat(x: str | Features) -> Features:
    return x if isinstance(x, Features) else Features(x)


def time_change(old: str | Features, new: str | Features) -> str | None:
    a, b = _feat(old).times, _feat(new).times
    if a == b:
        return None
    return _arrow(a - b, b - a, "time")


# --- numbers ----------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?![\w])|(?<![\w.])\d+(?:\.\d+)?%?")
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(

            """
            zero one two three four five six seven eight nine ten eleven twelve thirteen
            fourteen fifteen sixteen seventeen eighteen nineteen twenty
            """.split()

    )
}
_NUMBER_WORDS.update(
    {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
     "ninety": 90, "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
     "dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000, "half": 0.5}
)
_LETTERS = re.compile(r"[a-z]+")


def _figures(s: str, time_spans: tuple[tuple[int, int, str], ...]) -> Counter[str]:
    rest = s
    if time_spans:  # figures inside a clock time or a date are times, not figures
        parts, last = [], 0
        for a, b, _ in time_spans:
            parts.append(s[last:a])
            last = b
        parts.append(s[last:])
        rest = " ".join(parts)
    out: Counter[str] = Counter()
    for m in _NUMBER.finditer(rest):
        v = m.group().replace(",", "")
        try:
            f = float(v.rstrip("%"))
            v = (str(int(f)) if f.is_integer() else str(f)) + ("%" if v.endswith("%") else "")
        except ValueError:
            pass
        out[v] += 1
    for w in _LETTERS.findall(rest.lower()):
        if w in _NUMBER_WORDS and w != "one":  # "one" is mostly a pronoun
            out[str(_NUMBER_WORDS[w])] += 1
    return out


def number_change(old: str | Features, new: str | Features) -> str | None:
    a, b = _feat(old).figures, _feat(new).figures
    if a == b:
        return None
    return _arrow(a - b, b - a, "figure")


# --- negation ---------------------------------------------------------------

_NEGATORS = frozenset(

        """
        not no never none nobody nothing neither nor without cannot n't nt unlikely refuse
        refused refuses declined decline declines denied deny denies failed fail fails
        cancelled canceled cancel postponed rejected rejects reject halted suspended didn't
        doesn't don't won't wouldn't isn't aren't wasn't weren't hasn't haven't hadn't can't
        couldn't shouldn't
        """.split()

)
_ANTONYMS = {
    ("will", "won't"), ("likely", "unlikely"), ("possible", "impossible"),
    ("agreed", "refused"), ("agreed", "declined"), ("confirmed", "denied"),
    ("attend", "skip"), ("attended", "skipped"), ("accepted", "rejected"),
    ("present", "absent"), ("able", "unable"), ("success", "failure"),
    ("succeeded", "failed"), ("yes", "no"),
}


_POLAR_WORDS = _NEGATORS | {w for pair in _ANTONYMS for w in pair}
_WORDS = re.compile(r"\w+(?:['’]\w+)*")


def negation_change(old: str | Features, new: str | Features) -> str | None:
    o, n = _feat(old).text, _feat(new).text
    if not any(w.lower() in _POLAR_WORDS for w in _WORDS.findall(o + " " + n)):
        return None  # no word that can carry polarity: skip the word alignment
    gone, came = changed_tokens(o, n)
    lost = [t for t in gone if t.replace("’", "'") in _NEGATORS]
    added = [t for t in came if t.replace("’", "'") in _NEGATORS]
    if Counter(lost) != Counter(added):
        if added and not lost:
            return f"polarity flipped: ‘{added[0]}’ added"
        if lost and not added:
            return f"polarity flipped: ‘{lost[0]}’ dropped"
        return f"polarity changed: ‘{lost[0]}’ → ‘{added[0]}’"
    gs, cs = set(gone), set(came)
    for a, b in _ANTONYMS:
        if (a in gs and b in cs) or (b in gs and a in cs):
            return f"polarity flipped: ‘{a}’ ↔ ‘{b}’"
    return None


# --- quotations -------------------------------------------------------------

_QUOTES = re.compile(
    r"“([^”]{1,2000})”|\"([^\"]{1,2000})\"|«([^»]{1,2000})»|(?<![\w])‘([^’]{1,2000}?)’(?![\w])"
)
_FOLD = re.compile(r"[^\w]+")


def _quotations(s: str) -> list[str]:
    return [
        _FOLD.sub(" ", next(g for g in m.groups() if g is not None)).strip().casefold()
        for m in _QUOTES.finditer(s)
    ]


def quote_change(old: str | Features, new: str | Features) -> str | None:
    a, b = _feat(old).quotations, _feat(new).quotations
    if not a and not b or sorted(a) == sorted(b):
        return None
    if not a:
        return "quotation added"
    if not b:
        return "quotation dropped"
    return "quoted words changed"


# --- named entities ---------------------------------------------------------

_CAP = re.compile(r"\b[A-Z][\w’'\-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w’'\-]*)*")
_NOT_NAMES = frozenset(

        """
        the a an this that these those it its he she they we i you his her their our there
        but and or however meanwhile after before on in at by for from with as if when while
        although though despite according approximately right all over update updated
        breaking earlier later some many most officials president prime minister chancellor
        source photo
        """.split()

)
_TIME_NAMES = frozenset(w.capitalize() for w in _WEEKDAYS + _MONTHS)


def _entities(s: str) -> frozenset[str]:
    out: set[str] = set()
    lead = len(s) - len(s.lstrip("“\"‘'(["))
    for m in _CAP.finditer(s):
        words = [w for w in re.split(r"\s+", m.group()) if w]
        if m.start() <= lead and len(words) == 1 and not _name_like(words[0], s, m.end()):
            # Any sentence starts with a capital: "Negotiations …", "Still, …"
            # are not names unless the word is written as one elsewhere.
            continue
        while words and (words[0].lower() in _NOT_NAMES or words[0] in _TIME_NAMES):
            words.pop(0)
        words = [w for w in words if w not in _TIME_NAMES]
        if not words:
            continue
        name = " ".join(words).rstrip("’'s").strip("’'-")
        if name:
            out.add(name)
    return frozenset(out)


def _name_like(word: str, s: str, after: int) -> bool:
    if sum(c.isupper() for c in word) >= 2:
        return True  # an acronym: "US", "EU", "POWs"
    return re.search(r"(?<![.!?]\s)(?<!^)\b" + re.escape(word) + r"\b", s[after:]) is not None


def entity_change(old: str | Features, new: str | Features) -> str | None:
    a, b = _feat(old).entities, _feat(new).entities
    if a == b:
        return None
    gone = {x for x in a - b if not _near(x, b)}
    came = {x for x in b - a if not _near(x, a)}
    # A name that only moved into or out of a longer name ("Putin" vs
    # "Vladimir Putin") is the same referent.
    gone = {x for x in gone if not any(x in y or y in x for y in b)}
    came = {x for x in came if not any(x in y or y in x for y in a)}
    if not gone and not came:
        return None
    parts = []
    if came:
        parts.append("name added: " + ", ".join(sorted(came)))
    if gone:
        parts.append("name dropped: " + ", ".join(sorted(gone)))
    return "; ".join(parts)


def _near(x: str, others: set[str]) -> bool:
    """A spelling variant ("Zelensky" vs "Zelenskyy") is the same name."""
    return any(fuzz.ratio(x, y) >= 88 for y in others)


# --- together ---------------------------------------------------------------

DETECTORS: tuple[tuple[str, Callable[[Features, Features], str | None]], ...] = (
    ("negation", negation_change),
    ("numbers", number_change),
    ("quote", quote_change),
    ("entities", entity_change),
    ("time", time_change),
)

_TIME_TRIGGERS = frozenset(
    _WEEKDAYS + _MONTHS + _RELATIVE + "day days week weeks hour hours ago a p m am pm".split()
)
_QUOTE_CHARS = ("“", "”", '"', "«", "»", "‘", "’")


def _could_change(changed: list[str], old: str, new: str) -> dict[str, bool]:
    """Which detectors can possibly fire, judged from the words that changed.

    Running all five detectors on every edit costs more than aligning the
    document; most edits touch a few words, and a figure, a time or a name
    can only have changed if one of those words is a digit, a time word or
    capitalised. The detectors themselves still compare whole statements.
    """
    joined = "".join(changed)
    digit = any(ch.isdigit() for ch in joined)
    low = {t.lower() for t in changed}
    return {
        "negation": True,
        "numbers": digit or bool(low & _NUMBER_WORDS.keys()),
        "quote": any(q in old or q in new for q in _QUOTE_CHARS),
        "entities": any(t[:1].isupper() for t in changed),
        "time": digit or bool(low & _TIME_TRIGGERS),
    }


def detect(old: str, new: str) -> list[tuple[str, str]]:
    """(aspect, detail) pairs; a lone ``wording`` when nothing material changed."""
    a, b = Features(old), Features(new)
    gone, came = changed_tokens(old, new, fold=False)
    gate = _could_change(gone + came, old, new)
    found = [(name, d) for name, fn in DETECTORS if gate[name] and (d := fn(a, b))]
    return found or [("wording", "reworded, meaning kept")]


def _arrow(gone: Counter[str], came: Counter[str], what: str) -> str:
    g = ", ".join(sorted(gone)) or "—"
    c = ", ".join(sorted(came)) or "—"
    return f"{what} changed: {g} → {c}"
