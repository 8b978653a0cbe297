"""Runs every benchmark, or those named: ``python -m benchmarks diff check``."""

from __future__ import annotations

import importlib
import itertools
import sys

SUITES = ("diff", "check", "daemon", "extract", "browser", "fleet", "documents", "lang", "schedule")


def main(argv: list[str]) -> int:
    # Suite names come first; what follows the first option is the suites' own
    # (``schedule --daemons 4``), so a value there is not taken for a name.
    names = list(itertools.takewhile(lambda a: not a.startswith("-"), argv))
    names = names or [a for a in argv if a in SUITES] or list(SUITES)
    if "-h" in argv or "--help" in argv:
        # Help only: each named suite's description, nothing measured.
        for name in names:
            if name in SUITES:
                doc = importlib.import_module(f"benchmarks.bench_{name}").__doc__ or ""
                print(f"=== {name} ===\n{doc.strip()}\n")
        return 0
    failed = 0
    for name in names:
        if name not in SUITES:
            print(f"unknown benchmark {name!r}; choose from {', '.join(SUITES)}", file=sys.stderr)
            return 2
        try:
            mod = importlib.import_module(f"benchmarks.bench_{name}")
        except ModuleNotFoundError as e:
            print(f"[{name}] not available yet: {e}")
            continue
        print(f"\n=== {name} ===")
        failed += 0 if mod.run() else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
