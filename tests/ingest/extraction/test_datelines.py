"""Datelines (ingest/extraction/datelines.py): the filing place is recognised in its usual shapes and
never becomes the incident's place."""

from __future__ import annotations

import unicodedata

import pytest

from ingest.extraction.datelines import dateline_end


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("NIAMEY, Niger \u2014 An ambush killed 16 soldiers.", "NIAMEY, Niger \u2014"),
        ("KHARTOUM, June 2 (Reuters) - Fighting resumed.", "KHARTOUM, June 2 (Reuters) -"),
        ("Lucknow: Curfew has been imposed in the town.", "Lucknow:"),
        ("Gaza City - Women rallied on Thursday.", "Gaza City -"),
        ("PERU (AFP): At least 17 people died.", "PERU (AFP):"),
        ("[Russia], March 14 (ANI): About 200 activists were detained.", "[Russia], March 14 (ANI):"),
        ("PORT-AU-PRINCE, Haiti (AP) \u2014 Gangs burned homes.", "PORT-AU-PRINCE, Haiti (AP) \u2014"),
        (" date 2019-08-28 Maputo \u2014 Insurgents killed five people.", " date 2019-08-28 Maputo \u2014"),
        # two cities, a country and a date in capitals (written for the test)
        ("EL PASO & CIUDAD JUAREZ, June 3 -- Police said two men were held.", "EL PASO & CIUDAD JUAREZ, June 3 --"),
        ("KABUL, AFGHANISTAN, MARCH 29 -- Gunmen attacked a checkpoint.", "KABUL, AFGHANISTAN, MARCH 29 --"),
        ("Update: police said the road was open.", ""),
        ("Gunmen killed five people on Sunday, police said.", ""),
        ("The army said: we will respond.", ""),
        ("Police said on Monday - without giving details - that two died.", ""),
    ],
)
def test_dateline_shapes(text, dateline):
    assert text[: dateline_end(text)] == dateline


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Lucknow: Curfew was imposed in Kasganj after a mob torched shops on Saturday, police said.",
            "Kasganj",
        ),
        (
            "Maputo \u2014 Insurgents beheaded five people on Tuesday in Nacala, in the northern province of "
            "Nampula, police said.",
            "Nacala",
        ),
    ],
)
def test_a_dateline_in_title_case_is_not_the_events_place(pipeline, text, place):
    events = pipeline.extract(text, published="2019-08-28").events
    assert events
    assert all(e.location != text.split()[0].rstrip(":") for e in events)
    assert place in {_ascii(e.location) for e in events}


def _ascii(name: str | None) -> str:
    return unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()


def test_a_datelines_city_is_not_placed_by_the_storys_first_sentence(pipeline):
    # written for the test: the story is about Mexico, the report is filed from the US city
    text = (
        "SAN DIEGO, MARCH 29, 2018 -- The government of Mexico announced on Monday that work will start on "
        "new sewage pipes along the border.\n\nThe works in Mexico will be paid for by the federal water "
        "commission of Mexico, officials in Mexico City said."
    )
    san_diego = next(p for p in pipeline.extract(text, published="2018-03-29").locations if p.name == "San Diego")
    assert san_diego.country_code == "US"
    assert san_diego.population > 1_000_000
