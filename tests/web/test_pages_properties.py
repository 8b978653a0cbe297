"""Whatever a browser (or someone typing URLs) sends the pages and feeds, the answer is never a 5xx."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ANY = st.one_of(st.sampled_from(["1", "-1", "0", "latest", "istanbul-talks", "99999999999999999999", ""]),
                st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20))
QUERY = st.sampled_from(["q", "old", "new", "view", "about", "alias", "all"])
PAGES = ["/watches/{a}", "/watches/{a}/versions/{b}", "/watches/{a}/versions", "/watches/{a}/edit",
         "/watches/{a}/remove", "/feeds/watches/{a}.atom"]
POSTS = ["/watches/{a}/pause", "/watches/{a}/check", "/watches/{a}/remove", "/watches/{a}/edit",
         "/alerts/{a}/retry", "/watches", "/login"]


def test_pages_never_fail_with_a_server_error(client):
    seen = {"requests": 0}

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.sampled_from(PAGES), ANY, ANY, st.dictionaries(QUERY, ANY))
    def get(template, a, b, query):
        path = template.format(a=quote(a, safe="") or "%20", b=quote(b, safe="") or "%20")
        r = client.get(path, params=query, follow_redirects=False)
        seen["requests"] += 1
        assert r.status_code < 500, (path, query, r.status_code)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.sampled_from(POSTS), ANY, st.dictionaries(st.sampled_from(["url", "name", "every", "enable"]), ANY))
    def post(template, a, form):
        r = client.post(template.format(a=quote(a, safe="") or "%20"), data=form, follow_redirects=False)
        seen["requests"] += 1
        assert r.status_code < 500 and r.status_code in (303, 403, 404, 405), (template, a, r.status_code)

    get()
    post()
    assert seen["requests"] == 100
