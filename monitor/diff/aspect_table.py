"""Every aspect of an edit, in one table: its weight, its detector, whether it alerts.

The change model (``monitor.diff.model.ASPECTS``), the classifier's
significance (``monitor.diff.classify``), the rules' default of which
aspects alert (``monitor.rules``), the alert JSON schema and the README's
table of aspects all read this table; a test fails when the README drifts
from it. Order is the order aspects are listed in everywhere (rules, help,
schema); the detectors themselves run in the order ``aspects.detect`` gives
(polarity first, ``content`` only when nothing else fired, ``wording`` last).
Kept free of imports so the model can read it.

Print the README table with ``python -m monitor.diff.aspect_table``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AspectInfo:
    """One aspect. ``weight`` is its significance alone (an edit scores its strongest aspect);
    ``material`` aspects alert by default; ``detector`` names the function of
    ``monitor.diff.aspects`` that finds it (empty for ``wording``, what is left
    when nothing else fired); ``fires`` and ``not_for`` are the README's columns."""

    name: str
    weight: float
    material: bool
    detector: str
    fires: str
    not_for: str


ASPECT_TABLE: tuple[AspectInfo, ...] = (
    AspectInfo("numbers", 0.8, True, "number_change",
               'a figure changed, in digits or in words ("two" → "three", "zwei" → "drei", '
               '"hundreds" → "thousands"), or its floor or ceiling: "about 65%" → "more than 65%"',
               '"1000" vs "1,000", "three" vs "3", "about 300" vs "300", "one of the", "ein paar", '
               'reference marks renumbered ("[4]" → "[5]")'),
    AspectInfo(
        "negation", 0.95, True, "negation_change",
        'a predicate in both wordings changed polarity: "would also be present" → "did not participate", '
        '"confirmed" → "denied", "Not all … were rescued" → "All … were not rescued"',
        '"not" vs "n\'t", "did not respond" vs "declined to comment", a negated clause added or dropped, '
        '"Doctors Without Borders", "no-confidence", "did not say how many"'),
    AspectInfo("quote", 0.7, True, "quote_change",
               'the quoted words changed (a quotation split around "he said" is one)',
               "the attribution changed, quote marks put around words already there"),
    AspectInfo("entities", 0.6, True, "entity_change",
               'a name added, dropped or changed ("in Istanbul" → "in Ankara", in German too: countries and cities '
               'from CLDR are names however frequent)',
               '"Mr."/"Dr.", a dateline, a capitalised common word opening a sentence, "Zelensky"/"Zelenskyy", '
               '"Zeid"/"Zeid Ra\'ad al-Hussein", "he" → "Mr. Belliveau", a byline, contributor line or '
               'photo credit gaining a name'),
    AspectInfo("time", 0.6, True, "time_change", 'dates, weekdays, clock times, "a day later"',
               '"April 2020" vs "April, 2020", "today (October 3)" vs "on October 3", the page\'s own '
               '"Updated 3:45 p.m. ET" or "Page last reviewed" line'),
    # A claim added or dropped: material, below a figure or a name.
    AspectInfo("content", 0.5, True, "content_change",
               'a claim added or dropped with none of the above touched: "freed {+and the attacker is dead+}", '
               '"{+initially+}", "most" → "some", "will" → "could"',
               "synonyms, reordering, tense, punctuation"),
    AspectInfo("wording", 0.15, False, "", "nothing material; never alerts alone", ""),
)

ASPECT_NAMES: tuple[str, ...] = tuple(a.name for a in ASPECT_TABLE)
WEIGHTS: dict[str, float] = {a.name: a.weight for a in ASPECT_TABLE}
MATERIAL: frozenset[str] = frozenset(a.name for a in ASPECT_TABLE if a.material)


def markdown_table() -> str:
    """The README's table of aspects, one row per aspect."""
    rows = ["| aspect | fires when | does not fire for | weight | alerts by default |", "|---|---|---|---|---|"]
    for a in ASPECT_TABLE:
        rows.append(f"| `{a.name}` | {a.fires} | {a.not_for} | {a.weight} | {'yes' if a.material else 'no'} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
