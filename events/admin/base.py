"""What every admin of the events app shares: history with guarded reverts, country scopes, action pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from events import permissions


def confirmation_page(
    model_admin: admin.ModelAdmin, request: HttpRequest, template: str, **context: Any
) -> TemplateResponse:
    """Render an action's intermediate page; its form posts the action back with post=yes."""
    context.update(
        model_admin.admin_site.each_context(request),
        opts=model_admin.model._meta,
        action_checkbox_name=ACTION_CHECKBOX_NAME,
    )
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, template, context)


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose revert (a POST to a history version) needs change permission."""

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None):
        # django-simple-history saves a posted revert after checking only *view* permission: an
        # analyst (view only) or an editor outside their countries could otherwise revert.
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class CountryScopedAdmin(HistoryAdmin):
    """An admin whose objects editors with a country scope may only change within it.

    Everybody who may view still sees every object (the change page of one outside the scope is
    read-only); changing, deleting and reverting are refused outside it, and the form refuses to
    move an object out of the scope. The rules are in events/permissions.py.
    """

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit(request.user, obj))

    def scope_violation(self, user: Any, data: dict[str, Any], instance: Any) -> tuple[str, str] | None:
        """Return (field, message) when the form's data would put the object outside the scope."""
        return None

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> type:
        form = super().get_form(request, obj, change=change, **kwargs)
        if not permissions.is_scoped(request.user):
            return form
        model_admin, user = self, request.user

        class ScopedForm(form):  # type: ignore[misc, valid-type]
            def clean(self) -> dict[str, Any]:
                data = super().clean()
                problem = model_admin.scope_violation(user, data, self.instance)
                if problem:
                    field, message = problem
                    self.add_error(field if field in self.fields else None, message)
                return data

        ScopedForm.__name__ = form.__name__
        return ScopedForm

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if permissions.is_scoped(request.user):
            allowed = permissions.editable(request.user, self.model._default_manager.filter(pk=OuterRef("pk")))
            queryset = queryset.annotate(in_your_countries=Exists(allowed))
        return queryset

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        columns = list(super().get_list_display(request))
        return [*columns, "editable_by_you"] if permissions.is_scoped(request.user) else columns

    @admin.display(boolean=True, description="yours to edit")
    def editable_by_you(self, obj: Any) -> bool | None:
        return getattr(obj, "in_your_countries", None)

    def refuse_outside_scope(self, request: HttpRequest, queryset: QuerySet, verb: str) -> bool:
        return refuse_outside_scope(self, request, queryset, verb)


def refuse_outside_scope(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, verb: str) -> bool:
    """Message and return True when an action must not run: some selected objects are out of scope."""
    if permissions.all_editable(request.user, queryset):
        return False
    outside = queryset.count() - permissions.editable(request.user, queryset).count()
    model_admin.message_user(
        request,
        f"Nothing was done: {outside} of the selected {model_admin.model._meta.verbose_name_plural} lie outside "
        f"your countries ({permissions.describe_scope(request.user)}), and you may not {verb} them.",
        messages.ERROR,
    )
    return True


def error_text(exc: ValidationError | PermissionDenied) -> str:
    return "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def scope_message(user: Any, what: str) -> str:
    return f"{what} outside your countries ({permissions.describe_scope(user)})."
