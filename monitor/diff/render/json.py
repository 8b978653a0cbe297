"""JSON output: the stable, documented schema of ``monitor diff --format json``.

    {
      "schema": 1,
      "old": "<label>", "new": "<label>",
      "counts": {"added": n, "removed": n, "edited": n, "moved": n,
                 "split": n, "merged": n, "update": n},
      "changes": [
        {"kind": "edited", "old": "...", "new": "...",
         "old_at": [[paragraph, sentence], ...], "new_at": [[p, s], ...],
         "aspects": ["negation"], "significance": 0.95,
         "reason": "edited: polarity flipped: ‘not’ added",
         "similarity": 0.71, "moved": false, "group": null,
         "details": {"negation": "polarity flipped: ‘not’ added"}}
      ],
      "groups": [{"id": 1, "trigger": "timestamp", "heading": "...",
                  "new_at": [[p, s], ...], "significance": 0.9, "at": "12.31 BST"}],
      "degraded": {"fuzzy": "what the stage did past its cost cap", ...},
      "language": "uk"
    }

``language`` is the new version's language ("en", "uk", "ru", "tr", "de",
"fr", "es"), the one its statements were segmented and judged in; an edited
statement of a mixed page written in another carries its own ``language``.

A group's ``at`` is the time stamp its entry carries as the page shows it
("12.31 BST", "95'", "Updated at 3.05pm GMT"), "" when it has none.

``degraded`` is empty when the alignment is exact; otherwise it names each
stage ("order", "splits", "fuzzy", "words", "aspects") that reached its cost
cap and paired statements by position instead.

Fields are only ever added, never renamed or removed, without raising
``schema``. Moved statements are included only with ``--show-moved``.
"""

from __future__ import annotations

import json

from monitor.diff.model import Diff
from monitor.diff.render import visible


def render(diff: Diff, *, old_label: str = "old", new_label: str = "new",
           show_moved: bool = False, **_: object) -> str:
    d = diff.to_dict()
    d = {"schema": d["schema"], "old": old_label, "new": new_label, **d}
    d["changes"] = [c.to_dict() for c in visible(diff, show_moved)]
    return json.dumps(d, ensure_ascii=False, indent=2) + "\n"
