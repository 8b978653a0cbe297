"""Writes the HTML live-blog cases of this folder and their labels.

Run from the repository root: ``python seeds/liveblogs-html/make.py``. Each
blog is a list of entries (stamp, heading, paragraphs), oldest first, all
invented, and a publisher style that wraps each entry in its own markup.
Three versions of every blog are written: ``old`` (the first entries),
``new1`` (one more entry) and ``new3`` (three more). A blog in chronological
order gets its new entries at the bottom, every other one on top.

``labels.jsonl`` names, for each check, the texts each new entry must hold
as one update group (``entries``) and one text of every other entry that no
group may hold (``others``). Pages that are not live carry ``"entries": []``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
OLD_ENTRIES = 3


@dataclass
class Entry:
    stamp: str
    heading: str | None
    paras: list[str]
    when: str = ""  # ISO time for <time datetime>


@dataclass
class Blog:
    id: str
    modelled_on: str
    title: str
    intro: str
    style: str
    entries: list[Entry]
    ascending: bool = False
    extra: dict = field(default_factory=dict)


def shell(title: str, body: str, lang: str = "en") -> str:
    """The furniture every page has: a menu, a cookie notice, a most-read
    box and a footer, so that extraction has something to leave out."""
    menu = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>'
                   for w in ("Home", "World", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather"))
    most = "".join(f'<li><a href="/story/{n}"><time datetime="2024-10-01T0{n}:00:00Z">0{n}:00</time> '
                   f"{t}</a></li>" for n, t in enumerate((
                       "Ferry timetable to change next spring", "Why the river keeps rising",
                       "Five things to do this weekend", "Council publishes new parking rules"), start=1))
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta property="og:title" content="{escape(title)}"></head><body>'
        f'<div class="cookie-banner"><p>We use cookies to improve your experience.</p><button>Accept</button></div>'
        f'<header class="site-header"><a class="logo" href="/">The Daily Example</a><nav><ul>{menu}</ul></nav>'
        f"</header><main>{body}</main>"
        f'<aside class="most-read"><h2>Most read</h2><ol>{most}</ol></aside>'
        f'<footer><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>'
        f'<li><a href="/privacy">Privacy policy</a></li></ul><p>© 2024 The Daily Example</p></footer>'
        f"</body></html>\n"
    )


def _paras(e: Entry) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in e.paras)


def _time(e: Entry, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<time{c} datetime="{e.when}">{escape(e.stamp)}</time>'


# -- publisher styles: one entry's markup, and what goes between entries ----

def st_broadsheet(e: Entry) -> str:
    return (f'<div class="block" itemprop="liveBlogUpdate" itemscope itemtype="https://schema.org/BlogPosting">'
            f'<header class="block-time">{_time(e)}</header>'
            f'<h2 class="block-title" itemprop="headline">{escape(e.heading or "")}</h2>'
            f'<div class="block-body" itemprop="articleBody">{_paras(e)}</div>'
            f'<footer class="block-share"><button>Share</button><button>Copy link</button></footer></div>')


def st_ticker_de(e: Entry) -> str:
    return (f'<article class="ticker-item"><div class="ticker-meta"><span class="ticker-time">{escape(e.stamp)}'
            f'</span></div><h3><strong>{escape(e.heading or "")}</strong></h3>{_paras(e)}</article>')


def st_wire(e: Entry) -> str:
    return f'<li class="timeline-item">{_time(e)}{_paras(e)}</li>'


def st_football(e: Entry) -> str:
    return (f'<li class="event"><span class="minute">{escape(e.stamp)}</span>'
            f'<div class="event-text">{_paras(e)}</div></li>')


def st_finance(e: Entry) -> str:
    return (f'<div class="live-post"><p class="updated">{escape(e.stamp)}</p>'
            f'<h2>{escape(e.heading or "")}</h2>{_paras(e)}</div>')


def st_india(e: Entry) -> str:
    return (f'<div class="liveblog-entry"><div class="lb-time">{escape(e.stamp)}</div>'
            f'<h3 class="lb-title">{escape(e.heading or "")}</h3><div class="lb-text">{_paras(e)}</div>'
            f'<div class="lb-social"><a href="#">Share</a> <a href="#">Tweet</a></div></div>')


def st_keynote(e: Entry) -> str:
    return f'<article class="post">{_time(e, "post-time")}<div class="post-body">{_paras(e)}</div></article>'


def st_french(e: Entry) -> str:
    return (f'<section class="post"><div class="post__meta"><span class="post__time">{escape(e.stamp)}</span>'
            f'</div><div class="post__content"><p><b>{escape(e.heading or "")}</b></p>{_paras(e)}</div></section>')


def st_relative(e: Entry) -> str:
    return (f'<div class="lx-stream-post"><header class="lx-stream-post__header">'
            f'<span class="lx-meta">{_time(e)}</span><h3>{escape(e.heading or "")}</h3></header>'
            f'<div class="lx-stream-post-body">{_paras(e)}</div></div>')


def st_plus_de(e: Entry) -> str:
    return (f'<div class="liveticker-entry"><h2>+++ {escape(e.stamp)} +++</h2>'
            f'<p class="byline">Von Anna Berg</p>{_paras(e)}</div>')


def st_council(e: Entry) -> str:
    first, rest = e.paras[0], e.paras[1:]
    more = "".join(f"<p>{escape(p)}</p>" for p in rest)
    return f'<li class="minute-entry"><p>{_time(e)} – {escape(first)}</p>{more}</li>'


def st_posted(e: Entry) -> str:
    return (f'<div class="update"><span class="posted">{escape(e.stamp)}</span>'
            f'<h3>{escape(e.heading or "")}</h3>{_paras(e)}</div>')


def st_nested(e: Entry) -> str:
    badge = '<span class="badge">Key event</span>' if "!" in (e.heading or "") else ""
    fig = ""
    if e.when.endswith("7:00-04:00"):
        fig = ('<figure><img src="/p.jpg" alt=""><figcaption>Crowds outside the courthouse on Wednesday '
               "morning. Photograph: Lena Ortiz/Agency</figcaption></figure>")
    return (f'<div class="liveblog__item-wrap"><div class="liveblog__item"><div class="liveblog__item-header">'
            f'{badge}<span class="author">Sam Reyes</span>{_time(e)}</div><div class="liveblog__item-content">'
            f'<h3>{escape(e.heading or "")}</h3>{fig}{_paras(e)}</div></div></div>')


def st_strong(e: Entry) -> str:
    first = f"<p><strong>{escape(e.heading or '')}</strong> {escape(e.paras[0])}</p>"
    more = "".join(f"<p>{escape(p)}</p>" for p in e.paras[1:])
    return f'<div class="entry"><p class="timestamp"><strong>{escape(e.stamp)}</strong></p>{first}{more}</div>'


def st_card(e: Entry) -> str:
    day, clock = e.stamp.rsplit(" ", 2)[0], " ".join(e.stamp.rsplit(" ", 2)[1:])
    return (f'<div class="card"><div class="card-head"><span class="day">{escape(day)}</span> '
            f'<span class="clock">{escape(clock)}</span></div><h4>{escape(e.heading or "")}</h4>{_paras(e)}</div>')


STYLES = {
    "broadsheet": (st_broadsheet, '<div class="live-blog" itemscope itemtype="https://schema.org/LiveBlogPosting">',
                   "</div>", ""),
    "ticker-de": (st_ticker_de, '<div class="ticker">', "</div>", '<div class="ad-slot"><p>Anzeige</p></div>'),
    "wire": (st_wire, '<ul class="timeline">', "</ul>", '<li class="sep" aria-hidden="true">* * *</li>'),
    "football": (st_football, '<ol class="commentary">', "</ol>", ""),
    "finance": (st_finance, '<div class="live-posts">', "</div>",
                '<div class="advert"><p>Advertisement</p></div>'),
    "india": (st_india, '<div class="liveblog">', "</div>", ""),
    "keynote": (st_keynote, '<div class="stream">', "</div>", "<p class=\"divider\">———</p>"),
    "french": (st_french, '<div class="live">', "</div>", ""),
    "relative": (st_relative, '<div class="lx-stream">', "</div>", ""),
    "plus-de": (st_plus_de, '<div class="liveticker">', "</div>", "<hr>"),
    "council": (st_council, '<ol class="minutes">', "</ol>", ""),
    "posted": (st_posted, '<div class="updates">', "</div>", '<p class="sep">—</p>'),
    "nested": (st_nested, '<div class="liveblog"><div class="liveblog__list">', '</div><button>Load more</button>'
               "</div>", ""),
    "strong": (st_strong, '<div class="entries">', "</div>", ""),
    "card": (st_card, '<div class="cards">', "</div>", ""),
}


def relative(now: datetime, when: str) -> str:
    mins = int((now - datetime.fromisoformat(when)).total_seconds() // 60)
    return f"{mins}m ago" if mins < 60 else f"{mins // 60}h ago"


def page(blog: Blog, shown: list[Entry], now: datetime) -> str:
    fn, open_, close, between = STYLES[blog.style]
    order = shown if blog.ascending else list(reversed(shown))
    parts = []
    for e in order:
        if blog.style == "relative":
            e = Entry(relative(now, e.when), e.heading, e.paras, e.when)
        parts.append(fn(e))
    body = (f"<article><h1>{escape(blog.title)}</h1><p class=\"standfirst\">{escape(blog.intro)}</p>"
            f"{blog.extra.get('pinned', '')}{open_}{between.join(parts)}{close}</article>")
    return shell(blog.title, body, blog.extra.get("lang", "en"))


def gold(blog: Blog, e: Entry) -> list[str]:
    texts = [] if blog.style in ("relative", "council") else [e.stamp]
    if blog.style == "plus-de":
        texts = [f"+++ {e.stamp} +++"]
    if blog.style == "strong":  # the bold heading runs into the first paragraph
        return [*texts, f"{e.heading} {e.paras[0]}", *e.paras[1:]]
    return texts + ([e.heading] if e.heading else []) + list(e.paras)


def write_blog(blog: Blog, out: list[dict]) -> None:
    d = HERE / blog.id
    d.mkdir(exist_ok=True)
    base = datetime.fromisoformat(blog.entries[OLD_ENTRIES - 1].when) + timedelta(minutes=5)
    versions = {"old": OLD_ENTRIES, "new1": OLD_ENTRIES + 1, "new3": OLD_ENTRIES + 3}
    for name, n in versions.items():
        now = base + timedelta(minutes=40 * (n - OLD_ENTRIES))
        (d / f"{name}.html").write_text(page(blog, blog.entries[:n], now), encoding="utf-8")
    for name, n in (("new1", OLD_ENTRIES + 1), ("new3", OLD_ENTRIES + 3)):
        new = blog.entries[OLD_ENTRIES:n]
        kept = blog.entries[:OLD_ENTRIES]
        out.append({
            "id": f"{blog.id}-{name}", "modelled_on": blog.modelled_on,
            "old_html": f"{blog.id}/old.html", "new_html": f"{blog.id}/{name}.html",
            "entries": [gold(blog, e) for e in new],
            "others": [e.paras[0] for e in kept],
        })


def write_article(case: dict, out: list[dict]) -> None:
    d = HERE / case["id"]
    d.mkdir(exist_ok=True)
    for name in ("old", "new"):
        (d / f"{name}.html").write_text(shell(case["title"], case[name]), encoding="utf-8")
    out.append({"id": case["id"], "modelled_on": case["modelled_on"], "old_html": f"{case['id']}/old.html",
                "new_html": f"{case['id']}/new.html", "entries": [], "others": []})


def main() -> None:
    from cases import ARTICLES, BLOGS, LATER_ARTICLES, LATER_BLOGS  # the written cases

    out: list[dict] = []
    for blog in BLOGS + LATER_BLOGS:
        write_blog(blog, out)
    for case in ARTICLES + LATER_ARTICLES:
        write_article(case, out)
    (HERE / "labels.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out),
                                       encoding="utf-8")
    print(f"{len(BLOGS + LATER_BLOGS)} blogs, {len(ARTICLES + LATER_ARTICLES)} articles, {len(out)} records")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(HERE))
    main()
