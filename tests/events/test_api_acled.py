"""GET /api/acled/read: ACLED's query language and envelope, and the real `acled` client against it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

from events import exports
from tests.factories import EventFactory, LocationFactory

pytestmark = pytest.mark.django_db

URL = "/api/acled/read"


def _ok(response) -> dict:
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == 200
    assert body["success"] is True
    assert body["count"] == len(body["data"])
    return body


def _ids(response) -> set[str]:
    return {row["event_id_cnty"] for row in _ok(response)["data"]}


def test_envelope_and_acled_field_names_and_types(api_client, world):
    body = _ok(api_client.get(URL))
    assert body["count"] == 3
    row = next(r for r in body["data"] if r["event_id_cnty"] == f"IRQ{world.attack.pk}")
    assert list(row) == list(exports.ACLED_FIELDS)
    assert row["event_date"] == "2016-10-16"
    assert row["year"] == 2016
    assert row["time_precision"] == 1
    assert row["disorder_type"] == "Political violence"
    assert row["event_type"] == "Violence against civilians"
    assert row["sub_event_type"] == "Attack"
    assert row["actor1"] == "Islamic State"
    assert row["inter1"] == 2
    assert row["actor2"] == "Iraqi Armed Forces"
    assert row["inter2"] == 1
    assert row["interaction"] == 12
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["iso"] == 368
    assert row["region"] == "Middle East"
    assert row["country"] == "Iraq"
    assert row["admin1"] == "Nineveh"
    assert row["location"] == "Bashiqa"
    assert isinstance(row["latitude"], float)
    assert row["geo_precision"] == 1
    assert row["fatalities"] == 3
    assert row["source"] == "Example News"
    assert isinstance(row["timestamp"], int)
    clash = next(r for r in body["data"] if r["event_id_cnty"] == f"IRQ{world.clash.pk}")
    assert clash["event_type"] == "Battles"
    assert clash["assoc_actor_1"] == "Popular Mobilization Forces"
    protest = next(r for r in body["data"] if r["event_id_cnty"] == f"IRQ{world.protest.pk}")
    assert protest["disorder_type"] == "Demonstrations"
    assert protest["inter2"] == 0
    assert protest["interaction"] == 60


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "Iraq"}, {"clash", "attack", "protest"}),
        ({"country": "Syria"}, set()),
        ({"country": "Syria|Iraq"}, {"clash", "attack", "protest"}),
        ({"country": "Syria:OR:country=Iraq"}, {"clash", "attack", "protest"}),
        ({"iso": "368"}, {"clash", "attack", "protest"}),
        ({"iso": "760"}, set()),
        ({"region": "11"}, {"clash", "attack", "protest"}),
        ({"region": "Middle East"}, {"clash", "attack", "protest"}),
        ({"region": "1"}, set()),
        ({"event_date": "2016-10-17"}, {"clash"}),
        ({"event_date": "2016-10-16|2016-10-17", "event_date_where": "BETWEEN"}, {"clash", "attack"}),
        ({"event_date": "2016-10-17", "event_date_where": ">"}, {"protest"}),
        ({"event_date": "2016-10-17", "event_date_where": "<"}, {"attack"}),
        ({"event_date": "2016-10-17", "event_date_where": ">="}, {"clash", "protest"}),
        # Several values are OR-ed; BETWEEN runs from the earliest to the latest, so one value is that day.
        ({"event_date": "2016-10-17", "event_date_where": "BETWEEN"}, {"clash"}),
        (
            {"event_date": "2016-11-02|2016-10-16|2016-10-17", "event_date_where": "BETWEEN"},
            {"clash", "attack", "protest"},
        ),
        ({"event_date": "2016-10-17|2016-11-02", "event_date_where": "<"}, {"clash", "attack"}),
        ({"event_date": "2016-10-17|2016-10-16", "event_date_where": ">"}, {"clash", "protest"}),
        ({"event_date": " 2016-10-17 |", "event_date_where": " between "}, {"clash"}),
        ({"year": "2016"}, {"clash", "attack", "protest"}),
        ({"event_type": "Battles"}, {"clash"}),
        ({"event_type": "protests"}, {"protest"}),
        ({"event_type": "Battles|Protests"}, {"clash", "protest"}),
        ({"event_type": "Picnics"}, set()),
        ({"sub_event_type": "Peaceful protest"}, {"protest"}),
        ({"disorder_type": "Political violence"}, {"clash", "attack"}),
        ({"actor1": "Islamic State"}, {"attack"}),
        ({"actor1": "islamic state"}, {"attack"}),
        ({"actor1": "%Iraq%", "actor1_where": "LIKE"}, {"clash", "protest"}),
        ({"actor1": "Iraqi%", "actor1_where": "LIKE"}, {"clash"}),
        ({"actor2": "Islamic State"}, {"clash"}),
        ({"assoc_actor_1": "Popular Mobilization Forces"}, {"clash"}),
        ({"inter1": "6"}, {"protest"}),
        ({"inter2": "0"}, {"protest"}),
        ({"admin1": "Nineveh"}, {"clash", "attack"}),
        ({"location": "Baghdad"}, {"protest"}),
        ({"notes": "%checkpoint%", "notes_where": "LIKE"}, {"attack"}),
        ({"fatalities": "3"}, {"attack"}),
        ({"fatalities": "0", "fatalities_where": ">"}, {"attack"}),
        ({"fatalities": "0|5", "fatalities_where": "BETWEEN"}, {"attack", "protest"}),
        ({"geo_precision": "1"}, {"clash", "attack", "protest"}),
        ({"time_precision": "1"}, {"clash", "attack", "protest"}),
        ({"time_precision": "3"}, set()),
    ],
)
def test_acled_query_language(api_client, world, params, expected):
    ids = {"clash": world.clash.pk, "attack": world.attack.pk, "protest": world.protest.pk}
    assert _ids(api_client.get(URL, params)) == {f"IRQ{ids[name]}" for name in expected}


def test_event_id_and_timestamp_filters(api_client, world):
    assert _ids(api_client.get(URL, {"event_id_cnty": f"IRQ{world.attack.pk}"})) == {f"IRQ{world.attack.pk}"}
    stamp = int(world.attack.updated_at.timestamp()) - 5
    assert len(_ids(api_client.get(URL, {"timestamp": str(stamp)}))) == 3
    assert _ids(api_client.get(URL, {"timestamp": "4102444800"})) == set()  # 2100
    assert len(_ids(api_client.get(URL, {"timestamp": "2016-01-01"}))) == 3


def test_rejected_events_are_not_served(api_client, world):
    world.protest.review_status = "rejected"
    world.protest.save()
    assert f"IRQ{world.protest.pk}" not in _ids(api_client.get(URL))


def test_fields_limit_and_page(api_client, world):
    body = _ok(api_client.get(URL, {"fields": "event_id_cnty|event_date|fatalities", "limit": 2}))
    assert body["count"] == 2
    assert all(list(r) == ["event_id_cnty", "event_date", "fatalities"] for r in body["data"])
    # Newest first, as ACLED answers.
    assert [r["event_date"] for r in body["data"]] == ["2016-11-02", "2016-10-17"]
    page2 = _ok(api_client.get(URL, {"fields": "event_date", "limit": 2, "page": 2}))
    assert page2["data"] == [{"event_date": "2016-10-16"}]
    assert _ok(api_client.get(URL, {"limit": 2, "page": 3}))["data"] == []


def test_csv_format(api_client, world):
    response = api_client.get(URL, {"_format": "csv", "fields": "event_id_cnty|country|fatalities"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["country"] for r in rows} == {"Iraq"}
    assert sorted(int(r["fatalities"]) for r in rows) == [0, 0, 3]
    legacy = api_client.get("/api/acled/read.csv", {"country": "Iraq"})
    assert legacy.status_code == 200
    assert legacy.content.decode().splitlines()[0].startswith("event_id_cnty,event_date,year")


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"event_date": "yesterday"}, "event_date"),
        ({"event_date": "2016-02-30"}, "event_date"),
        ({"fatalities_where": "ROUGHLY"}, "fatalities_where"),  # refused even without fatalities
        ({"fatalities_where": "LIKE"}, "fatalities_where"),
        ({"actor1_where": ">"}, "actor1_where"),
        ({"year": "0", "year_where": "<"}, "year"),  # was a 500 (a date of year 0)
        ({"event_date": "2016-01-01", "event_date_where": "ROUGHLY"}, "event_date_where"),
        ({"fatalities": "many"}, "fatalities"),
        ({"fatalities": "9" * 40}, "fatalities"),
        ({"iso": "Iraq"}, "iso"),
        ({"fields": "event_date|mood"}, "fields"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"page": "0"}, "page"),
        ({"_format": "xml"}, "_format"),
        ({"tags": "x"}, "tags"),
        ({"actor1": "x", "actor1_where": ">"}, "actor1_where"),
        ({"export_type": "monadic"}, "export_type"),
    ],
)
def test_bad_acled_query_is_a_400_in_acled_shape(api_client, world, params, param):
    response = api_client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["status"] == 400
    assert param in body["error"][0]["message"]
    assert param in body["detail"]


def test_a_key_with_a_nul_character_is_a_401_not_a_database_error(api_client, world):
    response = api_client.get(URL, {"key": "abc\x00", "email": "a@example.org"})
    assert response.status_code == 401
    assert response.json()["success"] is False


@pytest.fixture
def acled_user(db):
    user = User.objects.create_user("researcher", email="Researcher@Example.org", password="pw-research-1")
    return user, Token.objects.create(user=user)


def test_legacy_key_and_email_authenticate(api_client, world, acled_user, settings):
    _, token = acled_user
    assert _ok(api_client.get(URL, {"key": token.key, "email": "researcher@example.org"}))["count"] == 3
    for params in ({"key": token.key, "email": "someone@else.org"}, {"key": "nope", "email": "a@b.c"}, {"key": "x"}):
        response = api_client.get(URL, params)
        assert response.status_code == 401
        assert response.json()["success"] is False


def test_private_read_needs_a_token_given_as_key_and_email(world, acled_user, monkeypatch):
    from rest_framework.permissions import IsAuthenticated
    from rest_framework.test import APIClient

    from events.api.acled import AcledReadView

    monkeypatch.setattr(AcledReadView, "permission_classes", [IsAuthenticated])
    _, token = acled_user
    client = APIClient()
    assert client.get(URL).status_code == 401
    assert _ok(client.get(URL, {"key": token.key, "email": "researcher@example.org"}))["count"] == 3


@pytest.mark.django_db(transaction=True)
def test_the_acled_package_works_unchanged_against_this_server(live_server, acled_user, monkeypatch):
    from acled.clients.base_http_client import BaseHttpClient

    baghdad = LocationFactory(name="Baghdad", admin1="Baghdad", latitude=33.34, longitude=44.4)
    EventFactory(event_type="battles", date=dt.date(2020, 3, 1), location=baghdad, fatalities=4)
    EventFactory(event_type="protests", sub_event_type="peaceful_protest", date=dt.date(2020, 3, 5), location=baghdad)
    EventFactory(event_type="battles", date=dt.date(2019, 1, 1), location=baghdad, fatalities=1)
    _, token = acled_user
    # The package reads ACLED_API_HOST once, when it is imported; set what that read produces.
    monkeypatch.setenv("ACLED_API_HOST", f"{live_server.url}/api")
    monkeypatch.setattr(BaseHttpClient, "BASE_URL", f"{live_server.url}/api")
    # One retry: the client retries a 401 once (to refresh credentials) before raising.
    monkeypatch.setattr(BaseHttpClient, "MAX_RETRIES", 1)

    from acled import AcledClient

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the package deprecates key/email auth
        client = AcledClient(api_key=token.key, email="researcher@example.org")
    events = client.get_data(
        country="Iraq",
        event_type="Battles",
        limit=10,
        query_params={"event_date": "2020-01-01|2020-12-31", "event_date_where": "BETWEEN"},
    )
    assert len(events) == 1
    [event] = events
    assert event["event_date"] == dt.date(2020, 3, 1)  # parsed by the package from our string
    assert event["fatalities"] == 4
    assert event["country"] == "Iraq"
    assert event["iso"] == 368
    assert event["event_type"] == "Battles"
    assert event["latitude"] == pytest.approx(33.34)
    assert isinstance(event["timestamp"], dt.datetime)
    assert len(client.get_data(iso=368, fields="event_id_cnty|event_date", limit=2)) == 2
    assert len(client.get_data(event_date=dt.date(2019, 1, 1))) == 1

    from acled.exceptions import ClientError

    with pytest.raises(ClientError):
        client.get_data(fields="not_a_field")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        wrong = AcledClient(api_key="wrong-key", email="researcher@example.org")
    with pytest.raises(ClientError):
        wrong.get_data(country="Iraq")
