"""Bulk writes that keep what per-row saves gave for free: history rows, and get-or-create safety."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from django.conf import settings
from django.db import IntegrityError, connections, models, transaction
from django.utils import timezone

from events.fields import concrete_field

logger = logging.getLogger(__name__)

P = TypeVar("P", bound="InsertPlan")

# A batch insert loses a unique-key race at most once per row another worker was inserting; a
# few rounds settle even a burst of workers naming the same new actors.
MAX_INSERT_ROUNDS = 5


def history_create(objs: Sequence[models.Model], *, changed: bool = False) -> list[models.Model]:
    """Write the '+' (or '~' when `changed`) history rows of saved objects in one insert."""
    return history_insert(history_rows(objs, "~" if changed else "+"))


def history_rows(objs: Sequence[models.Model], history_type: str) -> list[models.Model]:
    """Return unsaved history rows recording objs as they are now, as a save or delete would.

    What django-simple-history's bulk_history_create does, with the type ('+', '~', '-') chosen
    here, so rows of several kinds go in one insert. Empty when SIMPLE_HISTORY_ENABLED is off.
    """
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return []
    history_model = type(objs[0]).history.model  # type: ignore[attr-defined]
    now = timezone.now()
    return [
        history_model(
            history_date=now,
            history_type=history_type,
            history_user=history_model.get_default_history_user(obj),
            history_change_reason=None,
            **{field.attname: getattr(obj, field.attname) for field in history_model.tracked_fields},
        )
        for obj in objs
    ]


def history_insert(rows: list[models.Model]) -> list[models.Model]:
    """Insert history rows of one model; return them with their ids."""
    return type(rows[0])._default_manager.bulk_create(rows) if rows else []


def bulk_update(objs: Sequence[models.Model], field_names: Sequence[str]) -> None:
    """Write these fields of saved objects of one model in one UPDATE … FROM (VALUES …) query.

    QuerySet.bulk_update builds a CASE WHEN per field and row: for four events and ten fields it
    cost ~10 ms of CPU in the ORM (measured), fifteen times this query. Other databases than
    PostgreSQL and SQLite get bulk_update. No history, no auto_now: the caller does both.
    """
    if not objs:
        return
    model = type(objs[0])
    manager = model._default_manager
    connection = connections[manager.db]
    if connection.vendor not in ("postgresql", "sqlite"):
        manager.bulk_update(objs, field_names)
        return
    pk = model._meta.pk
    if pk is None:
        raise TypeError(f"{model.__name__} has no primary key")
    fields = [concrete_field(model, name) for name in field_names]
    quote = connection.ops.quote_name
    # PostgreSQL types a VALUES column from its first row: a NULL there needs a cast.
    casts = [f"::{f.cast_db_type(connection)}" if connection.vendor == "postgresql" else "" for f in [pk, *fields]]
    row = "(" + ", ".join(f"%s{cast}" for cast in casts) + ")"
    columns = [quote(f.column or f.attname) for f in [pk, *fields]]
    table = quote(model._meta.db_table)
    sql = (
        f"WITH v ({', '.join(columns)}) AS (VALUES {', '.join([row] * len(objs))}) "
        f"UPDATE {table} SET {', '.join(f'{c} = v.{c}' for c in columns[1:])} "
        f"FROM v WHERE {table}.{columns[0]} = v.{columns[0]}"
    )
    params = [f.get_db_prep_save(getattr(obj, f.attname), connection) for obj in objs for f in [pk, *fields]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def delete_with_history(rows: Sequence[models.Model]) -> None:
    """Delete rows of one model that nothing references, with their '-' history, in two queries.

    Only for models with no dependent rows and no signal receivers besides django-simple-history:
    the delete bypasses the collector, which would otherwise write the history one row at a time.
    """
    if not rows:
        return
    history_insert(history_rows(rows, "-"))
    model = type(rows[0])
    model._default_manager.filter(pk__in=[row.pk for row in rows])._raw_delete(using=model._default_manager.db)


class InsertPlan(Protocol):
    """What exists and what is missing, read in one go; `write` inserts the missing rows."""

    def has_new_rows(self) -> bool: ...

    def write(self) -> None: ...


def insert_new(plan: Callable[[], P]) -> P:
    """Read and plan, then insert what is missing; plan again if a concurrent worker won a race.

    An IntegrityError means another transaction committed one of the planned rows first: the
    savepoint is rolled back and the next plan reads that row instead of creating it, the
    guarantee get_or_create gives one row at a time. Nothing to insert costs no savepoint.
    """
    for attempt in range(1, MAX_INSERT_ROUNDS + 1):
        planned = plan()
        if not planned.has_new_rows():
            return planned
        try:
            with transaction.atomic():
                planned.write()
        except IntegrityError:
            if attempt == MAX_INSERT_ROUNDS:
                raise
            logger.info("lost an insert race (attempt %d), reading the winner's rows", attempt)
            continue
        return planned
    raise AssertionError("unreachable")
