"""Writes: remove the generic aliases ("troops", "the army") a database stored before they were refused."""

from __future__ import annotations

import logging
from collections import defaultdict

from django.db import models, transaction

from events.generic_aliases import is_generic_alias

logger = logging.getLogger(__name__)

DELETE_BATCH = 500  # ids per query: SQLite caps the parameters of one statement
CHANGE_REASON = "generic word, never an alias (events.generic_aliases)"


def actor_aliases_delete_generic(
    *, alias_model: type[models.Model] | None = None, dry_run: bool = False
) -> dict[str, list[str]]:
    """Delete every generic alias; return {actor name: [deleted aliases]}, sorted.

    ``alias_model`` is the ActorAlias class to work on: a data migration passes its historical
    model (``apps.get_model``), everyone else the current one (the default). ``dry_run`` deletes
    nothing and returns what would go.
    """
    if alias_model is None:
        from events.models import ActorAlias

        alias_model = ActorAlias
    # Judged on the alias text, not the stored key: a row keyed by an older normalize_name still goes.
    rows = alias_model._default_manager.order_by("actor__name", "alias").values_list("pk", "alias", "actor__name")
    doomed: dict[str, list[str]] = defaultdict(list)
    ids: list[int] = []
    for pk, alias, actor_name in rows.iterator(chunk_size=2000):
        if is_generic_alias(alias):
            doomed[actor_name].append(alias)
            ids.append(pk)
    if ids and not dry_run:
        with transaction.atomic():
            for start in range(0, len(ids), DELETE_BATCH):
                # One row at a time, so each history row says why the alias went (a one-off job).
                for row in alias_model._default_manager.filter(pk__in=ids[start : start + DELETE_BATCH]):
                    row._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
                    row.delete()
        logger.info("deleted %d generic aliases of %d actors", len(ids), len(doomed))
    return dict(doomed)
