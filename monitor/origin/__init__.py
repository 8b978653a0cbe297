"""A local news site whose stories change: for ``monitor demo``, the tests and
the benchmarks. It serves on 127.0.0.1 only.

Pages look like real article pages (navigation, an ad that rotates on every
request, an "Updated N minutes ago" widget that ticks, a photo with a
caption, related links, a footer and scripts), so extraction is tested
against the noise real pages carry. ``pages`` renders, ``server`` serves.
"""

from monitor.origin.pages import ERROR_PAGE, atom_feed, render_article, rss_feed, synthetic_article
from monitor.origin.server import FAULTS, Origin, Story

__all__ = ["ERROR_PAGE", "FAULTS", "Origin", "Story", "atom_feed", "render_article", "rss_feed", "synthetic_article"]
