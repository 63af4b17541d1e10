from __future__ import annotations

import datetime as dt

import pytest

from ingest.extraction.dates import is_background, resolve_date

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
        ("October 12", dt.date(2016, 10, 12), "day"),
        ("12 October 2016", dt.date(2016, 10, 12), "day"),
        ("2014", dt.date(2014, 1, 1), "year"),
    ],
)
def test_date_spans_resolve_against_publication_date(span, expected, precision):
    r = resolve_date(span, PUB)
    assert r is not None
    assert (r.date, r.precision) == (expected, precision)


@pytest.mark.parametrize("span", ["two years", "several months", "decades", "the past few days", "may"])
def test_durations_and_non_dates_are_not_dates(span):
    assert resolve_date(span, PUB) is None


def test_old_dates_are_background():
    assert is_background(resolve_date("June 2014", PUB), PUB)
    assert not is_background(resolve_date("last week", PUB), PUB)
