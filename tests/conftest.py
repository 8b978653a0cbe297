"""Shared fixtures: running the real ``monitor`` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Fixtures shared by every test folder: the local news site and PostgreSQL.
pytest_plugins = ["tests.origin", "tests.pg"]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "istanbul-talks"


def run_monitor(*args: str, cwd: Path | None = None, input: str | None = None,
                env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args], cwd=cwd, input=input, env=full_env,
        capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture
def monitor_cmd(tmp_path):
    """Runs ``monitor`` in a fresh working directory (its own snapshots/)."""

    def run(*args: str, **kw):
        kw.setdefault("cwd", tmp_path)
        return run_monitor(*args, **kw)

    return run
