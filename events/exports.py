"""Event exports (CSV, GeoJSON, JSON Lines, ACLED rows) streamed in constant memory.

Rows come from ``values()`` over a server-side cursor, a chunk at a time; each chunk's
associated actors and evidence are fetched with one query apiece, so memory and query count
grow with the chunk size, never with the export.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from django.db.models import QuerySet

from events import acled
from events.models import Event, Evidence

CHUNK_SIZE = 2000

EVENT_VALUES = (
    "id",
    "event_type",
    "sub_event_type",
    "cameo_code",
    "date",
    "date_precision",
    "geo_precision",
    "fatalities",
    "summary",
    "confidence",
    "review_status",
    "created_at",
    "updated_at",
    "actor1_id",
    "actor1__name",
    "actor1__kind",
    "actor2_id",
    "actor2__name",
    "actor2__kind",
    "location_id",
    "location__name",
    "location__country_code",
    "location__admin1",
    "location__admin2",
    "location__latitude",
    "location__longitude",
)

# The column set of ACLED's own CSV exports that scripts written against ACLED read.
CSV_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "notes",
    "source",
)

ACLED_FIELDS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _source_name(publisher: str, url: str | None, title: str = "") -> str:
    """Name a reporting article as ACLED's `source` does: its outlet (publisher, else the URL's domain).

    An upload with neither (a text file) is named by its title, so the row still says where it came from.
    """
    if publisher:
        return publisher
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.") or title


def event_rows(events: QuerySet[Event], *, chunk_size: int = CHUNK_SIZE) -> Iterator[dict[str, Any]]:
    """Yield one plain dict per event, with ``assoc`` actors and ``evidence`` attached per chunk."""
    base = events.values(*EVENT_VALUES)
    through = Event.assoc_actors.through
    for chunk in _chunks(base.iterator(chunk_size=chunk_size), chunk_size):
        ids = [row["id"] for row in chunk]
        assoc: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for event_id, actor_id, name, kind in (
            through.objects.filter(event_id__in=ids)
            .order_by("actor__name")
            .values_list("event_id", "actor_id", "actor__name", "actor__kind")
        ):
            assoc[event_id].append({"id": actor_id, "name": name, "kind": kind})
        evidence: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
        for sentence in (
            Evidence.objects.filter(event_id__in=ids)
            .order_by("article_id", "start")
            .values(
                "event_id",
                "article_id",
                "article__title",
                "article__url",
                "article__publisher",
                "sentence",
                "start",
                "end",
            )
        ):
            evidence[sentence["event_id"]].append(sentence)
        for row in chunk:
            row["assoc"] = assoc.get(row["id"], [])
            row["evidence"] = evidence.get(row["id"], [])
            yield row


def _actor(row: dict[str, Any], role: str) -> dict[str, Any] | None:
    if row[f"{role}_id"] is None:
        return None
    return {"id": row[f"{role}_id"], "name": row[f"{role}__name"]}


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """Shape a row from ``event_rows`` like the API's event resource (JSON Lines, GeoJSON)."""
    location = None
    if row["location_id"] is not None:
        location = {
            "id": row["location_id"],
            "name": row["location__name"],
            "country_code": row["location__country_code"],
            "admin1": row["location__admin1"],
            "admin2": row["location__admin2"],
            "latitude": row["location__latitude"],
            "longitude": row["location__longitude"],
        }
    return {
        "id": row["id"],
        "event_type": row["event_type"],
        "sub_event_type": row["sub_event_type"],
        "cameo_code": row["cameo_code"],
        "date": _iso(row["date"]),
        "date_precision": row["date_precision"],
        "actor1": _actor(row, "actor1"),
        "actor2": _actor(row, "actor2"),
        "assoc_actors": [{"id": a["id"], "name": a["name"]} for a in row["assoc"]],
        "location": location,
        "geo_precision": row["geo_precision"],
        "fatalities": row["fatalities"],
        "summary": row["summary"],
        "confidence": row["confidence"],
        "review_status": row["review_status"],
        "evidence": [
            {
                "article_id": e["article_id"],
                "article_title": e["article__title"],
                "article_url": e["article__url"],
                "sentence": e["sentence"],
                "start": e["start"],
                "end": e["end"],
            }
            for e in row["evidence"]
        ],
        "created_at": _iso(row["created_at"]),
        "updated_at": _iso(row["updated_at"]),
    }


def acled_record(row: dict[str, Any]) -> dict[str, Any]:
    """Shape a row from ``event_rows`` as ACLED names and types its fields."""
    country = acled.country(row["location__country_code"] or "")
    inter1 = acled.INTER_CODES.get(row["actor1__kind"], 8) if row["actor1_id"] else 0
    inter2 = acled.INTER_CODES.get(row["actor2__kind"], 8) if row["actor2_id"] else 0
    civilian = row["event_type"] == "violence_against_civilians" or row["actor2__kind"] == "civilians"
    sources = list(
        dict.fromkeys(
            _source_name(e["article__publisher"], e["article__url"], e["article__title"]) for e in row["evidence"]
        )
    )
    date = row["date"]
    return {
        "event_id_cnty": acled.event_id_cnty(row["id"], row["location__country_code"] or ""),
        "event_date": _iso(date),
        "year": date.year if date else None,
        "time_precision": acled.TIME_PRECISION.get(row["date_precision"], 1),
        "disorder_type": acled.DISORDER_TYPES.get(row["event_type"], ""),
        "event_type": acled.EVENT_TYPE_LABELS.get(row["event_type"], row["event_type"]),
        "sub_event_type": acled.SUB_EVENT_TYPE_LABELS.get(row["sub_event_type"], row["sub_event_type"]),
        "actor1": row["actor1__name"] or "",
        # ACLED has one associated-actor column per side; ours are not split by side, so they go with actor1.
        "assoc_actor_1": "; ".join(a["name"] for a in row["assoc"]),
        "inter1": inter1,
        "actor2": row["actor2__name"] or "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": acled.interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": country.iso,
        "region": country.region,
        "country": country.name,
        "admin1": row["location__admin1"] or "",
        "admin2": row["location__admin2"] or "",
        "admin3": "",
        "location": row["location__name"] or "",
        "latitude": row["location__latitude"],
        "longitude": row["location__longitude"],
        "geo_precision": row["geo_precision"],
        "source": "; ".join(s for s in sources if s),
        "source_scale": "",
        "notes": row["summary"],
        "fatalities": row["fatalities"] if row["fatalities"] is not None else 0,
        "tags": "" if row["fatalities"] is not None else "fatalities unknown",
        "timestamp": acled.unix_timestamp(row["updated_at"]),
    }


class _Echo:
    """A write-only file for csv.writer: hands back each line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(records: Iterable[dict[str, Any]], columns: Iterable[str]) -> Iterator[str]:
    columns = list(columns)
    writer = csv.writer(_Echo())
    yield writer.writerow(columns)
    for record in records:
        yield writer.writerow(["" if record.get(c) is None else record.get(c) for c in columns])


def stream_csv(events: QuerySet[Event]) -> Iterator[str]:
    """Yield the ACLED-compatible CSV export, header first."""
    return csv_lines((acled_record(row) for row in event_rows(events)), CSV_COLUMNS)


def stream_jsonl(events: QuerySet[Event]) -> Iterator[str]:
    for row in event_rows(events):
        yield json.dumps(event_record(row), ensure_ascii=False) + "\n"


def stream_geojson(events: QuerySet[Event]) -> Iterator[str]:
    """Yield a GeoJSON FeatureCollection piece by piece; events without coordinates get a null geometry."""
    yield '{"type":"FeatureCollection","features":['
    separator = ""
    for row in event_rows(events):
        record = event_record(row)
        lon, lat = row["location__longitude"], row["location__latitude"]
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lon is not None and lat is not None else None
        feature = {"type": "Feature", "id": row["id"], "geometry": geometry, "properties": record}
        yield separator + json.dumps(feature, ensure_ascii=False)
        separator = ","
    yield "]}\n"
