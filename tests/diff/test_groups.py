"""Update groups: one group per new live-blog entry, none on pages that are not live.

The corpus in seeds/liveblogs/ (hand-written cases in real publishers'
formats) is scored by ``monitor eval``; the unit tests below pin the
behaviours it relies on, one phenomenon each.
"""

import json

import pytest

from monitor import diff_texts
from monitor.diff.evaluate import evaluate, load_corpus
from monitor.text.markers import marker_of, marker_prefix
from tests.conftest import ROOT, run_monitor

CORPUS = ROOT / "seeds" / "liveblogs" / "labels.jsonl"
HTML_CORPUS = ROOT / "seeds" / "liveblogs-html" / "labels.jsonl"


def test_corpus_scores_per_number_of_new_entries():
    d = evaluate(load_corpus(CORPUS)).to_dict()
    by = d["groups_by_entries"]
    assert set(by) == {"0", "1", "2", "3+"}
    assert by["0"]["fp"] == 0  # pages that are not live, and live pages without a new entry
    assert by["1"]["recall"] >= 0.95
    assert by["2"]["f1"] >= 0.9
    assert by["3+"]["f1"] >= 0.9
    assert by["3+"]["tp"] >= 100  # the 3-entry checks are really there, not skipped


def test_corpus_covers_fifteen_blogs_and_each_bucket():
    recs = load_corpus(CORPUS)
    blogs = {r["id"].removesuffix("-lines").rsplit("-", 2)[0] for r in recs if r["groups"]}
    assert len(blogs) >= 15
    sizes = {min(len(r["groups"]), 3) for r in recs}
    assert sizes == {0, 1, 2, 3}


def test_eval_prints_and_writes_the_per_entry_scores(tmp_path):
    out = run_monitor("eval", str(CORPUS), "--json")
    assert out.returncode == 0, out.stderr
    assert "groups_by_entries" in json.loads(out.stdout)
    text = run_monitor("eval", str(CORPUS))
    assert "3+ new entries:" in text.stdout and "1 new entries:" in text.stdout


def test_html_corpus_scores_end_to_end_per_number_of_new_entries():
    """HTML pages through extraction, segmentation, diff and grouping."""
    recs = load_corpus(HTML_CORPUS)
    by = evaluate(recs).to_dict()["groups_by_entries"]
    assert set(by) == {"0", "1", "3+"}
    assert by["0"]["fp"] == 0  # the pages that are not live get no group for their edit near the top
    assert by["1"]["recall"] >= 0.95
    assert by["3+"]["f1"] >= 0.85
    assert by["3+"]["tp"] >= 36  # twelve blogs or more, three entries each, really scored
    blogs = {r["id"].rsplit("-", 1)[0] for r in recs if r["entries"]}
    assert len(blogs) >= 12 and sum(not r["entries"] for r in recs) >= 2


def test_eval_command_scores_the_html_corpus():
    out = run_monitor("eval", str(HTML_CORPUS), "--json")
    assert out.returncode == 0, out.stderr
    by = json.loads(out.stdout)["groups_by_entries"]
    assert by["1"]["tp"] + by["1"]["fn"] == sum(1 for r in load_corpus(HTML_CORPUS) if len(r["entries"]) == 1)


def test_html_corpus_entry_match_is_whole(tmp_path):
    """An entry's group must hold all its texts and none of another entry's:
    labels that claim two entries are one group score as wrong."""
    rec = next(r for r in load_corpus(HTML_CORPUS) if r["id"].endswith("-new3") and len(r["entries"]) == 3)
    merged = {**rec, "entries": [rec["entries"][0] + rec["entries"][1], rec["entries"][2]]}
    d = evaluate([merged]).to_dict()["groups"]
    assert d["tp"] == 1 and d["fn"] == 1 and d["fp"] == 2


def test_html_corpus_missing_page_is_an_input_error(tmp_path):
    from monitor.errors import InputError

    bad = tmp_path / "c.jsonl"
    bad.write_text(json.dumps({"id": "x", "old_html": "nope.html", "new_html": "nope.html", "entries": []}) + "\n")
    with pytest.raises(InputError, match="cannot read"):
        load_corpus(bad)


SEP_OLD = ("Landslip: live\n\n09:20\n\nGeologists on site\n\nTwo geologists are checking the slope.\n\n* * *"
           "\n\n08:45\n\nBuses diverted\n\nBus route 12 now runs via the upper road.")


@pytest.mark.parametrize("sep", ["* * *", "———", "—", "Advertisement", "Copy link", "Share"])
def test_separator_lines_close_the_entry_above_and_never_make_or_split_one(sep):
    old = SEP_OLD.replace("* * *", sep)
    new = old.replace("Landslip: live\n\n", f"Landslip: live\n\n10:31\n\nRoad reopens\n\nOne lane is open again."
                                              f"\n\n{sep}\n\n09:58\n\nSchool opens late\n\nClasses start at eleven."
                                              f"\n\n{sep}\n\n")
    d = diff_texts(old, new)
    assert [(g.at, g.heading) for g in d.groups] == [("10:31", "Road reopens"), ("09:58", "School opens late")]
    texts = dict(d.sentences("new"))
    for g in d.groups:
        own = [texts[loc] for loc in g.new_at]
        assert own[0] == g.at and own.count(sep) <= 1 and (sep not in own or own[-1] == sep)


@pytest.mark.parametrize("sep", ["Copy link", "Share", "Advertisement", "* * *"])
def test_separator_after_entries_without_headings_is_no_heading_of_the_next(sep):
    """A share label that looks like a short title must not open an entry."""
    entry = "Updated at {t}pm GMT\n\n{body}\n\n" + sep
    old = "\n\n".join(["By-election night: live"] + [entry.format(t=t, body=b) for t, b in (
        ("7.15", "The first ballot boxes have arrived at the centre."),
        ("6.40", "Turnout looks low in the town wards, party sources say."))])
    new = old.replace("live\n\n", "live\n\n" + entry.format(t="7.52", body="Both main parties have lawyers present.")
                      + "\n\n", 1)
    d = diff_texts(old, new)
    assert [g.at for g in d.groups] == ["Updated at 7.52pm GMT"]
    texts = [t for loc, t in d.sentences("new") if loc in d.groups[0].new_at]
    assert texts[:2] == ["Updated at 7.52pm GMT", "Both main parties have lawyers present."]


HEAD = "Flood live: rivers rise across the county\n\nFollow the latest here.\n\n"
OLD_ENTRIES = ("10:05\n\nRoads closed near the bridge\n\nThe ring road is shut in both directions.\n\n"
               "09:40\n\nWarnings issued\n\nForecasters issued a red warning for the coast.")


@pytest.mark.parametrize("stamps", [
    ("11:48", "11:20", "10:55"),
    ("12.31 Uhr", "12.05 Uhr", "11.58 Uhr"),
    ("19:02 (IST), Oct 02", "18:40 (IST), Oct 02", "18:15 (IST), Oct 02"),
    ("14 August 2023 10:01", "14 August 2023 09:58", "14 August 2023 09:50"),
    ("Updated at 3.05pm GMT", "Updated at 2.50pm GMT", "Updated at 2.31pm GMT"),
    ("95'", "90+2'", "88'"),
    ("Posted at 11:48", "Posted at 11:30", "Posted at 11:02"),
])
def test_three_new_entries_are_three_groups_with_heading_and_time(stamps):
    titles = ("Evacuation centre opens", "Train services suspended", "Army sent to help")
    new_entries = "".join(
        f"{s}\n\n{t}\n\nOfficials confirmed it in a short statement.\n\n" for s, t in zip(stamps, titles, strict=True)
    )
    d = diff_texts(HEAD + OLD_ENTRIES, HEAD + new_entries + OLD_ENTRIES)
    assert [g.heading for g in d.groups] == list(titles)
    assert [g.at for g in d.groups] == list(stamps)
    assert {g.trigger for g in d.groups} == {"timestamp"}
    assert all(len(g.new_at) == 3 for g in d.groups)
    assert {c.group for c in d if c.kind == "added"} == {1, 2, 3}


def test_stamp_line_in_the_same_block_as_the_text_is_its_own_statement():
    old = HEAD + "10:05\nThe ring road is shut in both directions."
    new = HEAD + "11:48\nA second bridge has closed.\n\n10:05\nThe ring road is shut in both directions."
    d = diff_texts(old, new)
    assert [c.new for c in d] == ["11:48", "A second bridge has closed."]
    assert len(d.groups) == 1 and d.groups[0].at == "11:48"


def test_one_statement_entry_after_a_marker_is_an_entry():
    d = diff_texts(HEAD + OLD_ENTRIES, HEAD + "10:31\n\nThe bridge has reopened.\n\n" + OLD_ENTRIES)
    assert len(d.groups) == 1 and d.groups[0].heading == "The bridge has reopened."


def test_stamp_in_front_of_the_text():
    old = HEAD + "+++ 10.05 Uhr: Strasse gesperrt +++\n\nDie Ringstrasse ist gesperrt."
    new = (HEAD + "+++ 11.48 Uhr: Zweite Brücke zu +++\n\nAuch die Nordbrücke ist jetzt gesperrt.\n\n"
           "+++ 11.20 Uhr: Notunterkunft offen +++\n\nDie Sporthalle nimmt Menschen auf.\n\n"
           "+++ 10.05 Uhr: Strasse gesperrt +++\n\nDie Ringstrasse ist gesperrt.")
    d = diff_texts(old, new)
    assert [g.at for g in d.groups] == ["11.48 Uhr", "11.20 Uhr"]
    assert d.groups[0].heading.startswith("Zweite Brücke zu")


def test_relative_times_that_change_on_every_check_do_not_make_groups():
    old = HEAD + "4m ago\n\nRoads closed\n\nThe ring road is shut.\n\n30m ago\n\nWarnings issued\n\nA red warning."
    new = (HEAD + "4m ago\n\nBridge reopens\n\nThe bridge is open again.\n\n"
           "16m ago\n\nRoads closed\n\nThe ring road is shut.\n\n42m ago\n\nWarnings issued\n\nA red warning.")
    d = diff_texts(old, new)
    assert len(d.groups) == 1
    assert d.groups[0].heading == "Bridge reopens"


def test_same_minute_twice_is_two_entries():
    old = "Live\n\n45'\n\nBooking for the captain.\n\n31'\n\nGOAL! Harbour lead."
    new = "Live\n\n45'\n\nHalf time.\n\n45'\n\nBooking for the captain.\n\n31'\n\nGOAL! Harbour lead."
    d = diff_texts(old, new)
    assert len(d.groups) == 1 and d.groups[0].heading == "Half time." and len(d.groups[0].new_at) == 2


def test_sentence_added_at_the_start_of_an_old_entry_is_no_group():
    old = HEAD + "4m ago\n\nThe ring road is shut.\n\n30m ago\n\nA red warning was issued."
    new = (HEAD + "4m ago\n\nPolice confirmed it at noon.\n\nThe ring road is shut.\n\n"
           "30m ago\n\nA red warning was issued.")
    assert not diff_texts(old, new).groups


def test_edit_near_the_top_of_a_page_that_is_not_live_is_no_group():
    old = "Harrowfield is a market town.\n\nIt has 24,000 people.\n\nIts station opened in 1851."
    new = ("Harrowfield is a market town and civil parish on the River Lune. It is the county's second town.\n\n"
           "It has 24,000 people.\n\nIts station opened in 1851.")
    assert not diff_texts(old, new).groups
    hatnote = "This article is about the town. For the river, see Harrow (river).\n\n"
    assert not diff_texts(old, hatnote + old).groups


def test_an_entry_added_to_a_live_page_below_old_entries_is_no_group_without_marker():
    new = HEAD + OLD_ENTRIES.replace("both directions.", "both directions. A diversion is signed.")
    assert not diff_texts(HEAD + OLD_ENTRIES, new).groups


def test_a_page_with_one_stamp_is_not_live():
    old = "Updated 11:02\n\nThe bridge is closed.\n\nThe council will meet on Friday."
    new = ("Updated 11:40\n\nThe council met early. It agreed to repair the deck.\n\nThe bridge is closed.\n\n"
           "The council will meet on Friday.")
    assert not diff_texts(old, new).groups


@pytest.mark.parametrize("line", [
    "11:48", "12.31 Uhr", "19:02 (IST), Oct 02", "14 August 2023 10:01", "Updated at 3.05pm GMT", "95'",
    "45+2'", "2m ago", "1 hr ago", "Pinned", "Key event", "Posted at 11:48", "Last updated 10 minutes ago",
    "Oct 1, 2020 22:51 IST", "October 02, 2024 11:27 PM (IST) Posted by A. Writer", "11h48", "10:01 AM PT",
    "14.6 overs (0 Run)", "By Jane Doe", "Sat 28 Jun 2020, 10:08",
])
def test_marker_lines(line):
    assert marker_of(line) is not None


@pytest.mark.parametrize("line", [
    "The talks ended.", "3.5 percent", "Growth was 3.05", "March 2020", "2020", "On Friday", "Talks begin in Istanbul",
])
def test_not_marker_lines(line):
    assert marker_of(line) is None


@pytest.mark.parametrize("text,stamp,rest", [
    ("15.13 IST: Close shave at the crease.", "15.13 IST", "Close shave at the crease."),
    ("22:25 Uhr | Striktere Regeln", "22:25 Uhr", "Striktere Regeln"),
    ("52' - GOAL! Brandt scores.", "52'", "GOAL! Brandt scores."),
    ("MADRID -- Spain's government said on Monday", "MADRID", "Spain's government said on Monday"),
    ("Update 18:08: the page changed.", "Update 18:08:", "the page changed."),
])
def test_marker_prefixes(text, stamp, rest):
    m = marker_prefix(text)
    assert m is not None and m.stamp == stamp and m.rest == rest


@pytest.mark.parametrize("text", ["3.5 percent of voters agreed.", "10 people died.", "NATO - the alliance said",
                                  "U.S. officials said so."])
def test_not_marker_prefixes(text):
    assert marker_prefix(text) is None
