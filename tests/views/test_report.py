"""The HTML report of how a story evolved, from stored versions only."""

import asyncio
from datetime import timedelta

from monitor.run.round import check_claims
from monitor.store import add_watch, claim_due, get_engine, session_scope, utcnow
from monitor.views.report import story_report
from tests.origin import seed_versions


def test_report_lists_every_version_escapes_page_text_and_boxes_update_groups(tmp_path):
    engine = get_engine(str(tmp_path / "m.db"))
    doc = tmp_path / "story.txt"
    versions = seed_versions()[-2:] + [seed_versions()[-1] + "\n\nA <script>alert(1)</script> line."]
    with session_scope(engine, write=True) as s:
        add_watch(s, "story", str(doc), kind="file")
    for text in versions:
        doc.write_text(text)
        claims = claim_due(engine, "t", now=utcnow() + timedelta(days=1))
        asyncio.run(check_claims(engine, claims))
    html = story_report(engine, "story")
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert [f"Version {n}" in html for n in (1, 2, 3)] == [True, True, True]
    assert html.index("Version 3") < html.index("Version 2") < html.index("Version 1")  # newest first
    assert html.count('<div class="group">') == 1 and "Update:" in html
