"""The pages of the local news site: article pages with the furniture real
news pages carry (navigation, a rotating ad, a ticking "Updated N minutes
ago" widget, a captioned lead photo, related links, a footer, scripts and
styles), an error page, synthetic articles for benchmarks, and feeds.

Rendering is kept apart from serving so extraction tests can render a page
without starting a server. Story text is always HTML-escaped.
"""

from __future__ import annotations

import random
from datetime import datetime
from html import escape

_NAV = ["World", "Ukraine", "Politics", "Business", "Opinion", "Culture", "Sport", "Newsletters", "Podcasts"]
_RELATED = ["Zelensky arrives in Ankara ahead of expected talks", "Explainer: who is in Russia's delegation",
            "Prisoner exchanges since 2022, in numbers", "Live: Ukraine war latest", "Opinion: what Istanbul means"]
ADS = ["Subscribe for 1 EUR a month", "Download our app", "Become a member today", "Support independent journalism"]
_SCRIPT = ("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
           "gtag('js',new Date());var a=document.querySelectorAll('.ad');for(var i=0;i<a.length;i++)"
           "{a[i].setAttribute('data-slot',i)}console.log('story page ready');")


def render_article(title: str, text: str, *, minutes_ago: int = 3, ad: str = "", related=_RELATED) -> str:
    """A realistic ~30 KB article page around ``text`` (paragraphs split by blank lines)."""
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    body = []
    for i, p in enumerate(paras):
        if i == 0 and "(Source:" in p:
            body.append(
                '<figure class="lead-photo"><img src="/static/istanbul.jpg" alt="Delegations at the table" '
                f'width="1200" height="800"><figcaption>{escape(p)}</figcaption></figure>'
            )
        else:
            body.append(f"<p>{escape(p)}</p>")
    nav = "".join(f'<li><a href="/section/{n.lower()}">{n}</a></li>' for n in _NAV)
    rel = "".join(f'<li><a href="/story/{i}">{escape(r)}</a></li>' for i, r in enumerate(related))
    footer_links = "".join(f'<a href="/about/{i}">About us {i}</a> ' for i in range(40))
    padding = "".join(
        f'<link rel="preload" href="/static/font-{i}.woff2" as="font" type="font/woff2" crossorigin>'
        for i in range(20)
    )
    styles = "".join(f".c{i}{{margin:{i}px;padding:{i % 7}px;color:#{i:03x}}}" for i in range(600))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | The Local Independent</title>
<meta name="description" content="Live updates from the talks in Istanbul.">{padding}
<style>{styles}</style>
<script>{_SCRIPT}</script></head>
<body>
<header class="site-header"><a class="logo" href="/">The Local Independent</a>
<nav class="main-nav"><ul>{nav}</ul></nav>
<div class="ticker">Breaking news ticker: markets open higher; weather: 21°C in Kyiv</div></header>
<div class="ad ad-top" aria-label="Advertisement"><span>Advertisement</span> {escape(ad)}</div>
<main><article class="live-blog">
<h1 class="headline">{escape(title)}</h1>
<div class="byline">By Staff Reporter</div>
<div class="live-widget" data-live="1">Updated {minutes_ago} minutes ago</div>
<div class="article-body">
{chr(10).join(body)}
</div>
<div class="share">Share on Facebook · Share on X · Copy link</div>
</article>
<aside class="related"><h2>Related stories</h2><ul>{rel}</ul></aside>
<div class="ad ad-side"><span>Advertisement</span> {escape(ad)}</div>
</main>
<footer class="site-footer"><p>© 2025 The Local Independent. All rights reserved.</p>
<nav>{footer_links}</nav><p>Cookie settings · Privacy policy · Terms of use</p></footer>
<script>{_SCRIPT * 20}</script>
</body></html>
"""


# Fetches the story after load, a moment later, and writes each paragraph in: the text is nowhere in the HTML.
_WRITER = ("setTimeout(function(){fetch(%s).then(function(r){return r.json()}).then(function(d){"
           "var b=document.getElementById('story-body');d.paragraphs.forEach(function(p){"
           "var e=document.createElement('p');e.textContent=p;b.appendChild(e)})})},200);")


def render_scripted(title: str, data_url: str, *, minutes_ago: int = 3, ad: str = "") -> str:
    """The article page of ``render_article`` with an empty body that a script fills
    from ``data_url`` (JSON ``{"paragraphs": [...]}``) after load, as single-page news apps do."""
    import json

    shell = render_article(title, "", minutes_ago=minutes_ago, ad=ad)
    shell = shell.replace('<div class="article-body">', '<div class="article-body" id="story-body">', 1)
    script = _WRITER % json.dumps(data_url).replace("</", "<\\/")
    return shell.replace("</body>", f"<script>{script}</script>\n</body>", 1)


ERROR_PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Oops</title></head><body>"
              "<h1>Something went wrong</h1><p>Subscribe to continue reading.</p></body></html>")


def synthetic_article(n: int, version: int) -> str:
    """A deterministic article per (n, version): version bumps edit one paragraph."""
    rng = random.Random(n)
    places = ["Kyiv", "Kharkiv", "Odesa", "Istanbul", "Sumy", "Dnipro", "Lviv"]
    paras = []
    for p in range(12):
        sents = [
            f"Officials in {rng.choice(places)} said on {rng.choice(['Monday', 'Tuesday', 'Friday'])} that "
            f"{rng.randint(2, 900)} people were affected by the events described in report {n}-{p}-{s}."
            for s in range(4)
        ]
        paras.append(" ".join(sents))
    for v in range(1, version + 1):
        i = (n + v) % len(paras)
        paras[i] = paras[i].replace(" people were", f" people (revision {v}) were", 1)
    return "\n\n".join(paras)


def rss_feed(base: str, stories: list[tuple[str, str, datetime]]) -> str:
    """RSS 2.0 listing ``(path, title, modified)`` with absolute links."""
    items = "".join(
        f"<item><title>{escape(title)} {escape(p)}</title><link>{escape(base + p)}</link><guid>{escape(p)}</guid>"
        "</item>"
        for p, title, _ in stories
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Local Independent'
            f"</title><link>{escape(base)}/</link><description>Latest</description>{items}</channel></rss>")


def atom_feed(stories: list[tuple[str, str, datetime]], *, updated: datetime) -> str:
    """Atom listing with relative links, as many Atom feeds have: the reader resolves them."""
    entries = "".join(
        f"<entry><title>{escape(title)}</title><link rel='alternate' href='{escape(p)}'/>"
        f"<id>tag:local,2025:{escape(p)}</id><updated>{modified.isoformat()}</updated></entry>"
        for p, title, modified in stories
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Local Independent</title><id>tag:local,2025:feed</id>"
            f"<updated>{updated.isoformat()}</updated>{entries}</feed>")


def live_json(title: str, text: str, updated: datetime) -> str:
    """A story as a live blog's JSON feed (what a news app reads): one entry per paragraph, in page order."""
    import json

    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return json.dumps({"title": title, "updated": updated.isoformat(),
                       "entries": [{"id": i, "body": p} for i, p in enumerate(paragraphs, start=1)]})
