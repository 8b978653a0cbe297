"""Word-level differences inside one edited statement.

Used twice: by the aspect detectors (was a negation word inserted?) and by
the renderers (which words to highlight). Both read the same opcodes so the
highlight always shows what the classification saw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from monitor.diff.lcs import opcodes
from monitor.text import stemming

# Words, numbers with their grouping and decimals, and single punctuation marks.
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|\w+(?:['’]\w+)*|[^\w\s]")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


# Pairs longer than this (both sides' characters) are not kept by the cache.
_CACHED_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class WordOp:
    op: str  # "equal", "delete", "insert", "replace"
    old: str
    new: str


def word_ops(old: str, new: str) -> list[WordOp]:
    """Runs of equal, deleted, inserted and replaced text, whitespace kept."""
    a = [m for m in re.finditer(r"\S+\s*", old)]
    b = [m for m in re.finditer(r"\S+\s*", new)]
    ka = [m.group().strip().casefold() for m in a]
    kb = [m.group().strip().casefold() for m in b]
    out: list[WordOp] = []
    for tag, i1, i2, j1, j2 in opcodes(ka, kb, stage="words"):
        out.append(
            WordOp(tag, "".join(m.group() for m in a[i1:i2]), "".join(m.group() for m in b[j1:j2]))
        )
    return out


@lru_cache(maxsize=16)
def _aligned(old: str, new: str) -> tuple[list[str], list[str], list[str], list[str], list]:
    """Tokens of both sides, case-folded tokens, and their alignment."""
    return _align_tokens(old, new)


def _align_tokens(old: str, new: str) -> tuple[list[str], list[str], list[str], list[str], list]:
    ra, rb = tokens(old), tokens(new)
    ta = [t.casefold() for t in ra]
    tb = [t.casefold() for t in rb]
    return ra, rb, ta, tb, opcodes(ta, tb, stage="words")


def changed_tokens(old: str, new: str, *, fold: bool = True) -> tuple[list[str], list[str]]:
    """Tokens only in ``old`` and only in ``new``, by alignment of the
    case-folded tokens; ``fold`` also returns them case-folded.

    The detectors ask for the same pair more than once (folded and not), so
    the alignment is kept for the last few pairs, unless the pair is huge
    (its text would stay in memory, and its budget note must be made again
    in the next diff that meets it); ``opcodes`` bounds its cost even for a
    statement of a million tokens.
    """
    small = len(old) + len(new) <= _CACHED_CHARS
    ra, rb, ta, tb, ops = _aligned(old, new) if small else _align_tokens(old, new)
    gone: list[str] = []
    came: list[str] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag != "equal":
            gone.extend(ta[i1:i2] if fold else ra[i1:i2])
            came.extend(tb[j1:j2] if fold else rb[j1:j2])
    return gone, came


# Words that carry no claim of their own: function words, and the reporting
# verbs every quotation shares ("he said"). Two statements that share only
# these are not the same statement, however alike their word sets look.
STOPWORDS = frozenset(
    """
    a an the and or but nor so yet if then than as at by for from in into of off on onto out
    over to up upon with within without about above after against along among around before
    behind below beneath beside besides between beyond during except inside near since through
    throughout toward towards under until via i me my mine we us our ours you your yours he him
    his she her hers it its they them their theirs this that these those who whom whose which
    what when where why how whether there here all any both each either every few many more most
    much other some such no not only own same too very can could may might must shall should will
    would is are was were be been being am have has had having do does did doing done also just
    still even again ever now already said says say saying told tells tell added adds add
    according stated states asked noted one s t mr mrs ms dr
    """.split()
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@lru_cache(maxsize=32768)
def stem(word: str, lang: str = "en") -> str:
    """A light suffix strip, so "talks"/"talk" and "attended"/"attend" meet;
    in another language the engine knows, that language's stem
    ("делегацию" -> "делегац", ``monitor.text.stemming``).

    Not a real stemmer: it only has to make inflections of one word collide,
    never to make two different words collide often.
    """
    if lang != "en" and lang in stemming.SUPPORTED:
        return stemming.stem(stemming.fold(word, lang), lang)
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith(("ied", "ies")):
        w = w[:-3] + "y"
    elif len(w) > 4 and (w.endswith("ed") or (w.endswith("es") and not w.endswith("ses"))):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


@lru_cache(maxsize=8192)
def content_words(text: str, lang: str = "en") -> frozenset[str]:
    """Stems of the words in ``text`` that carry content (numbers included),
    by the rules of ``lang`` (``monitor.text.stemming``; English's are here)."""
    if lang == "en" or lang not in stemming.SUPPORTED:
        return frozenset(stem(w) for w in _WORD.findall(text) if w.casefold() not in STOPWORDS)
    out = {_content_stem(w, lang) for w in _WORD.findall(text.replace("\u0307", ""))}
    out.discard("")
    return frozenset(out)


@lru_cache(maxsize=32768)
def _content_stem(word: str, lang: str) -> str:
    """The stem of a word of ``lang``, or "" for a function word."""
    f = stemming.fold(word, lang)
    return "" if stemming.is_function_word(f, lang) else stemming.stem(f, lang)


def stopwords(lang: str = "en") -> frozenset[str]:
    """The words of ``lang`` that carry no claim of their own."""
    if lang == "en" or lang not in stemming.SUPPORTED:
        return STOPWORDS
    return stemming.stopwords(lang)


def shares_content(a: str, b: str, lang: str = "en") -> bool:
    """True when two statements may be one: they share a content word, or one
    of them has none to share (a bare "Update:")."""
    ca, cb = content_words(a, lang), content_words(b, lang)
    return not ca or not cb or not ca.isdisjoint(cb)


def outside_spans(s: str, spans: tuple[tuple[int, int, str], ...]) -> str:
    """``s`` without the spans (figures inside a clock time or a date are times, not figures)."""
    if not spans:
        return s
    parts, last = [], 0
    for a, b, _ in spans:
        parts.append(s[last:a])
        last = b
    parts.append(s[last:])
    return " ".join(parts)


def quotation_change(a: str, b: str, came: list[str], gone: list[str]) -> str | None:
    """How the quoted words ``a`` became ``b``, given the words that came and went that are
    not just moved out of or into the quotation (every language decides those its own way)."""
    if not came and not gone:
        return None
    if not a:
        return "quotation added"
    if not b:
        return "quotation dropped"
    return "quoted words changed"
