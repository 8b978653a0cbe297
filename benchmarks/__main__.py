"""Runs every benchmark, or those named: ``python -m benchmarks diff check``."""

from __future__ import annotations

import importlib
import sys

SUITES = ("diff", "check", "daemon", "extract")


def main(argv: list[str]) -> int:
    names = argv or list(SUITES)
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
