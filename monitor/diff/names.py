"""Names in a statement, and when two of them are one (the ``entities`` aspect).

A name is more than a capitalised word:

- honorifics and titles ("Mr.", "Dr.", "President") are not names, and a
  dateline ("WASHINGTON (AP) --") is the page's furniture, not a claim;
- the first word of a sentence or clause is capitalised anyway: alone, it is
  a name only when it is written capitalised elsewhere, is an acronym, or is a
  rare word (a word-frequency list tells "Offering" from "Belliveau");
- one person written two ways is one name: "Zeid" / "Zeid Ra'ad al-Hussein",
  "Mr. Belliveau" / "Belliveau", and "he" → "Mr. Belliveau" names nobody new;
- "United Nations" and "Medecins Sans Frontieres" stay whole: only a
  possessive "'s" is cut.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from rapidfuzz import fuzz

from monitor.text.langdata import common_words
from monitor.text.places import is_place

_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'\-]*(?:\.(?=\s+[A-Z]))?)"
_CAP = re.compile(
    r"(?<![\w’'.])" + _WORD
    + r"(?:\s+(?:of\s+|de\s+|del\s+|la\s+|al-|the\s+|von\s+|van\s+|bin\s+)?" + _WORD + ")*"
)
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+)*)(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)*)?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:--|—|–|-)\s*"
)
_HONORIFICS = frozenset(
    """
    mr mrs ms miss dr prof sir dame lord lady sen rep gov gen lt col sgt capt cmdr adm maj
    rev fr st jr sr hon mp mep president vice prime minister chancellor secretary senator
    representative governor mayor general colonel lieutenant sergeant captain judge justice
    king queen prince princess pope bishop archbishop chief deputy former acting ambassador
    spokesman spokeswoman spokesperson director chairman chairwoman officer commissioner
    """.split()
)
_NOT_NAMES = frozenset(
    """
    the a an this that these those it its he she they we i you his her their our there but and
    or however meanwhile after before on in at by for from with as if when while although though
    despite according approximately right all over update updated breaking earlier later some
    many most officials source photo also still yet then so now today yesterday tomorrow
    """.split()
)
_PRONOUNS = frozenset("he she him her they them his hers their i we".split())
_CLAUSE_OPENERS = frozenset(".!?:;—–([\"“‘«")
# At or above this, a sentence-initial capitalised word is taken as common:
# "Offering" 4.6, "Medics" 3.1 vs "Macron" 2.95, "Belliveau" 1.25 (wordfreq's
# small list holds the words at 3 and above).
_COMMON_ZIPF = 3.0
_MAX_NAME_CHARS = 80


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str] | None:
    """English words at or above ``_COMMON_ZIPF`` (``langdata.common_words``,
    which reads wordfreq's list once a process for every zipf asked of it);
    None when the list cannot be read, and the library is asked instead."""
    try:
        return common_words("en", _COMMON_ZIPF) or None
    except Exception:  # noqa: BLE001 - any trouble reading it: fall back to the library
        return None


@lru_cache(maxsize=16384)
def is_common_word(word: str) -> bool:
    """True for a word English mostly writes in lower case ("Offering", "Still")."""
    w = word.casefold().replace("’", "'")
    if w in _NOT_NAMES or w in _HONORIFICS:
        return True
    common = _common_words()
    if common is not None:
        return w in common
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - declared dependency
        return False
    return zipf_frequency(w, "en", wordlist="small") >= _COMMON_ZIPF


def strip_dateline(s: str) -> str:
    """Drop a leading "WASHINGTON (AP) --" or "LONDON, Ontario —"."""
    m = _DATELINE.match(s)
    if m and any(c.isupper() for c in m.group()[:3]) and m.group().split()[0].isupper():
        return s[m.end():]
    return s


def _clean_words(words: list[str]) -> list[str]:
    out = [w.rstrip(".") for w in words]
    while out and (out[0].casefold() in _HONORIFICS or out[0].casefold() in _NOT_NAMES):
        out.pop(0)
    return out


# A list item's bullet or number: the word after it opens a sentence ("- More
# than 65% of stores are open" names nobody called More).
_LIST_MARK = re.compile(r"\s*(?:[-*•·▪►‣]|\d{1,2}[.)])\s+")


def names(s: str, time_names: frozenset[str] = frozenset()) -> frozenset[str]:
    """The names written in ``s``, honorifics, datelines and list bullets left out."""
    s = strip_dateline(s)
    if s[:1] in "-*•·▪►‣" or s[:1].isdigit():
        m = _LIST_MARK.match(s)
        if m:
            s = s[m.end():]
    out: set[str] = set()
    for m in _CAP.finditer(s):
        raw = [w for w in re.split(r"\s+", m.group()) if w]
        words = _clean_words(raw)
        words = [w for w in words if w not in time_names]
        if not words:
            continue
        before = s[: m.start()].rstrip()
        at_start = not before or before[-1] in _CLAUSE_OPENERS
        if at_start and len(raw) == 1 and not _name_like(words[0], s, m.start(), m.end()):
            continue
        if len(words) == 1 and _PARTY_STATE.fullmatch(words[0]):
            continue  # "R-Texas": a senator's party and state, not a name of its own
        name = " ".join(words)
        for suffix in ("’s", "'s"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        name = name.strip("’'-")[:_MAX_NAME_CHARS]
        if len(name) > 1:
            out.add(name)
    return frozenset(out)


def _written_capitalised_elsewhere(word: str, s: str, a: int, b: int) -> bool:
    rx = re.compile(r"(?<![.!?:;“\"]\s)(?<!^)\b" + re.escape(word) + r"\b")
    return any(rx.search(part) for part in (s[:a], s[b:]))


def _name_like(word: str, s: str, a: int, b: int) -> bool:
    if sum(c.isupper() for c in word) >= 2:
        return True  # an acronym: "US", "EU", "POWs"
    if _written_capitalised_elsewhere(word, s, a, b):
        return True
    return not is_common_word(word) or is_place(word, "en")  # "Istanbul will host …"


def _tokens(name: str) -> set[str]:
    return {t.casefold() for t in re.split(r"[\s\-]+", name) if t}


_CAPITALISED = re.compile(r"(?<![\w’'])[A-Z][\w’'\-]+")
_PARTY_STATE = re.compile(r"[RDI]-[A-Z][\w.]*")
_LINKING = frozenset("of the and for de".split())


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.casefold() not in _LINKING and w[:1].isupper())


def same_name(x: str, y: str) -> bool:
    """"Zeid" / "Zeid Ra'ad al-Hussein", "Zelensky" / "Zelenskyy", "U.N." /
    "United Nations", "Ukraine" / "Ukrainian" are one name."""
    if x == y or x in y or y in x:
        return True
    tx, ty = _tokens(x), _tokens(y)
    if tx <= ty or ty <= tx:
        return True
    ax, ay = x.replace(".", ""), y.replace(".", "")
    if (ax.isupper() and len(ax) >= 2 and ax == _initials(y)) or (
        ay.isupper() and len(ay) >= 2 and ay == _initials(x)
    ):
        return True  # an acronym and what it stands for
    if " " not in x and " " not in y:
        k = len(os.path.commonprefix([x.casefold(), y.casefold()]))
        if k >= 4 and k >= 0.8 * min(len(x), len(y)):
            return True  # a place and its people: "Ukraine" / "Ukrainian"
    return fuzz.ratio(x, y) >= 88


def _in_place_of(replaced: list[str], replacing: list[str], names_before: frozenset[str]) -> set[str]:
    caps = {w for w in replacing if w[:1].isupper() and w.casefold() not in _NOT_NAMES}
    if len(caps) != 1 or not any(w[:1].isupper() for w in replaced):
        return set()
    word = next(iter(caps))
    if word.casefold() in _HONORIFICS or word in names_before or _frequent(word):
        return set()
    return {word}


def _frequent(word: str) -> bool:
    return word.casefold().replace("’", "'") in common_words("en", 4.0)


def _mentioned(name: str, text: str) -> bool:
    """The name's last word is written, capitalised, in ``text`` ("Putin" at the
    start of a sentence, where it was not taken for a name on its own)."""
    last = name.split()[-1]
    if len(last) <= 2:
        return False
    return any(w == last or same_name(last, w) for w in _CAPITALISED.findall(text))


def _written_lower(name: str, text: str) -> bool:
    return " " not in name and re.search(r"\b" + re.escape(name.lower()) + r"\b", text) is not None


def name_change(a: frozenset[str], b: frozenset[str], gone_words: list[str],
                came_words: list[str], old: str = "", new: str = "") -> str | None:
    """The names only one wording has, once variants and pronouns are matched."""
    if a == b:
        return None
    gone = {x for x in a - b if not any(same_name(x, y) for y in b) and not _mentioned(x, new)}
    came = {x for x in b - a if not any(same_name(x, y) for y in a) and not _mentioned(x, old)}
    # "Meanwhile, rescuers …" → "Rescuers, meanwhile, …": the other wording
    # writes the word in lower case, so it is no name.
    gone = {x for x in gone if not _written_lower(x, new)}
    came = {x for x in came if not _written_lower(x, old)}
    # "he" → "Mr. Belliveau" names the same person; so does the reverse.
    if came and not gone and _PRONOUNS & {w.casefold() for w in gone_words} and len(came) == 1:
        came = set()
    if gone and not came and _PRONOUNS & {w.casefold() for w in came_words} and len(gone) == 1:
        gone = set()
    # "Istanbul will host …" → "Ankara will host …": a capitalised word in
    # the place of a name is one, unless it is a frequent word (zipf 4 and above)
    if len(gone) == 1 and not came:
        came = _in_place_of(gone_words, came_words, a)
    elif len(came) == 1 and not gone:
        gone = _in_place_of(came_words, gone_words, b)
    if not gone and not came:
        return None
    if len(gone) == 1 and len(came) == 1:
        return f"name changed: {next(iter(gone))} → {next(iter(came))}"
    parts = []
    if came:
        parts.append("name added: " + ", ".join(sorted(came)))
    if gone:
        parts.append("name dropped: " + ", ".join(sorted(gone)))
    return "; ".join(parts)
