"""How much of one version of a story is still in another, and whether a text reads like a gate page.

The check uses these to tell a story that changed from a page that is not
the story at all: a bot challenge, a consent wall or an error page served
with status 200. Those share almost none of the story's wording, whatever
their length. A genuine rewrite of the same story keeps names, places and
quotes, so some of its three-word runs survive; a URL reused for another
article shares nothing either, but it is served the same way on every check
and carries no gate wording, which is how the check lets it through.

Both functions are linear in the text and allocate one set of integers.
"""

from __future__ import annotations

import re

SHINGLE = 3  # words per run: long enough that "of the" alone is no evidence
MIN_SHINGLES = 40  # below this the old version is too short to judge by overlap
_MAX_WORDS = 200_000  # a bound on the work, far above any article
_WORD = re.compile(r"\w+")

# Wording of the pages a site serves instead of the article: bot challenges,
# blocks, rate limits, error and paywall pages. Consulted only for a text that
# already shares almost nothing with the story, so a story *about* captchas
# is never held by these alone.
_GATE = re.compile(
    r"\b(?:checking (?:if the site connection is secure|your browser)|verify(?:ing)? (?:that )?you are (?:a )?human"
    r"|are you a robot|not a robot|captcha|enable (?:javascript|cookies)|javascript (?:is )?(?:required|disabled)"
    r"|(?:allow|accept) cookies|access (?:denied|forbidden)|403 forbidden|request (?:was )?blocked"
    r"|you have been blocked"
    r"|unusual traffic|too many requests|rate limit|security (?:check|service)|ddos protection|just a moment"
    r"|one moment,? please|attention required|page (?:not found|cannot be found|does not exist)|error 404|404 not found"
    r"|something went wrong|service (?:is )?(?:temporarily )?unavailable|internal server error"
    r"|subscribe to (?:continue|keep) reading|log in to continue|sign in to continue)\b",
    re.IGNORECASE,
)


def shingles(text: str) -> set[int]:
    """Hashes of every run of ``SHINGLE`` consecutive words, case folded."""
    words = _WORD.findall(text.casefold())[:_MAX_WORDS]
    return {hash(tuple(words[i : i + SHINGLE])) for i in range(max(0, len(words) - SHINGLE + 1))}


def kept_fraction(old: str, new: str) -> float | None:
    """The share of ``old``'s word runs still present in ``new``; ``None`` when
    ``old`` is too short for the figure to mean anything."""
    before = shingles(old)
    if len(before) < MIN_SHINGLES:
        return None
    return len(before & shingles(new)) / len(before)


def gate_wording(text: str) -> str | None:
    """The first phrase that marks ``text`` as a challenge, block or error page, if any."""
    m = _GATE.search(text[:20_000])
    return " ".join(m.group(0).split()).lower() if m else None
