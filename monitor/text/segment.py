"""Paragraph and sentence segmentation tuned for news text.

A hand-written rule-based splitter rather than pysbd: pysbd took 33 ms of CPU
for one 86-sentence article here, which alone would cap a check round at about
60 pages/s on two cores, while these rules take well under a millisecond. The
rules cover what news copy throws at a splitter: "U.S.", "p.m.", "Mr.", "Jan.",
initials, decimals and "1,000", quotations that close a sentence, quoted
passages of several sentences, ellipses, and headlines, captions and
"Update:" lines that have no full stop at all.
"""

from __future__ import annotations

import re

from monitor.text.langdata import ABBREVIATIONS, QUOTES, SUPPORTED, calendar, canonical_time_word
from monitor.text.markers import is_marker_line, looks_like_heading, marker_prefix
from monitor.text.normalize import REF_MARK_BODY

_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_SPACES = re.compile(r"\s+")

# A candidate boundary: terminal punctuation, any closing quotes/brackets,
# white space, then something that can open a sentence. The first stop is
# spelled out before the repeat so that the regex engine can skip to the
# next stop in C (a leading group with a repeat disables that): half the
# scan time of a long paragraph.
# Reference marks an encyclopedia puts right after a sentence's stop
# ("exceptions.[1] The community …", "[3][4]", "[a]", "[citation needed]"):
# they belong to the sentence they close, and the boundary is after them.
REFS = rf"(?:\[(?:{REF_MARK_BODY})\])*"
_CANDIDATE = re.compile(
    r"""(?P<end>[.!?…][.!?…]*)(?P<close>["'”’»)\]]*""" + REFS + r""")(?P<gap>\s+)(?=["“‘«(\[]?[A-Z0-9À-ÖØ-Þ])"""
)
# The same for text whose sentences open in lowercase.
_CANDIDATE_ANY = re.compile(
    r"""(?P<end>[.!?…][.!?…]*)(?P<close>["'”’»)\]]*""" + REFS + r""")(?P<gap>\s+)(?=["“‘«(\[]?[A-Za-z0-9À-ÖØ-öø-ÿ])"""
)
_CHEAP = re.compile(r"[.!?…]")
_STOPS = (".", "!", "?", "…")
_AFTER_STOP_LOW = re.compile(r"[a-z0-9][.!?]\s+[a-zà-ÿ]")
# Necessary for a match of ``_AFTER_STOP_LOW``, and found much faster: the
# scan looks for the rare stop first instead of trying every letter.
_MAYBE_LOW = re.compile(r"[.!?]\s+[a-zà-ÿ]")
_AFTER_STOP_UP = re.compile(r"[a-z0-9][.!?][\"'”’)]*\s+[\"“‘(]?[A-ZÀ-Þ]")
_WORDY = re.compile(r"[\w.]*")
# A list item after extraction: a bullet or a number in front of it.
_BULLET = re.compile(r"(?:[-*•·▪►‣–—]\s+|\d{1,2}[.)]\s+(?=\S))")
# A line that can open a statement of its own after an unpunctuated line.
_OPENS = re.compile(r"[\"“‘«(\[]?[A-Z0-9À-ÖØ-Þ]")

# Words after which a period never ends a sentence (titles, and month or
# unit abbreviations that are followed by a name or a number).
_NEVER_END = frozenset(

        """
        mr mrs ms dr prof sr jr st gen col lt sgt capt cmdr adm gov sen rep rev hon pres
        supt insp det amb maj brig fr msgr no nos vol vols fig figs art pp ch sec jan feb
        mar apr jun jul aug sep sept oct nov dec approx ca cf vs v mt ft dept univ assn bros
        inc ltd co corp
        """.split()

)
# Abbreviations that may or may not end a sentence: a boundary only when the
# next word is a common sentence opener ("… at 1 p.m. The talks …").
_MAYBE_END = frozenset(["am", "pm", "us", "uk", "un", "eu", "etc", "ie", "eg", "al", "jr", "inc", "ltd", "co", "corp",
                        "oz", "lb", "lbs", "tsp", "tbsp"])
# The news agencies' abbreviations of US states, as a dateline or an address
# writes them after a comma ("HAYWARD, Calif. (AP) —", "in Flint, Mich., and"):
# there they end a sentence only before a typical opener. Matched with their
# capital, so "ill." or "miss." stay ordinary words.
_STATES = frozenset(
    """
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb Nebr
    Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo
    """.split()
)
_OPENERS = frozenset(

        """
        the a an he she it they we i you this that these those there his her its their our
        but and however meanwhile after before on in at by for from with as if when while
        earlier later since despite although though according officials some many mr mrs ms
        dr
        """.split()

)


# Words before a period that need the full rules (titles, abbreviations).
_SLOW_WORDS = _NEVER_END | _MAYBE_END


def split_paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, each with its white space folded.

    Inside a block a line break is a statement boundary when the line is an
    entry marker ("11:48", "Updated at 3.05pm GMT", "Pinned"), a list item,
    a short "Update:"-style line ending in a colon, or a line without
    terminal punctuation followed by a line that opens a new statement (a
    heading or an item of a list: one item per line is one statement).
    Otherwise it is a hard-wrapped line and folds into a space.
    """
    out: list[str] = []
    dateline = False  # a short block in capitals seen: maybe a dateline alone
    for block in _PARA_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        block = block.strip()
        if not block:
            continue
        if "\n" in block:
            lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
            out.extend(_join_wrapped(lines))
            dateline = True
        else:
            out.append(_SPACES.sub(" ", block) if "  " in block or "\t" in block else block)
            dateline = dateline or (len(block) <= 60 and block[:2].isupper())
    return _fold_datelines(out) if dateline and len(out) > 1 else out


# A dateline standing alone above the lead ("WASHINGTON —", "HAYWARD, Calif.
# (AP) —", "BAAR, Switzerland, Nov. 19 --"): some pages put it in an element
# of its own, and the next version of the same story often runs it into the
# first sentence. Read as a statement of its own it shows up as removed (or
# added) beside an edited lead; it is the first words of the lead.
_LONE_DATELINE = re.compile(
    r"(?!(?:UPDATE|UPDATED|BREAKING|CORRECTION|EXCLUSIVE|LIVE|WATCH|ANALYSIS|OPINION|EDITOR)\b)"
    r"[A-ZÀ-Þ][A-ZÀ-Þ'’.\- ]{2,30}(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?(?:\s+\d{1,2})?){0,3}(?:,\s*\d{4})?"
    r"(?:\s*\((?:AP|Reuters|AFP|UPI|CNN|dpa|Bloomberg|[A-Z][A-Za-z]{1,10} News)\))?\s*(?:--|—|–|-|/[\w ]{2,20}/\s*--)"
)


def _fold_datelines(paras: list[str]) -> list[str]:
    """Each paragraph that is only a dateline joined to the paragraph after it."""
    out: list[str] = []
    carry = ""
    for para in paras:
        if carry:
            para = f"{carry} {para}"
            carry = ""
        if len(para) <= 60 and para[:2].isupper() and _LONE_DATELINE.fullmatch(para):
            carry = para
            continue
        out.append(para)
    if carry:
        out.append(carry)
    return out


def _join_wrapped(lines: list[str]) -> list[str]:
    """Folds hard-wrapped lines; markers, items and headings stand alone."""
    wrapped = _is_wrapped_prose(lines)
    longest = max(len(ln) for ln in lines)
    paras: list[str] = []
    cur: list[str] = []
    for i, ln in enumerate(lines):
        if cur and _opens_statement(ln):
            paras.append(_SPACES.sub(" ", " ".join(cur)))
            cur = []
        cur.append(ln)
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None:
            continue
        # A title above wrapped body lines: much shorter than they are.
        title = (i == 0 and wrapped and len(ln) < 0.6 * longest and looks_like_heading(ln)
                 and _OPENS.match(nxt) is not None)
        if title or _line_ends_statement(ln, nxt, wrapped):
            paras.append(_SPACES.sub(" ", " ".join(cur)))
            cur = []
    if cur:
        paras.append(_SPACES.sub(" ", " ".join(cur)))
    return paras


def _opens_statement(line: str) -> bool:
    """A list item, a marker line, or an entry stamped in front ("12:31 – ...")."""
    if _BULLET.match(line) or is_marker_line(line):
        return True
    m = marker_prefix(line)
    return m is not None and m.timed


def _ends_with_stop(line: str) -> bool:
    return line.rstrip("\"'”’»)]").endswith(_STOPS)


def _is_wrapped_prose(lines: list[str]) -> bool:
    """True when the block reads as one hard-wrapped paragraph.

    In wrapped prose a line often breaks mid-sentence before a lowercase
    word; in a list or a stack of headings the next line opens with a
    capital. A third of the unpunctuated breaks going on in lowercase is
    enough to call the block wrapped.
    """
    breaks = low = 0
    for a, b in zip(lines, lines[1:], strict=False):
        if _ends_with_stop(a) or _BULLET.match(b):
            continue
        breaks += 1
        low += b[:1].islower()
    return breaks > 0 and low * 3 >= breaks


def _line_ends_statement(line: str, nxt: str, wrapped: bool) -> bool:
    if line.endswith(":") and len(line) <= 40:
        return True
    if is_marker_line(line) or _opens_statement(nxt):
        return True
    if _ends_with_stop(line):
        # A stop at the end of a line before a capital ends the statement,
        # unless it closes a title or an initial ("Mr.", "J.").
        if not _OPENS.match(nxt):
            return False
        word = _word_before(line, len(line.rstrip("\"'”’»)]")) - 1)
        low = word.lower().replace(".", "")
        return not ((len(word) == 1 and word.isupper()) or (low in _NEVER_END and low not in _MAYBE_END))
    if wrapped or nxt[:1].islower():
        return False
    return _OPENS.match(nxt) is not None


def split_sentences(paragraph: str, lang: str = "en") -> list[str]:
    """The statements of one paragraph, in order, stripped.

    A paragraph in another language the engine knows is split by
    ``_split_other`` with that language's abbreviations and quotation marks.

    Linear in the paragraph's length: candidate boundaries are visited in
    order and the quotation state is carried forward, never rescanned.
    Text without capitals ("the talks ended. they agreed on a swap.") is
    split before lowercase words too, still sparing abbreviations.
    """
    if not _CHEAP.search(paragraph):
        return [paragraph] if paragraph else []
    if lang != "en" and lang in SUPPORTED:
        return _split_other(paragraph, lang)
    out: list[str] = []
    start = 0
    quotes = _QuoteState(paragraph) if ("“" in paragraph or '"' in paragraph) else None
    cands = _CANDIDATE_ANY if _caseless(paragraph) else _CANDIDATE
    slow = _SLOW_WORDS
    rfind = paragraph.rfind
    # Locals and one ``groups()`` call a candidate: a 5,000-sentence
    # paragraph visits this loop 5,000 times.
    for m in cands.finditer(paragraph):
        end, close, _gap = m.groups()
        pos, after = m.span()  # the gap is the last text the match takes
        if quotes is not None and quotes.inside(pos, close):
            continue
        # Fast path, most candidates: "word." with a plain word of two or
        # more letters before it.
        if end == ".":
            lo = pos - 40 if pos > 40 else 0
            j = rfind(" ", lo, pos)
            word = paragraph[j + 1 if j >= 0 else lo:pos]
            if len(word) > 1 and word.isalpha() and word.lower() not in slow:
                if word in _STATES and _after_comma(paragraph, j) and not _next_is_opener(paragraph, after):
                    continue  # "HAYWARD, Calif. (AP) —"
            elif not _is_boundary(paragraph, m, None):
                continue
            elif pos - start <= 3 and paragraph[start:pos].isdigit():
                continue  # a list number: "1. Ditch the diet"
        elif not _is_boundary(paragraph, m, None):
            continue
        piece = paragraph[start:pos + len(end) + len(close)].strip()
        if piece:
            out.append(piece)
        start = after
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def _caseless(p: str) -> bool:
    """True when sentences here open in lowercase (lowercased or chat-style text)."""
    if not _MAYBE_LOW.search(p):
        return False  # the common case, found by a scan for stops alone
    low = len(_AFTER_STOP_LOW.findall(p))
    if not low:
        return False
    up = len(_AFTER_STOP_UP.findall(p))
    first = next((c for c in p if c.isalpha()), "")
    return low > up and (first.islower() or (up == 0 and low >= 2))


class _QuoteState:
    """Open quotation marks up to a position, carried forward in one pass.

    The marks between the last position asked about and the next are
    counted in C (``str.count`` over that stretch), not listed one by one:
    a 5,000-sentence quoted paragraph has 20,000 of them.
    """

    def __init__(self, p: str) -> None:
        self.p = p
        self.at = 0  # marks before this position are counted
        self.curly = 0  # “ minus ”
        self.straight = 0
        self.last_curly_close = p.rfind("”")
        self.last_straight = p.rfind('"')

    def inside(self, pos: int, close: str) -> bool:
        """True when ``pos`` sits inside a quotation that closes later in the
        paragraph: a quoted passage of several sentences stays one statement
        together with its attribution."""
        if pos > self.at:
            p, at = self.p, self.at
            self.curly += p.count("“", at, pos) - p.count("”", at, pos)
            self.straight += p.count('"', at, pos)
            self.at = pos
        if "”" in close or '"' in close:
            return False  # the quote closes right here
        if self.curly > 0 and self.last_curly_close >= pos:
            return True
        return self.straight % 2 == 1 and self.last_straight >= pos


def _is_boundary(p: str, m: re.Match[str], quotes: _QuoteState | None = None) -> bool:
    end = m.group("end")
    pos = m.start("end")
    if quotes is not None and quotes.inside(pos, m.group("close")):
        return False
    nxt = p[m.end("gap"):m.end("gap") + 1]
    if nxt.islower() and end in ("...", "…", ".."):
        return False  # "it was... unexpected"
    if end != ".":
        return True  # "!", "?", "…", "..." with a capital after
    word = _word_before(p, pos)
    if not word:
        return True
    low = word.lower().replace(".", "")
    if len(word) == 1 and word.isupper():
        return False  # an initial: "J. K. Rowling"
    if low in _NEVER_END and not ("." in word and low in _MAYBE_END):
        return low in _MAYBE_END and _next_is_opener(p, m.end())
    if "." in word or low in _MAYBE_END:
        # "U.S.", "p.m.", "e.g.": ends a sentence only before a typical opener
        return _next_is_opener(p, m.end())
    return True


def _after_comma(p: str, space: int) -> bool:
    """True when the word after the space at ``space`` follows a comma: "Flint, Mich."."""
    return space > 0 and p[space - 1] == ","


def _word_before(p: str, pos: int) -> str:
    """The letters, digits and inner periods that end right before ``pos``."""
    start = max(0, pos - 40)
    j = p.rfind(" ", start, pos)
    token = p[j + 1 if j >= 0 else start:pos].lstrip("\"'“‘«([")
    if _WORDY.fullmatch(token):
        return token.lstrip("_")
    i = len(token)
    while i > 0 and (token[i - 1].isalnum() or token[i - 1] == "."):
        i -= 1
    return token[i:]


def _next_is_opener(p: str, pos: int) -> bool:
    j = pos
    while j < len(p) and p[j] in "\"“‘«([":
        j += 1
    k = j
    while k < len(p) and p[k].isalpha():
        k += 1
    return p[j:k].lower() in _OPENERS


# Ukrainian, Russian, Turkish, German, French, Spanish: a stop, closing
# quotes or brackets, space, then an opening quote and any capital or digit.
_CANDIDATE_OTHER = re.compile(
    r"""(?P<end>[.!?…][.!?…]*)(?P<close>(?:[ \u00a0\u202f]?[»›])?["'”“’‘»«›)\]]*""" + REFS + r""")(?P<gap>\s+)"""
    r"""(?=["“„‘‚«»‹(\[]?[^\W_a-zа-яёєіїґçğışöüßà-ÿ])"""
)
_NEXT_WORD = re.compile(r"[^\W\d_]+")


def _split_other(paragraph: str, lang: str) -> list[str]:
    """Sentences of a paragraph in ``lang``: no split after an abbreviation
    ("z. B.", "вул.", "Sra."), an initial ("В. Зеленський", "R. T. Erdoğan"),
    a German or Turkish ordinal before a month ("am 3. Oktober"), or inside
    a quotation that closes later in the paragraph (« », „ “, » «)."""
    abbrev = ABBREVIATIONS[lang]
    pairs = QUOTES[lang]
    quoted = any(q in paragraph for q in pairs)
    out: list[str] = []
    start = 0
    rfind = paragraph.rfind
    for m in _CANDIDATE_OTHER.finditer(paragraph):
        end, close, _gap = m.groups()
        pos, after = m.span()
        if end == ".":
            # most periods follow a plain word, as in ``split_sentences``: no
            # need to ask ``_not_an_end`` (a third of this function's time)
            lo = pos - 40 if pos > 40 else 0
            j = rfind(" ", lo, pos)
            word = paragraph[j + 1 if j >= 0 else lo:pos]
            if not (len(word) > 1 and word.isalpha() and word.lower() not in abbrev) and _not_an_end(
                paragraph, pos, m.end("gap"), lang, abbrev
            ):
                continue
        if quoted and _open_quote(paragraph, start, pos, pairs) and not (set(close) & _closers(pairs)):
            continue  # a quoted passage of several sentences stays whole
        piece = paragraph[start:pos + len(end) + len(close)].strip()
        if piece:
            out.append(piece)
        start = after
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def _not_an_end(p: str, pos: int, nxt: int, lang: str, abbrev: frozenset[str]) -> bool:
    """The period at ``pos`` closes an initial, an abbreviation or an ordinal."""
    word = _word_before(p, pos)
    if len(word) > 1 and word.isalpha() and word.lower() not in abbrev:
        return False  # most periods: a plain word before them
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "В. Зеленський"
    if word.lower().replace(".", "") in abbrev:
        return True
    if "." in word and len(word) <= 6 and word.replace(".", "").isalpha():
        return True  # "z.B.", "т.д."
    if word.isdigit() and len(word) <= 2:
        w = _NEXT_WORD.match(p, nxt)
        return w is not None and canonical_time_word(w.group(), calendar(lang)) is not None  # "am 3. Oktober"
    return False


def _closers(pairs: dict[str, str]) -> set[str]:
    return set("".join(pairs.values()))


def _open_quote(p: str, start: int, pos: int, pairs: dict[str, str]) -> bool:
    """A quotation opened between ``start`` and ``pos`` that closes later on."""
    opener = None
    for i in range(start, pos):
        ch = p[i]
        if opener is None:
            if ch in pairs:
                opener = ch
        elif ch in pairs[opener]:
            opener = None
    if opener is None:
        return False
    return any(c in p[pos:] for c in pairs[opener])


def segment(text: str) -> list[list[str]]:
    """The whole document: a list of paragraphs, each a list of sentences."""
    return [split_sentences(p) for p in split_paragraphs(text)]


def sentences(text: str) -> list[str]:
    """All statements of a document in order, paragraphs flattened."""
    return [s for para in segment(text) for s in para]
