"""Shell completion for bash, zsh and fish: the script each shell installs,
and the answers the ``monitor`` command gives it (commands, options, and
watch names read from the database), run as a shell runs them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SHELLS = ["bash", "zsh", "fish"]


def _complete(shell: str, words: str, cwd, **env: str) -> subprocess.CompletedProcess[str]:
    """What the installed script asks: the command line so far, in each shell's own protocol."""
    e = {**os.environ, "_MONITOR_COMPLETE": f"complete_{shell}", **env}
    if shell == "fish":
        e |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    else:
        parts = words.split(" ")
        e |= {"COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1), "_TYPER_COMPLETE_ARGS": words}
    return subprocess.run([sys.executable, "-m", "monitor"], env=e, cwd=cwd, capture_output=True, text=True,
                          timeout=60)


def _candidates(shell: str, out: str) -> set[str]:
    if shell == "zsh":  # _arguments '*: :(("value":"help" "value"))': the quoted value opening each item
        import re

        return set(re.findall(r'(?:\(\(|\n)"([^"]+)"', out))
    return {line.split("\t")[0] for line in out.splitlines() if line.strip()}


@pytest.mark.parametrize("shell", SHELLS)
def test_each_shell_gets_a_script_that_calls_monitor_back(shell, tmp_path):
    r = subprocess.run([sys.executable, "-m", "monitor", "--show-completion", shell], cwd=tmp_path,
                       env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "_MONITOR_COMPLETE" in r.stdout and f"complete_{shell}" in r.stdout


@pytest.mark.parametrize("shell", SHELLS)
def test_commands_options_and_watch_names_complete(shell, tmp_path, monitor_cmd):
    assert "add" in _candidates(shell, _complete(shell, "monitor ad", tmp_path).stdout)
    assert "--every" in _candidates(shell, _complete(shell, "monitor add --ev", tmp_path).stdout)
    # No database yet: nothing to offer, no error, and no database file left behind.
    r = _complete(shell, "monitor show ist", tmp_path)
    assert r.returncode == 0 and _candidates(shell, r.stdout) == set() and not (tmp_path / "snapshots").exists()
    for name, tag in (("istanbul-talks", "turkey"), ("istanbul-ceasefire", "talks"), ("kyiv-briefing", "україна")):
        assert monitor_cmd("add", f"https://news.example/{name}", "--name", name, "--tag", tag).returncode == 0
    got = _candidates(shell, _complete(shell, "monitor show ist", tmp_path).stdout)
    assert got == {"istanbul-talks", "istanbul-ceasefire"}
    assert _candidates(shell, _complete(shell, "monitor list --tag t", tmp_path).stdout) == {"talks", "turkey"}
    # --db given on the line is the database read.
    other = tmp_path / "other.db"
    r = monitor_cmd("add", "https://news.example/ankara", "--name", "ankara-live", "--db", str(other))
    assert r.returncode == 0
    got = _candidates(shell, _complete(shell, f"monitor history --db {other} an", tmp_path).stdout)
    assert got == {"ankara-live"}
