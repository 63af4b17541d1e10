"""Helpers the list pages share: capped pagination, whitelisted sorting, query strings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.http import QueryDict

# Counting a million filtered rows for "page 1 of 20,000" costs more than showing the rows; the
# pages count at most this many (a LIMITed subquery) and say "more than" beyond it. Offsets stop
# there too, so no page makes the database skip more than CAP rows.
COUNT_CAP = 10_000


@dataclass(frozen=True)
class CappedPage:
    object_list: list[Any]
    number: int
    per_page: int
    count: int  # exact up to COUNT_CAP
    is_capped: bool  # more rows than COUNT_CAP matched

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.object_list) - 1 if self.object_list else 0


def paginate(queryset: QuerySet, raw_page: str | None, *, per_page: int, cap: int | None = None) -> CappedPage:
    """Return one page of ``queryset`` and a count that stops at ``cap`` rows."""
    cap = COUNT_CAP if cap is None else cap
    # Unordered: with its ORDER BY the capped count sorts every matching row before the LIMIT.
    count = queryset.order_by()[: cap + 1].count()
    is_capped = count > cap
    count = min(count, cap)
    last = max(1, -(-count // per_page))
    try:
        number = min(max(1, int(raw_page or 1)), last)
    except ValueError:
        number = 1
    offset = (number - 1) * per_page
    return CappedPage(list(queryset[offset : offset + per_page]), number, per_page, count, is_capped)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    href: str = ""
    aria_sort: str = ""  # "ascending" / "descending" on the sorted column
    numeric: bool = False


def order_by_sort(
    queryset: QuerySet, raw: str | None, sorts: dict[str, tuple[str, ...]], default: str
) -> tuple[QuerySet, str]:
    """Order by a whitelisted sort key (``key`` or ``-key``); unknown keys fall back to ``default``."""
    sort = raw if raw and raw.lstrip("-") in sorts else default
    descending = sort.startswith("-")
    fields = sorts[sort.lstrip("-")]
    ordering = [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in fields]
    return queryset.order_by(*ordering, "-id" if descending else "id"), sort


def sortable_columns(
    columns: list[tuple[str, str]], *, sort: str, query: QueryDict, numeric: tuple[str, ...] = ()
) -> list[Column]:
    """Return header cells whose links toggle the sort and keep the other query parameters."""
    out = []
    for key, label in columns:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        # A fresh column sorts descending first: newest, deadliest, most recent activity.
        target = key if current and descending else f"-{key}"
        params = query.copy()
        params["sort"] = target
        params.pop("page", None)
        aria = ("descending" if descending else "ascending") if current else ""
        out.append(Column(key, label, f"?{params.urlencode()}", aria, key in numeric))
    return out


def clean_query(query: QueryDict, *drop: str) -> QueryDict:
    """Return the query without empty values and the named keys (for links and exports)."""
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        if key in drop:
            continue
        kept = [v for v in values if v != ""]
        if kept:
            cleaned.setlist(key, kept)
    return cleaned
