"""``manage.py clean_generic_aliases``: delete stored aliases that are generic words ("troops", "the army")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from events.alias_cleaning import actor_aliases_delete_generic


class Command(BaseCommand):
    help = (
        "Delete actor aliases that are generic words ('troops', 'the army', 'gunmen'; the table is "
        "events/generic_aliases.py): fed back to the pipeline they named one actor in every later story. "
        "Prints how many go per actor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list what would be deleted, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        removed = actor_aliases_delete_generic(dry_run=dry_run)
        for actor, aliases in removed.items():
            self.stdout.write(f"{actor}: {len(aliases)} ({', '.join(aliases)})")
        total = sum(len(aliases) for aliases in removed.values())
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {total} generic alias(es) of {len(removed)} actor(s)"))
