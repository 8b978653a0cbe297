"""Templates: page text stays data, user templates stay in the sandbox, sizes stay bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.diff.model import Change
from monitor.notify import registry
from monitor.notify.base import DeliveryError, NotifierConfigError
from monitor.notify.render import MAX_CHANGES, MAX_STATEMENT, Templates, default_templates
from tests.notify.conftest import hostile_alert, huge_alert, make_alert


def test_page_text_is_never_compiled() -> None:
    t = default_templates()
    alert = hostile_alert()
    for out in (t.text(alert), t.html(alert), t.subject(alert)):
        assert "{{ 7*7 }}" in out


def test_html_escapes_and_is_self_contained() -> None:
    html = default_templates().html(hostile_alert())
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<ins>" in html  # the word-level highlights of change_html
    for external in ("src=", "<link", "@import", "url("):
        assert external not in html


def test_subject_is_one_bounded_line() -> None:
    alert = make_alert(title="Breaking\r\nBcc: victim@example.com " + "x" * 500)
    subject = default_templates().subject(alert)
    assert "\n" not in subject and "\r" not in subject
    assert subject.startswith("[Story Monitor] Breaking Bcc:")
    assert len(subject) <= 200


def test_sizes_are_bounded() -> None:
    alert = huge_alert()
    text = default_templates().text(alert)
    html = default_templates().html(alert)
    assert f"…and {200 - MAX_CHANGES} more changes" in text
    assert "https://reports.example/r/1" in text and "https://reports.example/r/1" in html
    assert len(text) < MAX_CHANGES * (2 * MAX_STATEMENT + 500)
    # The most significant changes are the ones kept.
    assert "0.90" in text


def test_user_template_overrides_only_what_it_names(tmp_path: Path) -> None:
    (tmp_path / "subject.txt.j2").write_text("ALERT {{ watch }}: {{ total }} changes\n")
    t = Templates(tmp_path)
    alert = make_alert()
    assert t.subject(alert) == "ALERT istanbul-talks: 1 changes"
    assert "<ins>" in t.html(alert)  # still the built-in body


ESCAPES = ["{{ ''.__class__.__mro__[1].__subclasses__() }}", "{{ alert.__class__.__init__.__globals__ }}",
           "{{ cycler.__init__.__globals__.os }}", "{{ url.format.__self__.__class__ }}"]


ESCAPES += ["{% if kind == 'failing' %}{{ error.__class__ }}{% endif %}"]


@pytest.mark.parametrize("source", ESCAPES, ids=["mro", "globals", "cycler", "format-self", "failing-only"])
def test_user_template_cannot_escape_the_sandbox(tmp_path: Path, source: str) -> None:
    (tmp_path / "body.html.j2").write_text(source)
    with pytest.raises(NotifierConfigError) as info:
        registry.build({"type": "file", "directory": str(tmp_path / "out"), "template_dir": str(tmp_path)})
    message = str(info.value)
    assert message.startswith("notifier 'file': template 'body.html.j2' was stopped by the sandbox")
    assert "\n" not in message


def test_sandbox_violation_found_only_at_delivery_is_dead_lettered(tmp_path: Path) -> None:
    # The rehearsal at build time renders the 4-change sample, so this branch is first reached by a real alert.
    (tmp_path / "body.html.j2").write_text("{% if total == 1 %}{{ ''.__class__.__mro__ }}{% endif %}")
    notifier = registry.build({"type": "file", "directory": str(tmp_path / "out"), "template_dir": str(tmp_path)})
    with pytest.raises(DeliveryError) as info:
        notifier.send(make_alert())
    assert not info.value.transient
    assert "sandbox" in str(info.value)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_template_runtime_error_is_not_retried(tmp_path: Path) -> None:
    (tmp_path / "body.txt.j2").write_text("{{ total / 0 }}")
    notifier = registry.build({"type": "webhook", "url": "http://127.0.0.1:9/", "template_dir": str(tmp_path)})
    with pytest.raises(DeliveryError) as info:
        notifier.send(make_alert())
    assert not info.value.transient and "body.txt.j2" in str(info.value)


def test_reversion_is_marked() -> None:
    change = Change(kind="edited", old="The US will not attend.", new="The US will attend.", aspects=("negation",),
                    significance=0.9, details=(("reversion", "returns to an earlier version"),))
    alert = make_alert(changes=(change,))
    assert alert.reversions == (change,)
    assert "back to an earlier wording" in default_templates().text(alert)
    assert "back to an earlier wording" in default_templates().html(alert)


def test_template_syntax_error_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "body.txt.j2").write_text("{% for c in changes %}")
    with pytest.raises(NotifierConfigError, match="body.txt.j2"):
        registry.build({"type": "email", "to": ["a@example.com"], "template_dir": str(tmp_path)})


def test_missing_template_dir_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(NotifierConfigError, match="template_dir"):
        registry.build({"type": "file", "template_dir": str(tmp_path / "nowhere")})


def test_long_statement_is_cut() -> None:
    long = "word " * 2000
    alert = make_alert(changes=(Change(kind="added", old=None, new=long, significance=0.5),))
    text = default_templates().text(alert)
    assert "…" in text and len(text) < MAX_STATEMENT + 1000


# Templates that would allocate gigabytes or never finish, each refused when the notifier is built.
RUNAWAYS = {
    "repeat": ("{{ 'x' * 10**9 }}", "limit"),
    "power": ("{{ 2 ** (10 ** 9) }}", "too large a number"),
    "nested-loops": ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "longer than"),
    "doubling": ('{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
                 "limit"),
    "doubling-set": ("{% set s = 'xxxxxxxxxx' %}" + "{% set s = s ~ s %}" * 40 + "{{ s|length }}", "limit"),
    "set-block": ("{% set s = 'xxxxxxxxxx' %}" + "{% set s %}{{ s }}{{ s }}{% endset %}" * 40, "limit"),
    "width": ("{{ title|center(10**9) }}", "limit"),
    "format-width": ("{{ '%1000000000s'|format(title) }}", "format width"),
    "method-width": ("{{ '{:>1000000000}'.format(title) }}", "format width"),
    "replace": ("{{ summary|replace('', summary)|replace('', summary)|replace('', summary) }}", "limit"),
    "join": ("{{ range(100000)|map('string')|map('center', 99999)|join }}", "iteration went past"),
    "output": ("{% for i in range(100000) %}{{ summary }}{{ summary }}{% endfor %}", "output went past"),
    "append": ("{% set l = [] %}{% for i in range(100000) %}{{ l.append(summary) }}{% endfor %}", "unsafe"),
    "range": ("{{ range(10**9)|list|length }}", "limit"),
    "recursion": ("{% macro f(s, n) %}{{ f(s ~ s, n + 1) }}{% endmacro %}{{ f(summary, 0) }}", "limit"),
}


@pytest.mark.parametrize("name", list(RUNAWAYS))
def test_a_runaway_user_template_is_refused_in_bounded_time_and_memory(tmp_path: Path, name: str) -> None:
    import resource
    import time

    source, why = RUNAWAYS[name]
    (tmp_path / "body.txt.j2").write_text(source)
    t0, rss0 = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(NotifierConfigError) as info:
        registry.build({"type": "file", "directory": str(tmp_path / "out"), "template_dir": str(tmp_path)})
    assert "body.txt.j2" in str(info.value) and why in str(info.value), info.value
    assert "\n" not in str(info.value)
    assert time.monotonic() - t0 < 30  # the limit is 2 s a render; never the minutes a runaway would take
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0 < 200_000  # KB: not the gigabyte asked for


def test_the_limits_leave_ordinary_templates_and_page_text_alone(tmp_path: Path) -> None:
    (tmp_path / "body.txt.j2").write_text(
        "{% set ns = namespace(n=0) %}{% for c in changes %}{% set ns.n = ns.n + 1 %}{{ c.new|center(60) }}\n"
        "{% endfor %}{{ '%5d'|format(total) }} {{ '{:>8}'.format(version) }} {{ ns.n }} {{ (2 ** 64) % 7 }}")
    t = Templates(tmp_path)
    said = "Officials said: 120000 people left (%1000000s) {:>9999999}"
    alert = make_alert(changes=(Change(kind="added", old=None, new=said, significance=0.5),))
    out = t.text(alert)
    assert "120000 people left (%1000000s) {:>9999999}" in out and out.rstrip().endswith("1 2")
