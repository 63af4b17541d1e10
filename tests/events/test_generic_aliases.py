"""Generic actor words ("troops", "the army") are never aliases: the table, the cleaning and its command."""

from __future__ import annotations

import importlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.alias_cleaning import actor_aliases_delete_generic
from events.generic_aliases import GENERIC_ALIAS_FORMS, is_generic_alias
from events.models import Actor, ActorAlias
from events.services.merging import actor_merge
from tests.factories import ActorFactory


@pytest.mark.parametrize(
    ("surface", "generic"),
    [
        ("troops", True),
        ("Troops", True),
        ("the troops", True),
        ("troop", True),
        ("soldier", True),
        ("The Army", True),
        ("army", True),
        ("the military", True),
        ("security forces", True),
        ("Security Forces", True),
        ("pro-government forces", True),
        ("police", True),
        ("the police", True),
        ("policemen", True),
        ("police officers", True),
        ("the navy", True),
        ("the air force", True),
        ("the coast guard", True),
        ("the junta", True),
        ("the regime", True),
        ("the government", True),
        ("authorities", True),
        ("officials", True),
        ("militants", True),
        ("these militants", True),
        ("gunmen", True),
        ("unidentified gunmen", True),
        ("fighters", True),
        ("the group", True),
        ("insurgents", True),
        ("rebels", True),
        ("jihadists", True),
        ("militiamen", True),
        ("bandits", True),
        ("attackers", True),
        ("assailants", True),
        ("separatists", True),
        ("protesters", True),
        ("demonstrators", True),
        ("civilians", True),
        ("local residents", True),
        ("villagers", True),
        ("Protesters", True),  # a generic canonical name
        ("Nigerian Army", False),
        ("Nigerian troops", False),
        ("Iraqi troops", False),
        ("Iraq's army", False),
        ("Military Forces of Iraq", False),
        ("Police Forces of Nigeria", False),
        ("Nigerian police", False),
        ("Government of Turkey", False),
        ("Islamic State", False),
        ("the Islamic State group", False),
        ("Boko Haram", False),
        ("Wagner Group", False),
        ("Free Syrian Army", False),
        ("Coalition", False),  # the dictionary's alias of the Global Coalition
        ("Unidentified Armed Group", True),  # the dictionary's catch-all, found by its name
        ("Army of Conquest", False),
        ("", False),
        ("the", False),
    ],
)
def test_is_generic_alias(surface, generic):
    assert is_generic_alias(surface) is generic


def test_every_form_in_the_table_is_generic_with_or_without_the():
    for row in GENERIC_ALIAS_FORMS:
        for form in row:
            assert is_generic_alias(form)
            assert is_generic_alias(f"the {form}")
            assert is_generic_alias(form.upper())


def _iraq_with_leaked_aliases() -> tuple[Actor, Actor]:
    iraq = ActorFactory(
        name="Military Forces of Iraq",
        kind=Actor.Kind.STATE_FORCE,
        country_code="IQ",
        aliases=["Iraqi troops", "troops", "the army", "soldiers"],
    )
    isis = ActorFactory(name="Islamic State", aliases=["ISIS", "militants"])
    return iraq, isis


def _aliases(actor: Actor) -> set[str]:
    return set(actor.aliases.values_list("alias", flat=True))


@pytest.mark.django_db
def test_cleaning_deletes_generic_aliases_and_keeps_specific_ones():
    iraq, isis = _iraq_with_leaked_aliases()

    removed = actor_aliases_delete_generic()

    assert removed == {"Islamic State": ["militants"], "Military Forces of Iraq": ["soldiers", "the army", "troops"]}
    assert _aliases(iraq) == {"Military Forces of Iraq", "Iraqi troops"}
    assert _aliases(isis) == {"Islamic State", "ISIS"}
    deleted = ActorAlias.history.filter(history_type="-")
    assert deleted.count() == 4
    assert {h.history_change_reason for h in deleted} == {"generic word, never an alias (events.generic_aliases)"}
    assert actor_aliases_delete_generic() == {}


@pytest.mark.django_db
def test_clean_generic_aliases_dry_run_changes_nothing():
    _iraq_with_leaked_aliases()
    before = set(ActorAlias.objects.values_list("pk", "alias"))
    out = StringIO()

    call_command("clean_generic_aliases", "--dry-run", stdout=out)

    assert set(ActorAlias.objects.values_list("pk", "alias")) == before
    assert "Military Forces of Iraq: 3 (soldiers, the army, troops)" in out.getvalue()
    assert "Would delete 4 generic alias(es) of 2 actor(s)" in out.getvalue()


@pytest.mark.django_db
def test_clean_generic_aliases_prints_per_actor_and_deletes():
    iraq, _ = _iraq_with_leaked_aliases()
    out = StringIO()

    call_command("clean_generic_aliases", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines == [
        "Islamic State: 1 (militants)",
        "Military Forces of Iraq: 3 (soldiers, the army, troops)",
        "Deleted 4 generic alias(es) of 2 actor(s)",
    ]
    assert _aliases(iraq) == {"Military Forces of Iraq", "Iraqi troops"}


@pytest.mark.django_db
def test_the_data_migration_cleans_with_the_historical_model():
    iraq, _ = _iraq_with_leaked_aliases()
    migration = importlib.import_module("events.migrations.0012_delete_generic_aliases")
    state = MigrationExecutor(connection).loader.project_state(("events", "0012_delete_generic_aliases"))

    migration.delete_generic_aliases(state.apps, None)

    assert _aliases(iraq) == {"Military Forces of Iraq", "Iraqi troops"}


@pytest.mark.django_db
def test_merging_an_actor_named_troops_adds_no_generic_alias():
    nigeria = ActorFactory(name="Military Forces of Nigeria", kind=Actor.Kind.STATE_FORCE, country_code="NG")
    troops = Actor.objects.create(name="Troops", kind=Actor.Kind.STATE_FORCE)

    actor_merge(winner=nigeria, losers=[troops])

    assert _aliases(nigeria) == {"Military Forces of Nigeria"}
