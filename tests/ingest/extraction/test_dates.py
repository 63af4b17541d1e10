from __future__ import annotations

import datetime as dt

import pytest

from ingest.extraction.dates import ResolvedDate, is_background, resolve_date

PUB = dt.date(2016, 10, 17)  # a Monday


@pytest.mark.parametrize(
    ("span", "expected", "precision"),
    [
        ("on Sunday", dt.date(2016, 10, 16), "day"),
        ("Sunday", dt.date(2016, 10, 16), "day"),
        ("last Friday", dt.date(2016, 10, 14), "day"),
        ("yesterday", dt.date(2016, 10, 16), "day"),
        ("today", PUB, "day"),
        ("last week", dt.date(2016, 10, 10), "week"),
        ("June 2014", dt.date(2014, 6, 1), "month"),
        ("the month of June 2014", dt.date(2014, 6, 1), "month"),  # "during the month of November 2017"
        ("October 12", dt.date(2016, 10, 12), "day"),
        ("12 October 2016", dt.date(2016, 10, 12), "day"),
        ("2014", dt.date(2014, 1, 1), "year"),
    ],
)
def test_date_spans_resolve_against_publication_date(span, expected, precision):
    r = resolve_date(span, PUB)
    assert r is not None
    assert (r.date, r.precision) == (expected, precision)


@pytest.mark.parametrize("span", ["two years", "several months", "decades", "the past few days", "may", "16", "7"])
def test_durations_and_non_dates_are_not_dates(span):
    assert resolve_date(span, PUB) is None


def test_old_dates_are_background():
    assert is_background(resolve_date("June 2014", PUB), PUB)
    assert not is_background(resolve_date("last week", PUB), PUB)


FRIDAY = dt.date(2024, 3, 15)


@pytest.mark.parametrize(
    ("span", "expected", "precision"),
    [
        ("late on Friday", FRIDAY, "day"),
        ("on Friday night", FRIDAY, "day"),
        ("early on Sunday", dt.date(2024, 3, 10), "day"),
        ("Wednesday night", dt.date(2024, 3, 13), "day"),
        ("Tuesday morning", dt.date(2024, 3, 12), "day"),
        ("over the weekend", dt.date(2024, 3, 9), "week"),
        ("last weekend", dt.date(2024, 3, 9), "week"),
        ("earlier this week", FRIDAY, "week"),
        ("last month", dt.date(2024, 2, 1), "month"),
    ],
)
def test_times_of_day_and_weekends_resolve_against_a_friday(span, expected, precision):
    assert resolve_date(span, FRIDAY) == ResolvedDate(expected, precision)


@pytest.mark.parametrize("span", ["1000", "1936", "in 2016", "2025", "2999"])
def test_a_bare_year_resolves_without_dateparser_as_it_would_with_it(span):
    """The bare-year shortcut relies on dateparser accepting every year it covers; check that it does."""
    from ingest.extraction.dates import _parse

    year = int(span[-4:])
    assert _parse(str(year), dt.datetime.combine(PUB, dt.time(12))) is not None
    assert resolve_date(span, PUB) == ResolvedDate(dt.date(year, 1, 1), "year")


def test_resolved_dates_are_remembered_per_span_and_publication_date():
    resolve_date.cache_clear()
    first = resolve_date("March 4", PUB)
    assert resolve_date("March 4", PUB) is first
    assert resolve_date("March 4", dt.date(2015, 10, 17)) == ResolvedDate(dt.date(2015, 3, 4), "day")
    assert resolve_date.cache_info().hits == 1
