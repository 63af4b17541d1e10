import pytest

from alerts.models import Subscription

pytestmark = pytest.mark.django_db
URL = "/api/v1/subscriptions/"


def test_create_returns_id_feed_url_and_secret_once(analyst_client, receiver):
    response = analyst_client.post(
        URL, {"name": "Iraq", "query": "country=IQ", "webhook_url": receiver.url, "digest": "immediate"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["secret"] == Subscription.objects.get(pk=body["id"]).secret
    assert "/alerts/feed/" in body["feed_url"]
    again = analyst_client.get(f"{URL}{body['id']}/").json()
    assert "secret" not in again
    assert again["query"] == "country=IQ"


def test_every_filter_is_validated_by_the_event_filterset(analyst_client):
    response = analyst_client.post(URL, {"name": "bad box", "query": "bbox=500,1,2,3"}, format="json")
    assert response.status_code == 400
    assert "bbox" in str(response.json())
    ok = analyst_client.post(URL, {"name": "box", "query": "bbox=43,36,44,37&event_type=battles"}, format="json")
    assert ok.status_code == 201


def test_webhook_url_passes_the_ssrf_guard(analyst_client, settings):
    settings.INGEST_ALLOWED_NETWORKS = []
    response = analyst_client.post(
        URL, {"name": "x", "query": "", "webhook_url": "http://127.0.0.1:9/hook"}, format="json"
    )
    assert response.status_code == 400
    assert "loopback" in str(response.json())


def test_only_the_owner_sees_changes_or_deletes(analyst_client, token_client):
    pk = analyst_client.post(URL, {"name": "mine", "query": "country=IQ"}, format="json").json()["id"]
    assert token_client.get(f"{URL}{pk}/").status_code == 404
    assert token_client.patch(f"{URL}{pk}/", {"name": "theirs"}, format="json").status_code == 404
    assert token_client.delete(f"{URL}{pk}/").status_code == 404
    assert token_client.get(URL).json() == []
    assert analyst_client.patch(f"{URL}{pk}/", {"is_paused": True}, format="json").json()["is_paused"] is True
    assert analyst_client.delete(f"{URL}{pk}/").status_code == 204


def test_anonymous_cannot_list(api_client):
    assert api_client.get(URL).status_code in (401, 403)
