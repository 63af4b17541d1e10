"""Helpers for tests that post Django admin change forms."""

from __future__ import annotations


def form_data(response) -> dict:
    """Return what the admin change form in ``response`` would post back unchanged."""
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        for item in formset.forms:
            data.update({item.add_prefix(name): item[name].value() for name in item.fields})
    return {key: "" if value is None else value for key, value in data.items()}
