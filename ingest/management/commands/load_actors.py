"""``manage.py load_actors``: load the seed actor dictionary into Actor / ActorAlias (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from events.generic_aliases import is_generic_alias
from events.models import Actor, ActorAlias
from events.normalize import normalize_name


class Command(BaseCommand):
    help = (
        "Load the seed actors (armed groups with their aliases, and per country 'Military Forces of X', "
        "'Police Forces of X', 'Government of X') into Actor/ActorAlias. Existing actors are left as editors "
        "made them; an alias already owned by any actor is skipped. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-state-forces", action="store_true", help="only the dictionary, not the per-country state actors"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from ingest.extraction.actors import seed_actors

        seeds = seed_actors(state_forces=not options["no_state_forces"])
        created_actors = created_aliases = skipped = 0
        with transaction.atomic():
            existing = {a.name: a for a in Actor.objects.filter(name__in=[s.name for s in seeds])}
            taken = set(ActorAlias.objects.values_list("normalized", flat=True))
            new_aliases: list[ActorAlias] = []
            for seed in seeds:
                actor = existing.get(seed.name)
                if actor is None:
                    actor = Actor.objects.create(name=seed.name, kind=seed.kind, country_code=seed.country_code or "")
                    created_actors += 1
                for alias in (seed.name, *seed.aliases):
                    norm = normalize_name(alias)[:300]
                    # The dictionary's generic actors ("Civilians": "residents") match their words
                    # by themselves; as stored aliases such words would only be cleaned away again.
                    if not norm or norm in taken or is_generic_alias(norm):
                        skipped += norm in taken
                        continue
                    taken.add(norm)
                    # bulk_create skips save(), so the normalised key is set here as save() would
                    new_aliases.append(ActorAlias(actor=actor, alias=alias[:300], normalized=norm))
            bulk_create_with_history(new_aliases, ActorAlias, batch_size=1000)
            created_aliases = len(new_aliases)
        self.stdout.write(
            f"{len(seeds)} seed actors: {created_actors} created; {created_aliases} aliases added, "
            f"{skipped} already owned"
        )
