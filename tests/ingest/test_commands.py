"""Management commands: load_gazetteer and ingest."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from events.models import Article, Location

pytestmark = pytest.mark.django_db

GEONAMES_ROWS = [
    # id, name, ascii, alternates, lat, lon, class, code, cc, cc2, admin1, admin2, admin3, admin4, population
    [
        "99072",
        "Mosul",
        "Mosul",
        "Al Mawsil,Mossul,الموصل",
        "36.335",
        "43.11889",
        "P",
        "PPLA",
        "IQ",
        "",
        "15",
        "",
        "",
        "",
        "1683000",
    ],
    ["99237", "Iraq", "Iraq", "", "33.0", "44.0", "A", "PCLI", "IQ", "", "00", "", "", "", "38274618"],
    ["12345", "Tiny Hamlet", "Tiny Hamlet", "", "36.1", "43.2", "P", "PPL", "IQ", "", "15", "", "", "", "20"],
    ["55555", "Jabal Sinjar", "Jabal Sinjar", "", "36.3", "41.8", "T", "MT", "IQ", "", "15", "", "", "", "0"],
]


def _dump(tmp_path):
    path = tmp_path / "cities.txt"
    path.write_text("\n".join("\t".join(row + ["", "", "Asia/Baghdad", "2024-01-01"]) for row in GEONAMES_ROWS) + "\n")
    return path


def test_load_gazetteer_streams_a_geonames_dump(tmp_path):
    call_command("load_gazetteer", str(_dump(tmp_path)), "--min-population", "500")

    mosul = Location.objects.get(geonames_id=99072)
    assert (mosul.name, mosul.country_code, mosul.feature) == ("Mosul", "IQ", "city")
    assert mosul.normalized == "mosul"
    assert "Al Mawsil" in mosul.alternate_names
    assert "الموصل" not in mosul.alternate_names
    assert Location.objects.get(geonames_id=99237).feature == "country"
    # too small, and not a populated place or division: left out
    assert not Location.objects.filter(geonames_id__in=[12345, 55555]).exists()


def test_load_gazetteer_twice_keeps_one_row_per_place_and_editor_fixes(tmp_path):
    path = _dump(tmp_path)
    call_command("load_gazetteer", str(path))
    Location.objects.filter(geonames_id=99072).update(admin1="Nineveh")
    call_command("load_gazetteer", str(path))

    assert Location.objects.filter(geonames_id=99072).count() == 1
    assert Location.objects.get(geonames_id=99072).admin1 == "Nineveh"
    call_command("load_gazetteer", "--if-empty")
    assert Location.objects.count() == 3


def test_load_gazetteer_rejects_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_gazetteer", str(tmp_path / "nope.txt"))


def test_ingest_stores_each_file_once(tmp_path, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    (tmp_path / "a.txt").write_text("Gunmen attacked a police station in Kano on Monday, killing two officers.")
    (tmp_path / "b.html").write_text("<html><body><p>Protesters marched in Khartoum on Friday.</p></body></html>")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF-1.4")

    call_command("ingest", str(tmp_path), "--published", "2024-03-04")
    call_command("ingest", str(tmp_path), "--published", "2024-03-04")

    assert Article.objects.count() == 2
    assert set(Article.objects.values_list("published_on", flat=True)) == {__import__("datetime").date(2024, 3, 4)}


def test_ingest_rejects_a_bad_date(tmp_path):
    (tmp_path / "a.txt").write_text("text")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("ingest", str(tmp_path), "--published", "yesterday")
