"""Property-based requests generated from the served OpenAPI document (hypothesis-jsonschema).

Every operation gets path, query and body values drawn from its own schema,
mixed with arbitrary text and the names of what exists, and the answer must
never be a 5xx; a 2xx JSON answer must match the documented schema, an error
must be problem+json. (Objects are drawn property by property with
``from_schema`` on each.) ``checkWatch`` is left out: it reads the watched page,
and generated watches point at hosts beyond this machine (it is tested on a
file watch in test_api.py).
"""

from __future__ import annotations

from urllib.parse import quote

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from monitor.web.openapi import schema

EXAMPLES = 15
SKIP = {"checkWatch"}
DOC = schema()
OPERATIONS = [(path, method, op) for path, ops in DOC["paths"].items() for method, op in ops.items()
              if op["operationId"] not in SKIP]
KNOWN = st.sampled_from(["istanbul-talks", "1", "2", "-1", "latest", "0", "99999999999999999999", "²"])
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


def _value(param: dict) -> st.SearchStrategy:
    return st.one_of(KNOWN, TEXT, from_schema(param["schema"]).map(lambda v: str(v).lower()
                                                                     if isinstance(v, bool) else str(v)))


def _object(spec: dict) -> st.SearchStrategy:
    """An object schema's instances, property by property (each property's values from its own schema)."""
    return st.fixed_dictionaries({}, optional={k: from_schema(v) for k, v in spec["properties"].items()})


def _request(path: str, op: dict) -> st.SearchStrategy:
    params = op.get("parameters", [])
    in_path = {p["name"]: _value(p) for p in params if p["in"] == "path"}
    in_query = {p["name"]: _value(p) for p in params if p["in"] == "query"}
    body = None
    if "requestBody" in op:
        body = st.one_of(_object(op["requestBody"]["content"]["application/json"]["schema"]),
                         st.dictionaries(TEXT, TEXT, max_size=3))
    return st.fixed_dictionaries({
        "path": st.fixed_dictionaries(in_path),
        "query": st.fixed_dictionaries({}, optional=in_query),
        "body": body if body is not None else st.none(),
    })


def _url(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(value, safe="") or "%20")
    return path


def _check(client, path: str, method: str, op: dict, counted: dict[str, int]) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(_request(path, op))
    def run(req):
        kw = {"params": req["query"]}
        if req["body"] is not None:
            kw["json"] = req["body"]
        r = client.request(method.upper(), _url(path, req["path"]), **kw)
        counted[op["operationId"]] = counted.get(op["operationId"], 0) + 1
        assert r.status_code < 500, (op["operationId"], req, r.status_code, r.text[:300])
        ctype = r.headers.get("content-type", "")
        if r.status_code >= 400:
            assert ctype == "application/problem+json" and r.json()["status"] == r.status_code
        elif ctype == "application/json":
            documented = op["responses"].get(str(r.status_code))
            assert documented is not None, (op["operationId"], r.status_code)
            jsonschema.validate(r.json(), documented["content"]["application/json"]["schema"])

    run()


def test_no_input_gets_a_server_error(client):
    """One stored story per backend; every operation in turn, deleting last so the others find it."""
    counted: dict[str, int] = {}
    for path, method, op in sorted(OPERATIONS, key=lambda o: o[2]["operationId"] == "deleteWatch"):
        _check(client, path, method, op, counted)
    assert set(counted) == {op["operationId"] for _, _, op in OPERATIONS}
    print(f"\nproperty-based API requests: {sum(counted.values())} over {len(counted)} operations, "
          "0 server errors")
