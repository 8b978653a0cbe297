"""Diff time next to difflib, on ordinary and on worst-case version pairs.

    python -m benchmarks diff            # everything (about two minutes)
    python -m benchmarks diff --help     # this text; runs nothing

Ordinary pairs: synthetic live blogs of 100 to 10,000 sentences with 5% of
statements changed. Targets (the statement diff engine issue): a
2,000-sentence pair in at most 2x difflib's time over the text's lines (one
line a paragraph, blank lines between: the baseline that target was set
against), and growth no faster than about n log n. The ratio against difflib
over the statements alone, one per line, is shown beside it. Each figure
is the best of several runs (the least disturbed by the rest of the
machine), in CPU time of the measuring process.

Worst cases (the engine issue's "bounded cost"): every sentence edited, a
site-wide template change, a rewrite under a reused URL, 50,000 identical
paragraphs plus one, alternating statements, two 1 MB tokens, one 1 MB
statement, one 5,000-sentence quoted paragraph. Each runs in its own process
(its peak memory is its own, and a case that never ends is stopped at the
time-out and reported as "> N s"). Targets: every sentence edited in at most
1 s, the template change in at most 2 s, the quoted paragraph diffed
(segmentation included) in at most 0.1 s, every other case within
WORST_SECONDS and WORST_MB; the result says which stage reached its budget
("degraded"). The monitor's figure for a worst case is the median of
several runs where the case has a target of 2 s or less (seven for the
quoted paragraph), so that one lucky run does not meet a target.

The baseline is ``difflib.unified_diff`` (``SequenceMatcher`` with its
default junk heuristic, which keeps it fast on repeated lines) over the same
statements, one per line and with no blank separator lines: difflib treats
those as junk, which only inflates its time.
"""

from __future__ import annotations

import difflib
import gc
import json
import math
import random
import statistics
import string
import subprocess
import sys
import time

from benchmarks.synth import as_text, live_blog, next_version, sentence
from monitor import diff_texts

SIZES = (100, 500, 1000, 2000, 5000, 10000)
TARGET_RATIO_AT_2000 = 2.0
# Allowed growth exponent between the smallest and largest size, on top of
# n log n, before the run is flagged.
GROWTH_SLACK = 1.25
# Worst cases without a figure in the issue ("bounded"): the bound.
WORST_SECONDS = 10.0
WORST_MB = 400
TIMEOUT = 120.0


def best_of(fn, repeat: int) -> float:
    """Least CPU ms of ``repeat`` runs: CPU time, not wall time, because the
    machine is shared and a busy neighbour would otherwise set the figure."""
    best = math.inf
    for _ in range(repeat):
        gc.collect()
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best * 1000


def median_of(fn, repeat: int) -> float:
    """Median CPU ms of ``repeat`` runs: the figure for a worst case with a
    target, where one lucky run should not decide whether it is met."""
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times) * 1000


def difflib_ms(la: list[str], lb: list[str], repeat: int = 1) -> float:
    return best_of(lambda: list(difflib.unified_diff(la, lb, lineterm="")), repeat)


def lines(paras: list[list[str]]) -> list[str]:
    return [s for p in paras for s in p]


def measure(n: int, repeat: int) -> tuple[float, float, float, dict[str, int]]:
    """(difflib over the text's lines, difflib over the statements, monitor) ms."""
    a = live_blog(n, seed=n)
    b = next_version(a, share=0.05, seed=n + 1)
    ta, tb = as_text(a), as_text(b)
    t_text = difflib_ms(ta.splitlines(), tb.splitlines(), repeat)
    t_lines = difflib_ms(lines(a), lines(b), repeat)
    t_monitor = best_of(lambda: diff_texts(ta, tb), repeat)
    return t_text, t_lines, t_monitor, diff_texts(ta, tb).counts()


def segmentation() -> float:
    """CPU ms to segment one 86-sentence news article (the issue quotes 33 ms
    for pysbd on such an article here; the target is well under 1 ms)."""
    from monitor.text.segment import segment

    rng = random.Random(86)
    article = as_text([[sentence(rng) for _ in range(4)] for _ in range(21)] + [[sentence(rng), sentence(rng)]])
    assert sum(len(p) for p in segment(article)) == 86
    best = math.inf
    for _ in range(50):
        t = time.process_time()
        segment(article)
        best = min(best, time.process_time() - t)
    return best * 1000


# -- worst cases ---------------------------------------------------------------
# Each returns both versions as lists of paragraphs of statements, and how
# they are joined into a document ("\n\n" between paragraphs, or one
# paragraph).


def _light_edit(s: str, rng: random.Random) -> str:
    """One word inserted, inflected or dropped: the edit a copy desk makes."""
    w = s.split()
    k = rng.randrange(1, len(w) - 1)
    r = rng.randrange(3)
    if r == 0:
        w.insert(k, "also")
    elif r == 1:
        w[k] += "s"
    else:
        del w[k]
    return " ".join(w)


def every_sentence_edited() -> tuple:
    a = live_blog(2000, seed=7)
    rng = random.Random(8)
    return a, [[_light_edit(s, rng) for s in p] for p in a]


def template_change() -> tuple:
    a = live_blog(10000, seed=9)
    rng = random.Random(10)
    b = []
    for p in a:
        p = list(p)
        i = rng.randrange(len(p))
        p[i] = _light_edit(p[i], rng)
        b.append(p)
    return a, b


def rewrite() -> tuple:
    return live_blog(4000, seed=11), live_blog(4000, seed=12)


def identical_plus_one() -> tuple:
    a = [["The ministry said the figures would be published on Monday."]] * 50_000
    return a, a[:25_000] + [["A paragraph appears in the middle of the page."]] + a[25_000:]


def _alternating() -> tuple:
    s = ["Officials confirmed the road was open.", "Officials confirmed the road was closed."]
    a = [s[i % 2] for i in range(50_000)]
    return a, a[1:] + a[:1]


def alternating_paragraphs() -> tuple:
    a, b = _alternating()
    return [[x] for x in a], [[x] for x in b]


def alternating_one_paragraph() -> tuple:
    a, b = _alternating()
    return [a], [b]


def big_tokens() -> tuple:
    rng = random.Random(13)
    a, b = ("".join(rng.choices(string.ascii_letters, k=1_000_000)) for _ in range(2))
    return [[a]], [[b]]


def huge_statement() -> tuple:
    """1 MB of words with no sentence end; one word in a thousand edited."""
    rng = random.Random(15)
    vocab = ["Ministry", "said", "the", "talks", "would", "not", "resume", "Kharkiv", "on",
             "Monday", "“quoted”", "1,000", "Mr", "people"]
    w = [rng.choice(vocab) for _ in range(150_000)]
    v = list(w)
    for k in range(0, len(v), 1000):
        v[k] = rng.choice(vocab) + "x"
    return [[" ".join(w)]], [[" ".join(v)]]


def quoted_paragraph() -> tuple:
    rng = random.Random(14)
    a = [f"“{sentence(rng)[:-1]},” the spokesperson said." for _ in range(5000)]
    b = list(a)
    b[2500] = _light_edit(b[2500], rng)
    return [a], [b]


# name -> (label, make, target seconds)
WORST = {
    "every-edited": ("2,000 sentences, every one lightly edited", every_sentence_edited, 1.0),
    "template": ("10,000 sentences, a word edited per paragraph", template_change, 2.0),
    "rewrite": ("4,000 sentences rewritten (URL reused)", rewrite, WORST_SECONDS),
    "identical": ("50,000 identical paragraphs + 1 inserted", identical_plus_one, WORST_SECONDS),
    "alternating": ("alternating A/B x 50,000, paragraphs", alternating_paragraphs, WORST_SECONDS),
    "alternating-1p": ("alternating A/B x 50,000, one paragraph", alternating_one_paragraph, WORST_SECONDS),
    "tokens": ("two different 1 MB tokens", big_tokens, WORST_SECONDS),
    "statement": ("one 1 MB statement, 150 words edited", huge_statement, WORST_SECONDS),
    "quoted": ("one 5,000-sentence quoted paragraph, 1 edit", quoted_paragraph, 0.1),
}


def _child(name: str, what: str) -> None:
    """Runs one case in this process and prints its figures as JSON."""
    import resource

    label, make, target = WORST[name]
    a, b = make()
    repeat = 7 if target <= 0.1 else 3 if target <= 2 else 1
    out: dict = {}
    if what == "difflib":
        out["ms"] = difflib_ms(lines(a), lines(b), repeat)
    elif what == "segment":
        from monitor.text.segment import split_sentences

        para = " ".join(b[0])
        out["ms"] = best_of(lambda: split_sentences(para), 1)
    else:
        ta = "\n\n".join(" ".join(p) for p in a)
        tb = "\n\n".join(" ".join(p) for p in b)
        got = []
        out["ms"] = median_of(lambda: got.append(diff_texts(ta, tb)), repeat)
        d = got[-1]
        out["counts"] = d.counts()
        out["degraded"] = [k for k, _ in getattr(d, "degraded", ())]
        out["statements"] = [len(lines(a)), len(lines(b))]
    out["mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def _in_child(name: str, what: str, timeout: float) -> dict | None:
    try:
        r = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_diff", "--child", name, what],
            capture_output=True, text=True, timeout=timeout, check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(r.stdout.strip().splitlines()[-1])


def worst_cases(timeout: float = TIMEOUT) -> bool:
    ok = True
    print(f"\nworst cases, each in its own process (CPU ms, the monitor's a median where the case has a "
          f"target; MB: the process's peak RSS; "
          f"time-out {timeout:.0f} s)")
    print(f"{'worst case':<44} {'statements':>15} {'difflib ms':>10} {'monitor ms':>10} "
          f"{'ratio':>6} {'MB':>5}  result")
    for name, (label, _make, target) in WORST.items():
        base = _in_child(name, "difflib", timeout)
        got = _in_child(name, "monitor", timeout)
        td = f"{base['ms']:.1f}" if base else f"> {timeout:.0f} s"
        if got is None:
            ok = False
            print(f"{label:<44} {'':>15} {td:>10} {'> ' + str(int(timeout)) + ' s':>10}  (timed out)")
            continue
        ratio = f"{got['ms'] / base['ms']:.1f}" if base and base["ms"] else "-"
        shown = ", ".join(f"{v} {k}" for k, v in got["counts"].items() if v) or "no changes"
        flag = f"; degraded: {', '.join(got['degraded'])}" if got["degraded"] else ""
        within = got["ms"] <= target * 1000 and got["mb"] <= WORST_MB
        ok &= within
        st = "/".join(f"{n:,}" for n in got["statements"])
        print(f"{label:<44} {st:>15} {td:>10} {got['ms']:>10.1f} {ratio:>6} {got['mb']:>5.0f}  "
              f"{shown}{flag}{'' if within else '  OUTSIDE TARGET'}")
    seg = _in_child("quoted", "segment", timeout)
    seg_ok = seg is not None and seg["ms"] <= 100
    print("segmenting the 5,000-sentence quoted paragraph: "
          + (f"{seg['ms']:.1f} ms" if seg else f"> {timeout:.0f} s") + " (target <= 100 ms)")
    return ok and seg_ok


def run(argv: list[str] | None = None) -> bool:
    seg_ms = segmentation()
    print(f"segmenting an 86-sentence article: {seg_ms:.3f} ms CPU (target well under 1 ms)")
    rows = []
    print(f"{'sentences':>9} {'difflib ms':>11} {'monitor ms':>11} {'ratio':>6} "
          f"{'statements ms':>13} {'ratio':>6}  changes")
    for n in SIZES:
        td, tl, tm, counts = measure(n, repeat=15 if n <= 2000 else 5)
        rows.append((n, td, tm))
        shown = ", ".join(f"{v} {k}" for k, v in counts.items() if v)
        print(f"{n:>9} {td:>11.2f} {tm:>11.2f} {tm / td:>6.2f} {tl:>13.2f} {tm / tl:>6.2f}  {shown}")
    ok = True
    at2000 = next(r for r in rows if r[0] == 2000)
    ratio = at2000[2] / at2000[1]
    print(f"2,000-sentence ratio: {ratio:.2f} (target <= {TARGET_RATIO_AT_2000})")
    ok &= ratio <= TARGET_RATIO_AT_2000
    (n0, _, t0), (n1, _, t1) = rows[0], rows[-1]
    growth = math.log(t1 / t0) / math.log(n1 / n0)
    nlogn = math.log((n1 * math.log(n1)) / (n0 * math.log(n0))) / math.log(n1 / n0)
    print(f"growth exponent {n0}->{n1}: {growth:.2f} (n log n would be {nlogn:.2f}; "
          f"flagged above {nlogn * GROWTH_SLACK:.2f})")
    ok &= growth <= nlogn * GROWTH_SLACK
    ok &= seg_ms < 1.0
    ok &= worst_cases()
    print("diff benchmark:", "within targets" if ok else "OUTSIDE TARGETS")
    return ok


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], sys.argv[3])
    else:
        print(__doc__)
