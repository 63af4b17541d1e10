"""load_gazetteer stores each place's province (GeoNames admin1 name) and fills it in on old databases."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from events.models import Location
from ingest.admin1 import admin1_name
from tests.ingest.test_commands import _dump

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("country", "code", "name"),
    [
        ("IQ", "15", "Nineveh"),
        ("US", "NY", "New York"),
        ("NG", "29", "Kano"),
        ("RU", "09", "Belgorod"),  # "Belgorodskaya oblast'", named after its biggest city
        ("IQ", "00", ""),
        ("", "15", ""),
    ],
)
def test_admin1_names_come_from_the_geonames_divisions(country, code, name):
    assert admin1_name(country, code) == name


def test_the_loader_and_the_pipeline_give_a_division_the_same_name():
    from ingest.admin1 import admin1_names
    from ingest.extraction.gazetteer import default_gazetteer

    shown = default_gazetteer().admin1_names
    assert {k: v for k, v in admin1_names().items() if k in shown} == shown


def test_loaded_places_carry_their_province(tmp_path):
    call_command("load_gazetteer", str(_dump(tmp_path)), stdout=StringIO())
    assert Location.objects.get(geonames_id=99072).admin1 == "Nineveh"
    assert Location.objects.get(geonames_id=99237).admin1 == ""  # a country has none


def test_if_empty_fills_in_provinces_an_older_load_left_blank_and_keeps_an_editors(tmp_path):
    path = _dump(tmp_path)
    call_command("load_gazetteer", str(path), stdout=StringIO())
    Location.objects.update(admin1="")  # as the loader stored them before
    Location.objects.filter(geonames_id=12345).update(admin1="Ninawa (edited)")

    out = StringIO()
    call_command("load_gazetteer", str(path), "--if-empty", stdout=out)

    assert "provinces filled in for 1 places" in out.getvalue()
    assert Location.objects.get(geonames_id=99072).admin1 == "Nineveh"
    assert Location.objects.get(geonames_id=12345).admin1 == "Ninawa (edited)"
    out = StringIO()
    call_command("load_gazetteer", str(path), "--if-empty", stdout=out)
    assert "nothing to do" in out.getvalue()
