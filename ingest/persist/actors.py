"""Upsert the actors of one extraction result: one alias read, one bulk insert of what is new."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from events.generic_aliases import is_generic_alias
from events.models import Actor, ActorAlias
from events.normalize import normalize_name
from ingest.extraction.result import ActorResult
from ingest.persist.rows import history_create, insert_new

NAME_LENGTH = 300  # Actor.name and ActorAlias.alias


@dataclass
class ActorPlan:
    actors: dict[str, Actor] = field(default_factory=dict)  # result name → actor (new ones unsaved)
    new_actors: list[Actor] = field(default_factory=list)
    new_aliases: list[ActorAlias] = field(default_factory=list)

    def has_new_rows(self) -> bool:
        return bool(self.new_actors or self.new_aliases)

    def write(self) -> None:
        # Sorted, so two workers inserting overlapping names wait on each other's rows in one
        # order instead of deadlocking.
        self.new_actors.sort(key=lambda actor: actor.name)
        history_create(Actor.objects.bulk_create(self.new_actors))
        self.new_aliases.sort(key=lambda alias: alias.normalized)
        history_create(ActorAlias.objects.bulk_create(self.new_aliases))


def _surfaces(result: ActorResult) -> list[tuple[str, str]]:
    """Return the (surface, normalized key) of the name and aliases, the name first, no empty key.

    Generic words ("troops", "the army", a name like "Protesters" too) are left out, both as
    aliases to write and as keys to look actors up by: this article's troops may be Nigeria's,
    and a stored "troops" Iraq's. An actor with a generic name is found by its name instead.
    """
    surfaces = (s[:NAME_LENGTH] for s in dict.fromkeys([result.name, *result.aliases]))
    return [(surface, key) for surface in surfaces if (key := normalize_name(surface)) and not is_generic_alias(key)]


def _plan(results: Sequence[ActorResult]) -> ActorPlan:
    surfaces = [_surfaces(result) for result in results]
    keys = {key for pairs in surfaces for _, key in pairs}
    known = list(ActorAlias.objects.select_related("actor").filter(normalized__in=keys))  # ordered by alias
    owner = {alias.normalized: alias.actor for alias in known}
    # Names no stored alias knows may still be actors (an editor's, made without an alias row).
    unknown = {
        result.name[:NAME_LENGTH]
        for result, pairs in zip(results, surfaces, strict=True)
        if not any(key in owner for _, key in pairs)
    }
    by_name = {actor.name: actor for actor in Actor.objects.filter(name__in=unknown)} if unknown else {}

    plan = ActorPlan()
    for result, pairs in zip(results, surfaces, strict=True):
        mine = [key for _, key in pairs]
        plan.actors[result.name] = actor = _choose(mine, result, known, owner, plan, by_name)
        taken = {key for key in mine if key in owner}
        for surface, key in pairs:
            if key not in taken:
                plan.new_aliases.append(ActorAlias(actor=actor, alias=surface, normalized=key))
                owner[key] = actor
                taken.add(key)
    return plan


def _choose(
    keys: list[str],
    result: ActorResult,
    known: list[ActorAlias],
    owner: dict[str, Actor],
    plan: ActorPlan,
    by_name: dict[str, Actor],
) -> Actor:
    """Return the actor an alias names, else the one of that name, else a new (unsaved) one."""
    # Prefer the alias equal to the canonical name: aliases can be shared loosely ("IS").
    if keys and keys[0] in owner:
        return owner[keys[0]]
    wanted = set(keys)
    for alias in [*known, *plan.new_aliases]:
        if alias.normalized in wanted:
            return owner[alias.normalized]
    name = result.name[:NAME_LENGTH]
    if name not in by_name:
        by_name[name] = Actor(name=name, kind=result.kind or Actor.Kind.OTHER, country_code=result.country_code or "")
        plan.new_actors.append(by_name[name])
    return by_name[name]


def actors_upsert(results: Sequence[ActorResult]) -> dict[str, Actor]:
    """Return {result name: actor}, creating the actors and aliases not stored yet (with history)."""
    if not results:
        return {}
    return insert_new(lambda: _plan(results)).actors
