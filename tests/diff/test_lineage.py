"""Planning statement lineage from one diff: which old statement each new one continues."""

from monitor.diff.engine import diff_texts
from monitor.diff.lineage import plan_first, plan_lineage, statement_key, statements
from tests.origin import seed_versions

JOINED = ("Intro line here.\n\nThe minister arrived in Istanbul on Thursday morning and later met the Ukrainian "
          "delegation at noon.\n\nClosing words.")
APART = ("Intro line here.\n\nThe minister arrived in Istanbul on Thursday morning. Later he met the Ukrainian "
         "delegation at noon.\n\nClosing words.")


def test_first_version_counts_statements_as_the_diff_engine_does():
    for text in seed_versions():
        plan = plan_first(text)
        d = diff_texts(text, text + "\n\nOne more.")
        assert [s.text for s in plan.steps] == [t for _, t in d.sentences("old")] == statements(text)
        assert {s.kind for s in plan.steps} == {"added"} and plan.first


def test_every_old_statement_is_continued_or_gone_exactly_once():
    seeds = seed_versions()
    for a, b in zip(seeds, seeds[1:], strict=False):
        plan = plan_lineage(diff_texts(a, b))
        continued = [s.prev for s in plan.steps if s.prev is not None]
        assert sorted(continued + [g.prev for g in plan.gone]) == list(range(plan.old_count))
        assert [s.position for s in plan.steps] == list(range(len(statements(b))))


def test_the_participation_edit_carries_its_aspects():
    seeds = seed_versions()
    plan = plan_lineage(diff_texts(seeds[3], seeds[4]))
    [step] = [s for s in plan.steps if "did not participate" in s.text]
    assert step.kind == "edited" and step.aspects == ("negation",)
    assert step.old.startswith("The United States said it would also be present")
    assert statements(seeds[3])[step.prev] == step.old


def test_a_split_continues_into_its_first_piece_and_the_rest_are_born_of_it():
    plan = plan_lineage(diff_texts(JOINED, APART))
    kinds = [(s.kind, s.prev, s.also) for s in plan.steps]
    assert kinds == [("same", 0, ()), ("split", 1, ()), ("added", None, (1,)), ("same", 2, ())]
    assert plan.gone == ()


def test_a_merge_continues_the_first_and_absorbs_the_others():
    plan = plan_lineage(diff_texts(APART, JOINED))
    assert [(s.kind, s.prev) for s in plan.steps] == [("same", 0), ("merged", 1), ("same", 3)]
    [gone] = plan.gone
    assert gone.prev == 2 and gone.into == 1 and gone.text.startswith("Later he met")
    assert plan.counts == {"same": 2, "merged": 1, "absorbed": 1}


def test_statement_key_ignores_what_normalisation_ignores():
    assert statement_key("The US  will attend.") == statement_key("The US will attend.")
    assert statement_key("The US will attend.") != statement_key("The US will not attend.")
