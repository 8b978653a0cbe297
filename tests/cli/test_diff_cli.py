"""``monitor diff`` and ``monitor eval`` as a user runs them."""

import json


def write(p, text):
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_exit_status_follows_diff(monitor_cmd, tmp_path):
    a = write(tmp_path / "a.txt", "The US will attend. Talks on Thursday.")
    b = write(tmp_path / "b.txt", "The US will not attend. Talks on Thursday.")
    same = monitor_cmd("diff", a, a)
    assert same.returncode == 0 and "no changes" in same.stdout
    changed = monitor_cmd("diff", a, b)
    assert changed.returncode == 1
    assert "negation" in changed.stdout and "{+not+}" in changed.stdout


def test_large_texts_are_diffed_whole_never_cut(monitor_cmd, tmp_path):
    """Two 3 MB texts that differ only in their last sentence: the change is found, not cut away."""
    body = "\n\n".join(f"Paragraph {i} of the record says the talks went on for a while." for i in range(48_000))
    assert len(body) > 3_000_000
    a = write(tmp_path / "a.txt", body + "\n\nThe last word is Thursday.")
    b = write(tmp_path / "b.txt", body + "\n\nThe last word is Friday.")
    r = monitor_cmd("diff", a, b, "--format", "json")
    assert r.returncode == 1, r.stderr
    changes = json.loads(r.stdout)["changes"]
    assert [c["kind"] for c in changes] == ["edited"] and "Friday" in changes[0]["new"]


def test_formats_and_output_file(monitor_cmd, tmp_path):
    a = write(tmp_path / "a.txt", "Talks begin on Thursday.")
    b = write(tmp_path / "b.txt", "Talks begin on Friday.")
    r = monitor_cmd("diff", a, b, "--format", "json")
    assert r.returncode == 1 and json.loads(r.stdout)["changes"][0]["aspects"] == ["time"]
    out = tmp_path / "report.html"
    r = monitor_cmd("diff", a, b, "-f", "html", "--output", str(out))
    assert r.returncode == 1 and r.stdout == "" and out.read_text().startswith("<!doctype html>")
    r = monitor_cmd("diff", a, b, "-f", "markdown")
    assert r.stdout.startswith("## Changes")


def test_stdin_and_html_input(monitor_cmd, tmp_path):
    html = write(tmp_path / "page.html", "<!doctype html><html><body><nav>Home News</nav><article>"
                 "<p>The talks began in Istanbul on Friday after a day of delay.</p>"
                 "<p>The US did not participate in the negotiations at all.</p></article></body></html>")
    r = monitor_cmd("diff", "-", html, input="The talks began in Istanbul on Thursday after a day of delay.")
    assert r.returncode == 1, r.stderr
    assert "time" in r.stdout


def test_trouble_is_one_line_and_status_2(monitor_cmd, tmp_path):
    ok = write(tmp_path / "ok.txt", "Some text.")
    empty = write(tmp_path / "empty.txt", "  \n")
    binary = tmp_path / "bin.dat"
    binary.write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    cases = {
        "missing.txt": "no such file",
        empty: "empty document",
        str(binary): "binary",
        str(tmp_path): "directory",
        "http://127.0.0.1:9/nothing": "127.0.0.1",
        "ftp://example.invalid/x": "scheme",
    }
    for spec, needle in cases.items():
        r = monitor_cmd("diff", ok, spec)
        assert r.returncode == 2, (spec, r.stdout, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("monitor: error:"), (spec, r.stderr)
        assert needle in lines[0], (spec, lines[0])
        assert "Traceback" not in r.stderr


def test_eval_on_a_small_corpus(monitor_cmd, tmp_path):
    rec = {"id": "x", "old": "", "new": "",
           "old_sentences": ["The US will attend.", "Talks on Thursday."],
           "new_sentences": ["The US will not attend.", "Talks on Thursday.", "New line."],
           "links": [[0, 0], [1, 1]],
           "changes": [{"kind": "edited", "old": "The US will attend.", "new": "The US will not attend.",
                        "aspects": ["negation"]},
                       {"kind": "added", "old": None, "new": "New line.", "aspects": []}]}
    corpus = write(tmp_path / "c.jsonl", json.dumps(rec) + "\n")
    r = monitor_cmd("eval", corpus, "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["links"]["f1"] == 1.0 and d["labels"]["accuracy"] == 1.0
    assert d["kinds"]["edited"]["f1"] == 1.0 and d["aspects"]["negation"]["recall"] == 1.0
    bad = write(tmp_path / "bad.jsonl", "{not json\n")
    r = monitor_cmd("eval", bad)
    assert r.returncode == 2 and "not valid JSON" in r.stderr
