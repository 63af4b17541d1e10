"""The OpenAPI schema and the Swagger UI."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_lists_every_resource(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json() if response["Content-Type"].endswith("json") else yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    for path in ["events", "actors", "locations", "quotes", "articles"]:
        assert f"/api/v1/{path}/" in schema["paths"]
        assert f"/api/v1/{path}/{{id}}/" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert {"date_after", "actor", "bbox", "q", "updated_since", "cursor"} <= params
    assert "202" in schema["paths"]["/api/v1/articles/"]["post"]["responses"]


def test_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert yaml.safe_load(out.read_text())["openapi"].startswith("3.")


def test_swagger_ui_is_served_without_a_cdn(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn.jsdelivr" not in html
    assert "unpkg.com" not in html


def _schema(api_client) -> dict:
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_documents_exports_ordering_and_page_size(api_client):
    operation = _schema(api_client)["paths"]["/api/v1/events/"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    # an empty ?format= means the default, as a page's form sends it (events/api/schema.py)
    assert params["format"]["schema"]["enum"] == ["csv", "geojson", "json", "jsonl", ""]
    assert "-date" in params["ordering"]["schema"]["enum"]
    assert params["page_size"]["schema"]["maximum"] == 1000
    content = operation["responses"]["200"]["content"]
    assert {"application/json", "text/csv", "application/geo+json", "application/x-ndjson"} <= set(content)
    assert content["application/geo+json"]["schema"]["$ref"].endswith("/FeatureCollection")


def test_schema_documents_stats_acled_and_errors(api_client):
    schema = _schema(api_client)
    stats = schema["paths"]["/api/v1/stats/"]["get"]
    params = {p["name"] for p in stats["parameters"]}
    assert {"period", "top", "country", "actor", "date_after"} <= params
    acled = schema["paths"]["/api/acled/read"]["get"]
    assert {"country", "iso", "event_date", "event_date_where", "fields", "limit", "page", "_format", "key"} <= {
        p["name"] for p in acled["parameters"]
    }
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert "429" in operation["responses"], path
            assert operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    assert "404" in schema["paths"]["/api/v1/events/{id}/"]["get"]["responses"]
