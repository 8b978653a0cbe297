"""Statement lineage on the seed story: one identity per statement across versions,
kept by the check that stores each version, and the timeline read from it."""

from __future__ import annotations

from sqlmodel import delete, select

from monitor.diff.engine import diff_texts
from monitor.diff.lineage import plan_lineage, statements
from monitor.store import add_watch, lineage_versions, session_scope
from monitor.store.models import LineageVersion, Statement, StatementEvent
from monitor.views.timeline import timeline_view
from tests.checks import check_texts
from tests.origin import seed_versions

US = "United States"


def store_versions(engine, tmp_path, texts, name="istanbul-talks"):
    """Each text read by a real check of a file watch, as the daemon would."""
    doc = tmp_path / f"{name}.txt"
    with session_scope(engine, write=True) as s:
        add_watch(s, name, str(doc), kind="file")
    return check_texts(engine, doc, texts, step=0)


def us_statement(tl):
    [st] = [s for s in tl["statements"] if "United States" in s["text"]]
    return st


def test_seed_story_us_statement_keeps_one_identity_with_its_edit_aspects(engine, tmp_path):
    seeds = seed_versions()
    reports = store_versions(engine, tmp_path, seeds)
    assert [r.version for r in reports] == list(range(1, len(seeds) + 1))
    with session_scope(engine) as s:
        held = lineage_versions(s, 1)
    # The checks numbered every version as they stored it: nothing is left to fill in.
    assert sorted(held) == list(range(1, len(seeds) + 1))
    assert [len(held[v]) for v in sorted(held)] == [len(statements(t)) for t in seeds]

    tl = timeline_view(engine, "istanbul-talks", about=US)
    assert tl["numbered_now"] == 0
    st = us_statement(tl)
    kinds = [(h["version"], h["kind"]) for h in st["history"]]
    assert kinds == [(1, "appeared"), (2, "edited"), (5, "edited")]
    assert st["history"][1]["aspects"] == ["entities"]
    assert st["history"][2]["aspects"] == ["negation"]
    assert "would also be present" in st["history"][2]["old"]
    assert "ultimately did not participate" in st["history"][-1]["new"] and st["present"]
    assert st["first_version"] == 1 and st["edits"] == 2
    # The same identity sits in every version from 1 to 6 (it moved in v3 and v5).
    assert all(st["id"] in held[v] for v in held)


def test_unchanged_statements_map_to_themselves(engine, tmp_path):
    seeds = seed_versions()
    store_versions(engine, tmp_path, seeds)
    with session_scope(engine) as s:
        held = lineage_versions(s, 1)
    for v in range(1, len(seeds)):
        d = diff_texts(seeds[v - 1], seeds[v])
        old, new = d.sentences("old"), d.sentences("new")
        plan = plan_lineage(d)
        for step in plan.steps:
            if step.kind == "same":
                assert held[v + 1][step.position] == held[v][step.prev]
                assert new[step.position][1] == old[step.prev][1]


def test_removed_statement_that_comes_back_keeps_its_identity(engine, tmp_path):
    v1, v2 = seed_versions()[:2]
    without = v2.replace("The United States said it would also be present in the negotiations.\n\n", "")
    assert without != v2
    store_versions(engine, tmp_path, [v1, v2, without, without + "\n\nA new line about talks.", v2])
    tl = timeline_view(engine, "istanbul-talks", about=US)
    st = us_statement(tl)
    assert [(h["version"], h["kind"]) for h in st["history"]] == [
        (1, "appeared"), (2, "edited"), (3, "removed"), (5, "returned")]
    assert st["present"]
    with session_scope(engine) as s:
        held = lineage_versions(s, 1)
    assert st["id"] in held[2] and st["id"] not in held[3] and st["id"] in held[5]


def test_about_keeps_statements_that_mention_the_subject_under_any_name(engine, tmp_path):
    texts = ["The US will attend the talks.\n\nThe weather was fine.\n\nLet us hope for peace.",
             "The US will not attend the talks.\n\nThe weather was fine.\n\nLet us hope for peace.\n\n"
             "Washington sent no one.\n\nU.S. officials declined to comment."]
    store_versions(engine, tmp_path, texts, name="story")
    everything = timeline_view(engine, "story")
    assert len(everything["statements"]) == 5
    about = timeline_view(engine, "story", about=US)
    texts_kept = [s["text"] for s in about["statements"]]
    assert texts_kept == ["The US will not attend the talks.", "Washington sent no one.",
                          "U.S. officials declined to comment."]  # not "Let us hope": "US" matches in capitals only
    bare = timeline_view(engine, "story", about=US, builtin_aliases=False)
    assert bare["statements"] == []
    extra = timeline_view(engine, "story", about="weather", aliases=["rain"])
    assert [s["text"] for s in extra["statements"]] == ["The weather was fine."]
    assert extra["about"]["names"] == ["weather", "rain"]


def test_versions_stored_before_lineage_are_numbered_on_first_read(engine, tmp_path):
    seeds = seed_versions()
    store_versions(engine, tmp_path, seeds)
    with session_scope(engine, write=True) as s:  # as a database from before the lineage tables
        for table in (LineageVersion, StatementEvent, Statement):
            s.exec(delete(table))
    tl = timeline_view(engine, "istanbul-talks", about=US)
    assert tl["numbered_now"] == len(seeds)
    assert [(h["version"], h["kind"]) for h in us_statement(tl)["history"]] == [
        (1, "appeared"), (2, "edited"), (5, "edited")]
    assert timeline_view(engine, "istanbul-talks")["numbered_now"] == 0


def test_a_distrusted_version_later_confirmed_is_numbered_by_the_next_check(engine, tmp_path):
    story = seed_versions()[-1]
    cut = story.split("\n\n")[0] + "\n\nThe talks are over."
    reports = store_versions(engine, tmp_path, [story, cut, cut, cut + "\n\nA delegation left."])
    assert [r.outcome for r in reports] == ["first", "suspect", "changed", "changed"], reports
    with session_scope(engine) as s:
        held = lineage_versions(s, 1)
    # v2 was held as suspect, then believed when seen again: the check that believed it
    # numbered it, and the next one chained v3 from it, with no timeline read in between.
    assert sorted(held) == [1, 2, 3]
    assert held[2][:2] == held[1][:2] and len(held[2]) == 3  # the caption kept its two statements
    assert held[3][:3] == held[2] and len(held[3]) == 4
    tl = timeline_view(engine, "istanbul-talks")
    assert tl["numbered_now"] == 0
    [left] = [s for s in tl["statements"] if s["text"] == "A delegation left."]
    assert [(h["version"], h["kind"]) for h in left["history"]] == [(3, "appeared")]


def test_a_version_numbered_with_another_segmentation_is_matched_by_its_words(engine, tmp_path):
    seeds = seed_versions()
    store_versions(engine, tmp_path, seeds[:1])
    with session_scope(engine, write=True) as s:  # as if v1 had been cut into one statement fewer
        row = s.exec(select(LineageVersion)).one()
        row.statements = row.statements[:-1]
        s.add(row)
    check_texts(engine, tmp_path / "istanbul-talks.txt", [seeds[1]])
    with session_scope(engine) as s:
        held = lineage_versions(s, 1)
    assert len(held[2]) == len(statements(seeds[1]))
    assert held[2][:3] == held[1]  # the three it still knew, matched by their words
    tl = timeline_view(engine, "istanbul-talks", about=US)
    assert [(h["version"], h["kind"], h["aspects"]) for h in us_statement(tl)["history"]] == [
        (1, "appeared", []), (2, "edited", ["entities"])]


def test_a_gap_in_the_lineage_is_filled_by_the_next_check(engine, tmp_path):
    seeds = seed_versions()
    store_versions(engine, tmp_path, seeds[:2])
    with session_scope(engine, write=True) as s:  # v2 stored without a lineage
        s.exec(delete(LineageVersion).where(LineageVersion.version == 2))
    check_texts(engine, tmp_path / "istanbul-talks.txt", [seeds[2]])
    with session_scope(engine) as s:
        held = lineage_versions(s, 1)
    assert sorted(held) == [1, 2, 3]  # no timeline read: the check numbered v2, then v3
    assert held[2] == held[1]  # v1 -> v2 only edited statements in place
    assert sorted(held[3][:-1]) == sorted(held[2]) and held[3][-1] not in held[2]


def test_pruned_versions_keep_their_statement_histories(engine, tmp_path):
    from monitor.store import apply_retention, get_watch

    seeds = seed_versions()
    store_versions(engine, tmp_path, seeds)
    with session_scope(engine, write=True) as s:
        w = get_watch(s, "istanbul-talks")
        w.keep_versions = 2
        assert apply_retention(s, w) == 4
    tl = timeline_view(engine, "istanbul-talks", about=US)
    assert [v["version"] for v in tl["versions"]] == [5, 6] and tl["numbered_now"] == 0
    assert [(h["version"], h["kind"]) for h in us_statement(tl)["history"]] == [
        (1, "appeared"), (2, "edited"), (5, "edited")]


def test_about_an_alias_brings_its_whole_row():
    from monitor.views.about import about

    us = about("US")
    assert us.names[:3] == ("US", "United States", "U.S.") and "Washington" in us.names
    assert us.matches("Officials in Washington said so.") and not us.matches("Let us hope.")
    assert about("us").names == ("us",)  # in lower case it is the pronoun, not the country
    kyiv = about("Kyiv")
    assert "Ukraine" in kyiv.names and kyiv.matches("UKRAINE's delegation")
    assert about("Paris", builtin=False).names == ("Paris",)
    assert not about("US").matches("USB cables") and about("U.S.").matches("the U.S. said")
