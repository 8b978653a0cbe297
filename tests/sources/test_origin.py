"""The local news site itself: what tests, the demo and benchmarks rely on."""

import json
import subprocess
import sys
import urllib.request

import pytest

from monitor.origin import FAULTS, render_article, synthetic_article
from tests.origin import STORY, seed_versions


def get(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def post(url):
    with urllib.request.urlopen(urllib.request.Request(url, method="POST", data=b""), timeout=5) as r:
        return json.loads(r.read())


def test_pages_are_the_size_of_real_article_pages():
    for text in seed_versions():
        assert 30_000 <= len(render_article("Live: talks", text).encode()) <= 45_000


def test_validators_follow_the_version_not_the_noise(origin):
    s1, h1, b1 = get(origin.url(STORY))
    s2, h2, b2 = get(origin.url(STORY))
    assert (s1, s2) == (200, 200) and b1 != b2 and h1["ETag"] == h2["ETag"] and h1["ETag"].startswith('W/"')
    assert get(origin.url(STORY), {"If-None-Match": h1["ETag"]})[0] == 304
    assert get(origin.url(STORY), {"If-None-Match": h1["ETag"].removeprefix("W/")})[0] == 304  # weak compare
    assert get(origin.url(STORY), {"If-Modified-Since": h1["Last-Modified"]})[0] == 304
    origin.advance(STORY)
    s3, h3, _ = get(origin.url(STORY), {"If-None-Match": h1["ETag"]})
    assert s3 == 200 and h3["ETag"] != h1["ETag"] and h3["Last-Modified"] != h1["Last-Modified"]


def test_without_noise_or_validators_bodies_are_byte_identical(origin):
    origin.configure(STORY, noise=False, validators=False)
    (_, h1, b1), (_, _, b2) = get(origin.url(STORY)), get(origin.url(STORY))
    assert b1 == b2 and "ETag" not in h1 and "Last-Modified" not in h1


def test_control_over_http_from_another_process(origin):
    """What a subprocess test or ``monitor demo`` driving it from outside uses."""
    script = (
        "import json, sys, urllib.request as u\n"
        "base, path = sys.argv[1], sys.argv[2]\n"
        "post = lambda q: json.loads(u.urlopen(u.Request(base + q, method='POST', data=b'')).read())\n"
        "print(post('/_advance?path=' + path)['index'])\n"
        "post('/_fault?path=' + path + '&mode=404')\n"
    )
    out = subprocess.run([sys.executable, "-c", script, origin.base, STORY], capture_output=True, text=True,
                         timeout=30, check=True)
    assert out.stdout.strip() == "1" and origin.stories[STORY].index == 1
    assert get(origin.url(STORY))[0] == 404
    post(origin.url(f"/_fault?path={STORY}&mode=none"))
    post(origin.url(f"/_configure?path={STORY}&noise=0&validators=0"))
    assert "ETag" not in get(origin.url(STORY))[1]
    counts = json.loads(get(origin.url("/_requests"))[2])
    assert counts[STORY] == origin.request_count(STORY) == 2  # the two GETs above
    with pytest.raises(urllib.error.HTTPError):
        post(origin.url(f"/_fault?path={STORY}&mode=explode"))


def test_advance_stops_at_the_last_version_and_unknown_paths_404(origin):
    n = len(seed_versions())
    assert [origin.advance(STORY) for _ in range(n + 2)][-1] == n - 1
    assert get(origin.url("/story/unknown"))[0] == 404
    with pytest.raises(KeyError, match="no story"):
        origin.set_fault("/story/unknown", "500")
    with pytest.raises(ValueError, match="unknown fault"):
        origin.set_fault(STORY, "explode")


def test_every_fault_is_described():
    assert all(FAULTS.values()) and "none" in FAULTS


def test_synthetic_articles_are_deterministic_and_versions_differ():
    assert synthetic_article(5, 0) == synthetic_article(5, 0)
    assert synthetic_article(5, 0) != synthetic_article(5, 1) != synthetic_article(6, 1)


def test_advance_many_changes_the_given_fraction(make_origin):
    o = make_origin(articles=50)
    picked = o.advance_many(0.1, seed=1)
    assert len(picked) == 5 and picked == sorted(set(picked), key=picked.index)
    assert {n for n, v in o.article_versions.items() if v} == set(picked)
    assert o.advance_many(0.1, seed=1) == picked  # the same seed picks the same articles
