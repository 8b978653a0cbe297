"""Rules: what alerts by default, keywords, additions only, reversions."""

import pytest

from monitor import diff_texts
from monitor.rules import Rules, RulesError, select
from monitor.text.normalize import normalize

OLD = ("The US will attend the talks. The talks start on Thursday.\n\n"
       "Many hoped that the talks would bring the war closer to an end.\n\nA paragraph that moves.")
NEW = ("A paragraph that moves.\n\nThe US will not attend the talks. The talks start on Thursday.\n\n"
       "Many hoped that the talks would bring the war nearer to an end.\n\nA ceasefire was proposed.")


@pytest.fixture(scope="module")
def d():
    return diff_texts(OLD, NEW)


def test_defaults_alert_on_material_changes_only(d):
    kinds = {c.kind: c for c in d}
    assert {"moved", "edited", "added"} <= set(kinds)
    sel = select(d.changes, d.groups, Rules())
    got = [(c.kind, c.aspects) for c in sel.changes]
    assert ("edited", ("negation",)) in got
    assert ("added", ()) in got
    assert all(c.kind != "moved" for c in sel.changes)
    assert all(c.aspects != ("wording",) for c in sel.changes)


def test_keywords_raise_significance_and_min_significance_filters(d):
    plain = select(d.changes, d.groups, Rules())
    boosted = select(d.changes, d.groups, Rules.from_mapping({"keywords": ["ceasefire"]}))
    before = next(c for c in plain.changes if "ceasefire" in (c.new or ""))
    after = next(c for c in boosted.changes if "ceasefire" in (c.new or ""))
    assert after.significance > before.significance and "keyword: ceasefire" in after.reason
    strict = select(d.changes, d.groups, Rules.from_mapping({"min_significance": 0.9}))
    assert [c.aspects for c in strict.changes] == [("negation",)]


def test_additions_only(d):
    sel = select(d.changes, d.groups, Rules.from_mapping({"additions_only": True}))
    assert sel.changes and {c.kind for c in sel.changes} == {"added"}


def test_reversion_is_reported_once(d):
    back = diff_texts(NEW, OLD)
    earlier = {normalize(s) for _, s in diff_texts(OLD, OLD).sentences("new")}
    first = select(back.changes, back.groups, Rules(), recent=[earlier])
    assert first.reversions and all("reverted" in c.reason for c in first.reversions)
    again = select(back.changes, back.groups, Rules(), recent=[earlier],
                   reported_reversions={normalize(c.new) for c in first.reversions})
    assert not again.reversions
    assert len(again.changes) < len(first.changes)


@pytest.mark.parametrize("bad,msg", [
    ({"kinds": ["exploded"]}, "unknown change kind"),
    ({"aspects": ["mood"]}, "unknown aspect"),
    ({"min_significance": 3}, "between 0 and 1"),
    ({"colour": "red"}, "unknown rule 'colour'"),
    ({"keywords": "ceasefire"}, "list of strings"),
])
def test_bad_rules_have_clear_errors(bad, msg):
    with pytest.raises(RulesError, match=msg):
        Rules.from_mapping(bad)
