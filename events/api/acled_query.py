"""ACLED's query language read into a Q over our events: ``<name>``, ``<name>_where`` operators,
``a|b`` (and ACLED's older ``a:OR:name=b``) for several values. The view is events/api/acled.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils import timezone
from rest_framework import exceptions

from events import acled
from events.models import Event

OPERATORS = {"=", "<", ">", "<=", ">=", "BETWEEN", "LIKE"}
UNSUPPORTED = {"admin3", "source", "source_scale", "tags", "latitude", "longitude", "interaction", "civilian_targeting"}
UNSUPPORTED |= {"assoc_actor_2"}


def bad_param(param: str, message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({param: [message]})


def _values(params: Any, name: str) -> list[str]:
    raw = params.get(name, "")
    parts = re.split(r":OR:", raw)
    values = [parts[0], *(p.split("=", 1)[1] if "=" in p else p for p in parts[1:])]
    return [v.strip() for value in values for v in value.split("|") if v.strip()]


def _operator(params: Any, name: str) -> str:
    op = (params.get(f"{name}_where") or "").strip().upper() or "="
    if op not in OPERATORS:
        raise bad_param(f"{name}_where", f"Use one of {', '.join(sorted(OPERATORS))}.")
    return op


def _compare(params: Any, name: str, field: str, parse: Callable[[str], Any]) -> Q:
    """A numeric or date comparison with ACLED's ``_where`` operator.

    Several values are OR-ed as everywhere in ACLED's language (``<`` a|b: below either, so below
    the larger); BETWEEN runs from the smallest value to the largest, so BETWEEN a alone means a.
    Every combination the schema allows is thus an answer, not a 400 (schemathesis checks it).
    """
    op = _operator(params, name)
    try:
        values = [parse(v) for v in _values(params, name)]
    except (ValueError, OverflowError) as exc:
        raise bad_param(name, f"Invalid value: {exc}") from exc
    if not values:
        return Q()
    if op == "BETWEEN":
        return Q(**{f"{field}__gte": min(values), f"{field}__lte": max(values)})
    if op == "LIKE":
        raise bad_param(f"{name}_where", "LIKE applies to text fields only.")
    if op == "=":
        return Q(**{f"{field}__in": values})
    lookup = {"<": "lt", ">": "gt", "<=": "lte", ">=": "gte"}[op]
    bound = max(values) if op in ("<", "<=") else min(values)
    return Q(**{f"{field}__{lookup}": bound})


# ACLED's text parameters and the fields they match (= exactly, any case, or LIKE with % wildcards).
TEXT_FIELDS = {
    "actor1": "actor1__name",
    "actor2": "actor2__name",
    "admin1": "location__admin1",
    "admin2": "location__admin2",
    "location": "location__name",
    "notes": "summary",
}


COMPARED_FIELDS = {"event_date", "year", "fatalities", "geo_precision", "timestamp"}


def _check_operators(params: Any, present: set[str]) -> None:
    """Refuse a bad ``<name>_where`` even when ``<name>`` itself is not given."""
    for where in sorted(n for n in present if n.endswith("_where")):
        name = where.removesuffix("_where")
        op = _operator(params, name)
        if (name in TEXT_FIELDS or name == "assoc_actor_1") and op not in ("=", "LIKE"):
            raise bad_param(where, "Text fields take = or LIKE.")
        if name in COMPARED_FIELDS and op == "LIKE":
            raise bad_param(where, "LIKE applies to text fields only.")


def _text(params: Any, name: str, field: str) -> Q:
    """An exact (case-insensitive) or ``LIKE`` match on a text field."""
    op = _operator(params, name)
    if op not in ("=", "LIKE"):
        raise bad_param(f"{name}_where", "Text fields take = or LIKE.")
    match = Q(pk__in=[])
    for value in _values(params, name):
        if op == "LIKE" and value.startswith("%") and value.endswith("%") and len(value) > 1:
            match |= Q(**{f"{field}__icontains": value.strip("%")})
        elif op == "LIKE" and value.startswith("%"):
            match |= Q(**{f"{field}__iendswith": value[1:]})
        elif op == "LIKE" and value.endswith("%"):
            match |= Q(**{f"{field}__istartswith": value[:-1]})
        else:
            match |= Q(**{f"{field}__iexact": value})
    return match


def _small_int(value: str) -> int:
    number = int(value)
    if not -(2**31) < number < 2**31:
        raise ValueError(f"{value} is out of range")
    return number


def _year(value: str) -> int:
    year = int(value)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:  # the database's year lookups build a date from it
        raise ValueError(f"{value} is not a year from {dt.MINYEAR} to {dt.MAXYEAR}")
    return year


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _timestamp(value: str) -> dt.datetime:
    if value.isdigit():
        return dt.datetime.fromtimestamp(min(int(value), 253402300799), tz=dt.UTC)
    moment = dt.datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)


def _slugs(params: Any, name: str, labels: dict[str, str]) -> Q:
    by_label = {label.casefold(): slug for slug, label in labels.items()} | {slug: slug for slug in labels}
    wanted = {by_label.get(v.casefold(), "") for v in _values(params, name)}
    return Q(**{f"{name}__in": wanted})


def _kinds_for_inter(codes: list[int]) -> list[str]:
    return [kind for kind, code in acled.INTER_CODES.items() if code in codes]


def acled_filter(params: Any) -> Q:
    """Translate ACLED's query parameters into one Q over events; 400 on what we cannot honour."""
    params = dict(params.items())  # a QueryDict's items() gives each name's last value
    for name, value in params.items():
        if "\x00" in value:
            raise bad_param(name, "Null characters are not allowed.")
    query = Q()
    present = {name for name, value in params.items() if value != ""}
    _check_operators(params, present)
    for name in sorted(present & UNSUPPORTED):
        raise bad_param(name, "Filtering on this field is not supported here.")
    if params.get("export_type", "dyadic").lower() not in ("", "dyadic"):
        raise bad_param("export_type", "Only the dyadic export is supported.")
    if "country" in present:
        codes = [acled.country_code_for_name(v) for v in _values(params, "country")]
        query &= Q(location__country_code__in=[c for c in codes if c])
    if "iso" in present:
        try:
            codes = [acled.country_code_for_iso(_small_int(v)) for v in _values(params, "iso")]
        except (ValueError, OverflowError) as exc:
            raise bad_param("iso", "Enter numeric ISO 3166 codes, e.g. 368.") from exc
        query &= Q(location__country_code__in=[c for c in codes if c])
    if "region" in present:
        names = {name.casefold(): name for name in acled.REGION_NUMBERS}
        numbers = {str(n): name for name, n in acled.REGION_NUMBERS.items()}
        regions = {numbers.get(v) or names.get(v.casefold()) for v in _values(params, "region")}
        query &= Q(location__country_code__in=[c for c, r in acled.REGION_OF.items() if r in regions])
    if "event_type" in present:
        query &= _slugs(params, "event_type", acled.EVENT_TYPE_LABELS)
    if "sub_event_type" in present:
        query &= _slugs(params, "sub_event_type", acled.SUB_EVENT_TYPE_LABELS)
    if "disorder_type" in present:
        wanted = {v.casefold() for v in _values(params, "disorder_type")}
        query &= Q(event_type__in=[t for t, d in acled.DISORDER_TYPES.items() if d.casefold() in wanted])
    for name, field in TEXT_FIELDS.items():
        if name in present:
            query &= _text(params, name, field)
    if "assoc_actor_1" in present:
        assoc_names = _text(params, "assoc_actor_1", "actor__name")
        query &= Q(pk__in=Event.assoc_actors.through.objects.filter(assoc_names).values("event_id"))
    for name, role in (("inter1", "actor1"), ("inter2", "actor2")):
        if name in present:
            try:
                inter_codes = [_small_int(v) for v in _values(params, name)]
            except ValueError as exc:
                raise bad_param(name, "Enter ACLED inter codes 0-8.") from exc
            kinds = Q(**{f"{role}__kind__in": _kinds_for_inter(inter_codes)})
            query &= kinds | Q(**{f"{role}__isnull": True}) if 0 in inter_codes else kinds
    if "event_date" in present:
        query &= _compare(params, "event_date", "date", _date)
    if "year" in present:
        query &= _compare(params, "year", "date__year", _year)
    if "fatalities" in present:
        query &= _compare(params, "fatalities", "fatalities", _small_int)
    if "geo_precision" in present:
        query &= _compare(params, "geo_precision", "geo_precision", _small_int)
    if "time_precision" in present:
        precisions = {1: ["day"], 2: ["week"], 3: ["month", "year"]}
        try:
            precision_codes = [_small_int(v) for v in _values(params, "time_precision")]
        except ValueError as exc:
            raise bad_param("time_precision", "Enter 1, 2 or 3.") from exc
        query &= Q(date_precision__in=[p for c in precision_codes for p in precisions.get(c, [])])
    if "event_id_cnty" in present:
        ids = [int(m.group(1)) for v in _values(params, "event_id_cnty") if (m := re.search(r"(\d{1,18})$", v))]
        query &= Q(pk__in=ids)
    if "timestamp" in present:
        # ACLED's timestamp filter means "changed at or after".
        params = {**params, "timestamp_where": params.get("timestamp_where") or ">="}
        query &= _compare(params, "timestamp", "updated_at", _timestamp)
    return query
