"""Editorial writes and the highlighting helper the pages use."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from events.highlight import Segment, Span, highlight
from events.services.editing import event_lock_fields, event_update_by_editor
from tests.factories import ActorFactory, EventFactory


@pytest.mark.django_db
def test_event_update_by_editor_locks_only_changed_fields(editor):
    event = EventFactory(fatalities=3, summary="old")
    new_actor = ActorFactory()
    event_update_by_editor(event=event, changes={"fatalities": 4, "summary": "old", "actor1": new_actor}, user=editor)
    event.refresh_from_db()
    assert event.fatalities == 4
    assert event.actor1 == new_actor
    assert sorted(event.locked_fields) == ["actor1", "fatalities"]
    assert event.history.first().history_user == editor


@pytest.mark.django_db
def test_event_update_by_editor_handles_associated_actors(editor):
    event = EventFactory()
    extra = ActorFactory()
    event_update_by_editor(event=event, changes={"assoc_actors": [extra]}, user=editor)
    assert list(event.assoc_actors.all()) == [extra]
    assert event.locked_fields == ["assoc_actors"]
    event_update_by_editor(event=event, changes={"assoc_actors": [extra.pk]}, user=editor)
    assert event.locked_fields == ["assoc_actors"]


@pytest.mark.django_db
def test_event_update_by_editor_rejects_unknown_fields_and_bad_values(editor):
    event = EventFactory()
    with pytest.raises(ValidationError):
        event_update_by_editor(event=event, changes={"confidence": 1.0}, user=editor)
    with pytest.raises(ValidationError):
        event_update_by_editor(event=event, changes={"sub_event_type": "picnic"}, user=editor)


@pytest.mark.django_db
def test_review_status_change_does_not_lock():
    event = EventFactory()
    event_update_by_editor(event=event, changes={"review_status": "reviewed"})
    event.refresh_from_db()
    assert event.review_status == "reviewed"
    assert event.locked_fields == []


def test_event_lock_fields_keeps_existing_locks_and_ignores_non_editable():
    from events.models import Event

    event = Event(locked_fields=["summary"])
    assert event_lock_fields(event=event, field_names=["fatalities", "summary", "locked_fields"]) == [
        "summary",
        "fatalities",
    ]


TEXT = "First sentence here. Second one.\n\nThird paragraph sentence."


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], [[Segment("First sentence here. Second one.")], [Segment("Third paragraph sentence.")]]),
        (
            [Span(21, 32, "Second one.")],
            [[Segment("First sentence here. "), Segment("Second one.", True)], [Segment("Third paragraph sentence.")]],
        ),
        # Offsets that drifted: the sentence is found again in the text.
        (
            [Span(0, 5, "Third paragraph sentence.")],
            [[Segment("First sentence here. Second one.")], [Segment("Third paragraph sentence.", True)]],
        ),
        # Overlapping spans merge into one mark.
        (
            [Span(0, 10), Span(5, 20)],
            [
                [Segment("First sentence here.", True), Segment(" Second one.")],
                [Segment("Third paragraph sentence.")],
            ],
        ),
        # A span across a paragraph break is marked in both paragraphs.
        (
            [Span(21, 39)],
            [
                [Segment("First sentence here. "), Segment("Second one.", True)],
                [Segment("Third", True), Segment(" paragraph sentence.")],
            ],
        ),
        # Out-of-range offsets are clamped, empty ones dropped.
        (
            [Span(500, 600), Span(3, 3)],
            [[Segment("First sentence here. Second one.")], [Segment("Third paragraph sentence.")]],
        ),
    ],
)
def test_highlight(spans, expected):
    assert highlight(TEXT, spans) == expected


def test_highlight_keeps_markup_as_text():
    [[before, marked, after]] = highlight("a <b>x</b> c", [Span(2, 10)])
    assert marked == Segment("<b>x</b>", True)
    assert (before.text, after.text) == ("a ", " c")
