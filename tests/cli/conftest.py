"""Fixtures for the command-line tests: the real command, in process or in a subprocess."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_monitor
from tests.pg import pg_server, postgres_url  # noqa: F401  (fixtures)

# A developer's own database must never be the one a test writes to.
CLEAN_ENV = {"MONITOR_DATABASE_URL": "", "MONITOR_DATA_DIR": ""}


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def mon(tmp_path: Path) -> Callable[..., Result]:
    """``monitor`` in a subprocess, in a fresh working directory (its own ./snapshots/monitor.db)."""

    def run(*args: str, **kw) -> Result:
        kw.setdefault("cwd", tmp_path)
        kw["env"] = {**CLEAN_ENV, **(kw.get("env") or {})}
        p = run_monitor(*args, **kw)
        return Result(p.returncode, p.stdout, p.stderr)

    return run


def invoke(*args: str, cwd: Path) -> Result:
    """``monitor`` called in this process: the same ``main()``, without the second of start-up.

    For the many one-line error cases and read-backs; the main flows run in a
    subprocess (``mon``).
    """
    from monitor.cli import main

    out, err = io.StringIO(), io.StringIO()
    env = {**CLEAN_ENV, "NO_COLOR": "1", "COLUMNS": "100"}
    saved_env = {k: os.environ.get(k) for k in env}
    saved_argv, saved_cwd = sys.argv, os.getcwd()
    os.environ.update(env)
    sys.argv = ["monitor", *args]
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        os.chdir(saved_cwd)
        sys.argv = saved_argv
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., Result]:
    """``monitor`` in this process, in a fresh working directory."""
    return functools.partial(invoke, cwd=tmp_path)


def one_error_line(r: Result) -> str:
    """The single ``monitor: error:`` line of a failed command (asserting it is single)."""
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("monitor: error: "), r.stderr
    assert "Traceback" not in r.stderr
    return lines[0].removeprefix("monitor: error: ")
