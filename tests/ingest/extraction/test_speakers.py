"""Who said it: the article's speaker model (ingest/extraction/speakers.py) through the pipeline.

Every text here was written for these tests; each row is one way English newswire attributes a
quotation, with the speaker a careful reader would name.
"""

from __future__ import annotations

import pytest

from ingest.extraction.speakers import PERSON_ROLES, subject_before

PUB = "2024-03-15"
Q, E = "\u201c", "\u201d"  # curly quote marks, as most wire copy has them


def _speakers(pipeline, text: str) -> list[str | None]:
    return [q.speaker for q in pipeline.extract(text, published=PUB).quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cue verbs, speaker before or after, inversion
        (f"{Q}We will rebuild every school,{E} Mayor Ines Duarte said on Monday.", ["Ines Duarte"]),
        (f"{Q}We will rebuild every school,{E} said Colonel Pavel Marchenko.", ["Pavel Marchenko"]),
        (f"Ines Duarte told reporters: {Q}The bridge will reopen next week.{E}", ["Ines Duarte"]),
        (f"Ines Duarte wrote on X: {Q}The bridge will reopen next week.{E}", ["Ines Duarte"]),
        (f"Ines Duarte posted on X that the bridge was {Q}closed until further notice{E}.", ["Ines Duarte"]),
        (f"The road was {Q}completely blocked by debris{E}, according to Ines Duarte.", ["Ines Duarte"]),
        (f"Amina Yusuf, a resident, told AFP: {Q}We heard shooting all night.{E}", ["Amina Yusuf"]),
        (f"{Q}We heard shooting all night,{E} said Amina Yusuf, a nurse at the clinic.", ["Amina Yusuf"]),
        # a possessive or a role's modifier is not the speaker
        (
            f"{Q}The talks will resume in May,{E} President Daniel Okafor{chr(0x2019)}s spokesman Musa Bello said.",
            ["Musa Bello"],
        ),
        # names the NLP model may miss, told by a role or by "called"
        (f"{Q}The gangs burned my house,{E} said a man called Jeannot, who gave no other name.", ["Jeannot"]),
        # unnamed role-holders with no organisation named speak under their role
        (f"{Q}Almost every shop was looted,{E} a local resident said.", ["local resident"]),
        (f"{Q}Almost every shop was looted,{E} one shopkeeper who asked not to be named told AFP.", ["shopkeeper"]),
        (f"{Q}We treated forty wounded people,{E} medics said.", ["medics"]),
        # a role-holder speaks for the organisation the text names
        (f"{Q}Our fighters repelled the attack,{E} a spokesperson for Hezbollah said.", ["Hezbollah"]),
        # an outlet is the speaker only when it is the source itself
        (f"{Q}They came at dawn,{E} a witness told Reuters.", ["witness"]),
        (f"Reuters reported that the convoy was hit {Q}by at least two drones{E}.", ["Reuters"]),
        (f"The convoy was {Q}hit by at least two drones{E}, according to AFP.", ["AFP"]),
        (f"State news agency SANA said the strikes had {Q}targeted residential buildings{E}.", ["SANA"]),
    ],
)
def test_the_speaker_of_one_quote(pipeline, text, expected):
    assert _speakers(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quote over three paragraphs after '"…," Governor X wrote on Telegram'
        (
            f"{Q}Air defence worked over the city all night,{E} Governor Anna Kovalenko wrote on Telegram.\n\n"
            f"{Q}Two houses were damaged and one man was wounded.{E}\n\n"
            f"{Q}Please stay in shelters until the all-clear.{E}\n\n"
            "The army did not comment.",
            ["Anna Kovalenko"] * 3,
        ),
        # a paragraph that is only a quote, after a paragraph ending in a colon cue
        (
            "Governor Anna Kovalenko wrote on Telegram:\n\n"
            f"{Q}Two houses were damaged and one man was wounded.{E}\n\n"
            "The army did not comment.",
            ["Anna Kovalenko"],
        ),
        # a second quote of the same paragraph continues the first one's speaker
        (
            f"{Q}We waited for hours,{E} one resident said. {Q}Then the soldiers told us to leave.{E}",
            ["resident", "resident"],
        ),
        # he/she: the last person who spoke, not the last one named as an object
        (
            "Colonel Pavel Marchenko said troops had detained Ivan Petrov near the border.\n\n"
            f"{Q}The operation is over,{E} he said.",
            ["Pavel Marchenko"],
        ),
        (
            f"{Q}The police are shooting at us,{E} one demonstrator told AFP.\n\n"
            f"{Q}We want Minister Okafor to resign,{E} he added.",
            ["demonstrator", "demonstrator"],
        ),
        # a definite description points back to the attribution that used its noun
        (
            f"{Q}The gunmen fled on motorbikes,{E} a senior police officer in Nairobi said.\n\n"
            f"{Q}We are searching the forest,{E} the officer said.",
            ["Police Forces of Kenya", "Police Forces of Kenya"],
        ),
        (
            "Hezbollah said in a statement that it had fired rockets at an army post.\n\n"
            f"{Q}Our response will continue,{E} the statement said.",
            ["Hezbollah"],
        ),
        (
            f"{Q}Two people were killed,{E} the Riverside Emergency Center said on Tuesday.\n\n"
            f"{Q}Ambulances cannot reach the area,{E} the center added.",
            ["Riverside Emergency Center", "Riverside Emergency Center"],
        ),
        # "X did something and said": the clause's subject, not the object in between
        (
            f"A resident filmed a soldier at the checkpoint and said: {Q}They will not let us pass.{E}",
            ["resident"],
        ),
    ],
)
def test_the_speaker_model_carries_over_sentences(pipeline, text, expected):
    assert _speakers(pipeline, text) == expected


def test_an_unnamed_role_keeps_its_role_and_an_organisation_gets_the_role_holder(pipeline):
    result = pipeline.extract(
        f"{Q}Our fighters repelled the attack,{E} a spokesperson for Hezbollah said.\n\n"
        f"{Q}The market burned for hours,{E} a local resident said.",
        published=PUB,
    )
    assert [(q.speaker, q.speaker_role) for q in result.quotes] == [
        ("Hezbollah", "spokesperson"),
        ("local resident", "local resident"),
    ]


def test_a_quote_that_lost_its_opening_mark_is_still_found_and_attributed(pipeline):
    result = pipeline.extract(
        f"The peacekeepers are fighting the wrong war,{E} said Ines Duarte, a researcher at the institute.",
        published=PUB,
    )
    ((text, speaker),) = [(q.text, q.speaker) for q in result.quotes]
    assert text.startswith("The peacekeepers are fighting")
    assert speaker == "Ines Duarte"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a few words closing a sentence of reported speech are the speaker's own
        ("One activist said the farms had been \u201cpacked with families\u201d.", ["packed with families"]),
        # a title is no quotation, even where it ends the sentence
        ("The attack was reported by the weekly \u201cVoz de Cabo\u201d.", []),
    ],
)
def test_short_fragments_at_the_end_of_reported_speech(pipeline, text, kept):
    assert [q.text for q in pipeline.extract(text, published=PUB).quotes] == kept


@pytest.mark.parametrize(
    ("clause", "subject"),
    [
        ("Sunder Kumar, DIG Border Range told", "Sunder Kumar, DIG Border Range"),
        ("Despite heavy losses, Marchenko said", "Marchenko"),
        ("Maria Lopes, who visited the camp on Friday, said", "Maria Lopes"),
        ("Ines Duarte, 45, a teacher, said", "Ines Duarte, 45, a teacher"),
        ("the dispute that a doctor said", "a doctor"),
    ],
)
def test_where_the_subject_of_a_cue_lies(clause, subject):
    cue = clause.rsplit(" ", 1)[0]
    spans, _ = subject_before(clause, 0, len(cue) + 1)
    start, end = spans[0]
    assert clause[start:end].strip(" ,") == subject


def test_the_role_table_is_lowercase():
    # definite references look roles up lowercased: a role added capitalised would never match
    assert all(r == r.lower() for r in PERSON_ROLES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quote with no cue of its own takes the speaker of the sentence before it (issue 16.5)
        (f"Ines Duarte said the town was calm. {Q}We are safe now.{E}", ["Ines Duarte"]),
        (
            f"{Q}We are safe now,{E} Ines Duarte said. {Q}Nobody is safe,{E} Pavel Marchenko countered.",
            ["Ines Duarte", "Pavel Marchenko"],
        ),
        # more cue verbs
        (f"{Q}The dam will hold,{E} the engineer Pavel Marchenko cautioned.", ["Pavel Marchenko"]),
        (f"{Q}We lost everything in one night,{E} Amina Yusuf recounted.", ["Amina Yusuf"]),
        (f"{Q}I am at the checkpoint,{E} Amina Yusuf texted.", ["Amina Yusuf"]),
        # a document names no person: it is neither the speaker nor a pointer back to one
        (f"Mayor Ines Duarte read it aloud. {Q}All gatherings are banned,{E} the decree said.", [None]),
        # more person roles: a definite role with no antecedent speaks under its role
        (f"{Q}The vote was rigged,{E} the senator said.", ["senator"]),
        # a surname alone points to the one person with that surname
        (
            f"Ines Duarte visited the camp. {Q}We need water,{E} Duarte said.",
            ["Ines Duarte"],
        ),
        # a bare name no actor list knows is a free-text speaker; a capitalised common noun is not
        (f"{Q}I did not see the car coming,{E} Ogunbowale said.", ["Ogunbowale"]),
        (f"Police said: {Q}Two people died in the fire.{E}", [None]),
        # an acronym before a role is the organisation the role-holder speaks for
        (f"{Q}Two soldiers were wounded,{E} an MoD spokesman said.", ["MoD"]),
        # a person noun no table knows points back to the last person, a body's noun does not
        (
            f"Mayor Ines Duarte visited the site. {Q}Two people died in the fire,{E} the actress said.",
            ["Ines Duarte"],
        ),
        (f"Mayor Ines Duarte visited the site. {Q}Two people died in the fire,{E} the company said.", [None]),
        (f"Mayor Ines Duarte visited the site. {Q}Two people died in the fire,{E} the army said.", [None]),
    ],
)
def test_issue_16_5_attribution_rules(pipeline, text, expected):
    assert _speakers(pipeline, text) == expected


@pytest.mark.parametrize(
    ("text", "pos", "start"),
    [
        ("He said it. Then he left.", 15, 12),
        # a sentence that ends inside a closing quote mark
        ('He said "it is over." Then he left.', 25, 22),
        (f"He said {Q}it is over.{E} Then he left.", 25, 22),
        ("He said 'it is over.\u2019 Then he left.", 25, 22),
        ("No sentence end before.", 10, 0),
    ],
)
def test_sentence_start_after_closing_quote_marks(text, pos, start):
    from ingest.extraction.quotes import _sentence_start

    assert _sentence_start(text, pos, 0) == start


@pytest.mark.parametrize(
    ("text", "person", "surname_mentions"),
    [
        ("Ines Duarte met the envoy. Later Duarte left.", "Ines Duarte", ["Duarte"]),
        # the surname inside the full name is not a second mention
        ("Ines Duarte met the envoy.", "Ines Duarte", []),
        # a month is no surname: "Theresa May" does not make "in May" a person
        ("Theresa May met the envoy in May.", "Theresa May", []),
    ],
)
def test_a_surname_alone_is_a_mention_of_its_person(text, person, surname_mentions):
    from ingest.extraction.actors import ActorSet, Mention
    from ingest.extraction.speakers import SpeakerModel

    actors = ActorSet()
    actors.add(Mention(0, len(person), person, person, "person"))
    model = SpeakerModel(text, actors)
    assert [m.surface for m in model._persons if m.source == "surname"] == surname_mentions
