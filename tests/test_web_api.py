"""The JSON API: every endpoint, the one error shape, pagination, the OpenAPI schema, read-only access."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from starlette.testclient import TestClient

from newsweave.errors import NewsweaveError
from newsweave.web import api
from newsweave.web.annotate import annotate
from newsweave.web.app import create_app
from newsweave.web.queries import connect, fts_expression
from tests.web_corpus import build_store, story_articles

BASE = "http://127.0.0.1"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    path = tmp_path_factory.mktemp("web") / "web.db"
    return path, build_store(path)


@pytest.fixture(scope="module")
def client(corpus: tuple[Path, dict[str, Any]]) -> Iterator[TestClient]:
    with TestClient(create_app(corpus[0]), base_url=BASE) as c:
        yield c


@pytest.fixture(scope="module")
def ids(corpus: tuple[Path, dict[str, Any]]) -> dict[str, Any]:
    return corpus[1]


def _schema_for(path: str, status: str) -> dict[str, Any]:
    doc = api.openapi()
    content = doc["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    if "$ref" in content:
        return dict(doc["components"]["schemas"]["Error"])
    return dict(content)


def assert_error(response: Any, status: int) -> None:
    assert response.status_code == status
    body = response.json()
    assert body == {"ok": False, "error": body["error"], "status": status}
    assert isinstance(body["error"], str) and body["error"]


def test_every_endpoint_answers_with_its_documented_shape(client: TestClient, ids: dict[str, Any]) -> None:
    concrete = {
        "{id}": None,
        "/api/stories/{id}": "/api/stories/s1",
        "/api/articles/{id}": f"/api/articles/{ids['story'][0]}",
        "/api/entities/{name}": "/api/entities/Anna%20Berger",
        "/api/search": "/api/search?q=Hafenbr%C3%BCcke",
    }
    for ep in api.ENDPOINTS:
        url = concrete.get(ep.path, ep.path)
        assert url
        r = client.get(url)
        assert r.status_code == 200, (url, r.text)
        jsonschema.validate(r.json(), _schema_for(ep.path, "200"))
        assert r.headers["content-type"].startswith("application/json")


def test_openapi_lists_exactly_the_api_routes(client: TestClient) -> None:
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    routed = {r.path.replace("{name:path}", "{name}") for r in client.app.routes if r.path.startswith("/api")}  # type: ignore[attr-defined]
    assert set(doc["paths"]) == routed
    for path, item in doc["paths"].items():
        op = item["get"]
        assert op["operationId"] and op["summary"] and "200" in op["responses"]
        for p in op["parameters"]:
            assert p["in"] in {"query", "path"} and (p["in"] != "path" or f"{{{p['name']}}}" in path)


def test_pagination_walks_every_article_once(client: TestClient, ids: dict[str, Any]) -> None:
    seen: list[str] = []
    url: str | None = "/api/articles?limit=4"
    pages = 0
    while url:
        body = client.get(url).json()
        assert body["ok"] and body["limit"] == 4 and body["total"] == len(ids["all"])
        seen += [item["id"] for item in body["items"]]
        url = body["next"]
        pages += 1
    assert sorted(seen) == sorted(ids["all"]) and len(seen) == len(set(seen))
    assert pages == -(-len(ids["all"]) // 4)


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=101", "limit=x", "offset=-1", "offset=100001", "offset=1.5"],
)
def test_bad_paging_is_a_400_on_every_paginated_endpoint(client: TestClient, query: str) -> None:
    for ep in api.ENDPOINTS:
        if ep.paginated:
            assert_error(client.get(f"{ep.path}?q=x&{query}"), 400)


@pytest.mark.parametrize(
    "query",
    ["from=2024-13-01", "to=yesterday", "from=2024-06-05&to=2024-06-01", "q=" + "x" * 501, "language=" + "d" * 17],
)
def test_bad_search_parameters_are_400(client: TestClient, query: str) -> None:
    assert_error(client.get(f"/api/search?{query}"), 400)


def test_unknown_things_are_404_in_the_error_shape(client: TestClient) -> None:
    for url in ["/api/nope", "/api/articles/0000", "/api/stories/nope", "/api/entities/Nobody%20Here", "/api"]:
        assert_error(client.get(url), 404)
    for ep in api.ENDPOINTS:
        if ep.may_404:
            r = client.get(ep.path.replace("{id}", "missing").replace("{name}", "missing"))
            assert_error(r, 404)
            jsonschema.validate(r.json(), _schema_for(ep.path, "404"))


def test_writes_are_405(client: TestClient, ids: dict[str, Any]) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert_error(client.request(method, f"/api/articles/{ids['story'][0]}"), 405)
        assert client.request(method, "/").status_code == 405


def test_article_has_group_diff_entities_claims(client: TestClient, ids: dict[str, Any]) -> None:
    tagblatt = ids["story"][1]
    body = client.get(f"/api/articles/{tagblatt}").json()
    art = body["article"]
    assert art["site"] == "tagblatt.example" and art["agencies"] == ["dpa"]
    assert {e["entity"] for e in art["entities"]} == {"Nordstadt", "Anna Berger"}
    assert {c["modality"] for c in art["claims"]} == {"reported", "confirmed"}
    group = body["group"]
    assert len(group["members"]) == 3 and group["canonical_id"] == ids["story"][0]
    mine = next(m for m in group["members"] if m["article"]["id"] == tagblatt)
    assert mine["added"] == ["Pendler müssen mit Staus rechnen."]
    assert body["stories"] == [{"id": "s1", "title": "Nordstadt bridge closure"}]


def test_story_timeline(client: TestClient, ids: dict[str, Any]) -> None:
    story = client.get("/api/stories/s1").json()["story"]
    entries = story["entries"]
    assert [e["article"]["id"] for e in entries][:1] == [ids["story"][0]]
    assert [e["article"]["published"] for e in entries] == sorted(e["article"]["published"] for e in entries)
    assert story["first_reported_by"]["site"] == "kurier.example"
    assert {r["site"] for r in story["confirmed_by"]} == {"kurier.example", "tagblatt.example", "anzeiger.example"}
    summary = story["summary"]
    assert summary["n_articles"] == 4
    assert {b["key"]: b["count"] for b in summary["languages"]} == {"de": 3, "en": 1}
    assert summary["entities"][0]["key"] in {"Anna Berger", "Nordstadt"}
    assert sum(b["count"] for b in summary["per_day"]) == 4


def test_story_list_is_paginated(client: TestClient) -> None:
    body = client.get("/api/stories?limit=1").json()
    assert body["available"] and body["total"] == 2 and len(body["items"]) == 1 and body["next"]
    assert client.get(body["next"]).json()["next"] is None


def test_search_filters_and_counts(client: TestClient, ids: dict[str, Any]) -> None:
    body = client.get("/api/search?q=Nordstadt").json()
    assert body["total"] == 4 and sum(b["count"] for b in body["over_time"]) == 4
    assert {b["key"] for b in body["over_time"]} == {"2024-06-03", "2024-06-04", "2024-06-05"}
    assert any(hit for item in body["items"] for _, hit in item["snippet"])
    assert client.get("/api/search?q=Nordstadt&language=en").json()["total"] == 1
    assert client.get("/api/search?q=Nordstadt&site=anzeiger.example").json()["total"] == 1
    assert client.get("/api/search?q=Nordstadt&from=2024-06-04&to=2024-06-04").json()["total"] == 1
    assert client.get("/api/search?q=Nordstadt&to=2024-06-03").json()["total"] == 2
    by_entity = client.get("/api/search?entity=Anna%20Berger").json()
    assert sorted(i["id"] for i in by_entity["items"]) == sorted(ids["story"])
    assert client.get('/api/search?q="Pendler müssen"').json()["total"] == 1
    assert client.get("/api/search?q=Pendler%20Brexit").json()["total"] == 0


@pytest.mark.parametrize("q", ["OR", "NEAR(", '"', "*", "a:b", "' OR 1=1 --", "title:x", "(", "\x00", "-"])
def test_search_never_passes_syntax_to_fts(client: TestClient, q: str) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200 and r.json()["ok"]


def test_fts_expression_quotes_everything() -> None:
    assert fts_expression('Kim "Jong un" OR x*') == '"Kim" "Jong un" "OR" "x*"'
    assert fts_expression('a"b') == '"a""b"'
    assert fts_expression("  ") is None and fts_expression("***") is None


def test_entity(client: TestClient, ids: dict[str, Any]) -> None:
    ent = client.get("/api/entities/Anna%20Berger").json()["entity"]
    assert ent["label"] == "PER" and ent["n_mentions"] == 7
    assert {b["key"]: b["count"] for b in ent["aliases"]} == {"Anna Berger": 4, "Berger": 3}
    assert sorted(a["id"] for a in ent["articles"]) == sorted(ids["story"])
    assert ent["stories"] == [["s1", "Nordstadt bridge closure"]]


def test_groups(client: TestClient) -> None:
    body = client.get("/api/groups").json()
    assert body["items"][0]["members"] and body["total"] >= 1


def test_store_without_stories_degrades(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    build_store(path, xss=False)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE story_members")
        conn.execute("DROP TABLE stories")
    with TestClient(create_app(path), base_url=BASE) as c:
        body = c.get("/api/stories").json()
        assert body["ok"] and body["available"] is False and body["items"] == [] and body["total"] == 0
        assert_error(c.get("/api/stories/s1"), 404)
        page = c.get("/")
        assert page.status_code == 200 and 'id="no-stories"' in page.text and "Hafenbrücke" in page.text
        assert c.get("/api/stats").json()["stats"]["stories"] is None


def test_not_a_store_is_nw401(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    for path in (tmp_path / "missing.db", other, Path(__file__)):
        with pytest.raises(NewsweaveError) as err:
            create_app(path)
        assert err.value.code == "NW401"


def test_connection_is_read_only(corpus: tuple[Path, dict[str, Any]]) -> None:
    conn = connect(corpus[0])
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM articles")
    conn.close()


def test_annotate_keeps_text_and_marks_spans() -> None:
    article = story_articles()[0]
    from dataclasses import replace

    from tests.web_corpus import _claim, _mention

    article = replace(
        article,
        entities=(_mention(article, "Anna Berger", "PER", "Anna Berger"),),
        claims=(_claim(article, "die Sperrung werde mindestens zwei Wochen dauern", "sagte", "reported", None, None),),
    )
    blocks = annotate(article)
    assert [b.kind for b in blocks] == ["lead", "paragraph", "heading", "paragraph"]
    expected = [article.lead] + [b.text for b in article.body]
    assert ["".join(s.text for s in b.segments) for b in blocks] == expected
    marked = [s for b in blocks for s in b.segments if s.mention]
    assert [s.text for s in marked] == ["Anna Berger"]
    claimed = "".join(s.text for b in blocks for s in b.segments if s.claim == 0)
    assert claimed == "die Sperrung werde mindestens zwei Wochen dauern"
