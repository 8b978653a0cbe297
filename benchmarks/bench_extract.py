"""Extraction time per page on the bundled local pages, next to trafilatura.

Extraction runs on every changed page, so its CPU cost is watched here as a
ratio against trafilatura's own ``extract(html)`` with its defaults (the
fair baseline: the same library, parsing the same page, with nothing of the
monitor's around it) and against its ``fast`` mode. The pages are the local
news site's: the seed story's versions and synthetic articles, each in the
site's ~35 KB of furniture. Each figure is the best of several runs.
"""

from __future__ import annotations

import gc
import math
import re
import time
from pathlib import Path

from monitor.origin import render_article
from monitor.origin.pages import synthetic_article

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "istanbul-talks"
# The monitor does more than trafilatura's default pass (the title, captions
# put back, layout-table and short-article checks): flagged past this ratio.
MAX_RATIO_TO_DEFAULTS = 1.5


def pages() -> list[tuple[str, str]]:
    out = []
    files = sorted(SEEDS.glob("v*.txt"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    for p in files:
        out.append((f"seed {p.stem}", render_article("Live: talks in Istanbul", p.read_text(encoding="utf-8"))))
    for n in range(4):
        out.append((f"synthetic {n}", render_article(f"Report {n}", synthetic_article(n, 0))))
    return out


def best_cpu_ms(fn, page: str, repeat: int) -> float:
    best = math.inf
    for _ in range(repeat):
        gc.collect()
        t = time.process_time()
        fn(page)
        best = min(best, time.process_time() - t)
    return best * 1000


def run(repeat: int = 20) -> bool:
    import trafilatura

    from monitor.text.extract import extract, warm_up

    warm_up()
    runners = {
        "monitor": lambda h: extract(h),
        "trafilatura": lambda h: trafilatura.extract(h),
        "fast": lambda h: trafilatura.extract(h, fast=True),
    }
    print(f"{'page':<14} {'KB':>4} {'monitor ms':>11} {'trafilatura ms':>15} {'fast ms':>8} {'ratio':>6}")
    totals = dict.fromkeys(runners, 0.0)
    for name, page in pages():
        row = {k: best_cpu_ms(fn, page, repeat) for k, fn in runners.items()}
        for k, v in row.items():
            totals[k] += v
        print(f"{name:<14} {len(page) // 1024:>4} {row['monitor']:>11.2f} {row['trafilatura']:>15.2f} "
              f"{row['fast']:>8.2f} {row['monitor'] / row['trafilatura']:>6.2f}")
    ratio = totals["monitor"] / totals["trafilatura"]
    print(f"all pages: monitor / trafilatura defaults {ratio:.2f}, monitor / fast "
          f"{totals['monitor'] / totals['fast']:.2f} (flagged above {MAX_RATIO_TO_DEFAULTS})")
    return ratio <= MAX_RATIO_TO_DEFAULTS


if __name__ == "__main__":
    # Run as a module on its own: the description only (``python -m benchmarks extract`` measures).
    print(__doc__)
