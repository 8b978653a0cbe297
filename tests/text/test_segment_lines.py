"""Segmentation of live-blog and list-like text, caseless text, and the
one-pass quotation scan (same answers as rescanning the head every time)."""

import random

import pytest

from monitor.text import segment as seg
from monitor.text.segment import split_paragraphs, split_sentences

BLOCKS = [
    ("time-line", "11:48\nPolice closed the ring road after a crash.",
     ["11:48", "Police closed the ring road after a crash."]),
    ("uhr-line", "12.31 Uhr\nDie Polizei sperrt die Strasse.", ["12.31 Uhr", "Die Polizei sperrt die Strasse."]),
    ("updated-line", "Updated at 3.05pm GMT\nThe pound fell.", ["Updated at 3.05pm GMT", "The pound fell."]),
    ("minute-line", "95'\nFull time!", ["95'", "Full time!"]),
    ("heading-line", "Police close ring road\nThe ring road was closed after a crash, police said.",
     ["Police close ring road", "The ring road was closed after a crash, police said."]),
    ("list-items", "Key points\nTalks ended after two hours\nA prisoner exchange was agreed",
     ["Key points", "Talks ended after two hours", "A prisoner exchange was agreed"]),
    ("bullets", "- apples\n- pears\n- plums", ["- apples", "- pears", "- plums"]),
    ("stamped-lines", "12:31 – The session resumes.\n12:40 – Councillors vote.",
     ["12:31 – The session resumes.", "12:40 – Councillors vote."]),
    ("wrapped-prose", "The talks are over\nafter two hours and the sides agreed to meet\nagain in Istanbul next week.",
     ["The talks are over after two hours and the sides agreed to meet again in Istanbul next week."]),
    ("title-above-wrapped",
     "Police close road\nThe ring road was closed after a crash on\nthe A9 this morning, police said.",
     ["Police close road", "The ring road was closed after a crash on the A9 this morning, police said."]),
    ("wrapped-title", "He met Mr.\nSmith on Friday.", ["He met Mr. Smith on Friday."]),
    ("stop-at-line-end", "They meet at 8 p.m.\nResidents are invited.",
     ["They meet at 8 p.m.", "Residents are invited."]),
]


@pytest.mark.parametrize("text,expected", [(t, e) for _, t, e in BLOCKS], ids=[b[0] for b in BLOCKS])
def test_lines_inside_a_block(text, expected):
    assert [s for p in split_paragraphs(text) for s in split_sentences(p)] == expected


CASELESS = [
    ("lowercase", "the talks ended after two hours. they agreed on a swap. it was... unexpected.",
     ["the talks ended after two hours.", "they agreed on a swap.", "it was... unexpected."]),
    ("lowercase-abbrev", "the u.s. did not come. talks went on.", ["the u.s. did not come.", "talks went on."]),
    ("mixed-stays", "It was... unexpected. Yes, approx. five came.",
     ["It was... unexpected.", "Yes, approx. five came."]),
]


@pytest.mark.parametrize("text,expected", [(t, e) for _, t, e in CASELESS], ids=[c[0] for c in CASELESS])
def test_caseless_text(text, expected):
    assert split_sentences(text) == expected


def _inside_quote_rescan(p: str, pos: int, close: str) -> bool:
    """The former quadratic rule, kept here as the reference."""
    if "”" in close or '"' in close:
        return False
    head = p[:pos]
    if head.count("“") - head.count("”") > 0 and "”" in p[pos:]:
        return True
    return head.count('"') % 2 == 1 and '"' in p[pos:]


def _reference_split(p: str) -> list[str]:
    out, start = [], 0
    for m in seg._CANDIDATE.finditer(p):
        if _inside_quote_rescan(p, m.start("end"), m.group("close")):
            continue
        if not seg._is_boundary(p, m, None):
            continue
        piece = p[start:m.start("gap")].strip()
        if piece:
            out.append(piece)
        start = m.end("gap")
    if p[start:].strip():
        out.append(p[start:].strip())
    return out


def test_one_pass_quote_scan_agrees_with_the_rescanning_rule():
    rng = random.Random(7)
    parts = ["He said it.", "“We are ready.", "We want peace,” she said.", 'The "plan." Then', "It ended!",
             "“Soon.”", 'A "quote', "went on.", "Mr. Smith left.", "Nobody came?"]
    for _ in range(300):
        p = " ".join(rng.choice(parts) for _ in range(rng.randint(1, 12)))
        if seg._caseless(p):
            continue  # caseless splitting is not part of the reference
        assert split_sentences(p) == _reference_split(p), p
