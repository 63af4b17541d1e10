"""Model fields by name, for code that reads or writes a field's column generically."""

from __future__ import annotations

from typing import Any

from django.db import models


def concrete_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """Return ``model``'s field ``name`` (its ``attname`` is ``location_id`` for ``location``)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is a reverse relation: it has no column to update")
    return field
