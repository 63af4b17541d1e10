"""Editors' country scopes: their own admin, and an inline on each user's page."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError

from events import acled
from events.models import EditorScope


class EditorScopeForm(forms.ModelForm):
    class Meta:
        model = EditorScope
        fields = ["user", "country_code"]

    def clean_country_code(self) -> str:
        code = (self.cleaned_data.get("country_code") or "").strip().upper()
        if not acled.country(code).name:
            raise ValidationError("Not an ISO 3166-1 alpha-2 country code (e.g. NG, IQ).")
        return code


class EditorScopeInline(admin.TabularInline):
    model = EditorScope
    form = EditorScopeForm
    extra = 1
    fields = ["country_code"]
    verbose_name = "country this editor may change"
    verbose_name_plural = "editor country scope (none: every country)"


@admin.register(EditorScope)
class EditorScopeAdmin(admin.ModelAdmin):
    """The desks at a glance; a user's own page (Users) edits them too. Superusers only."""

    form = EditorScopeForm
    list_display = ["user", "country_code", "country_name", "created_at"]
    list_filter = ["country_code"]
    list_select_related = ["user"]
    search_fields = ["user__username", "=country_code"]
    autocomplete_fields = ["user"]

    @admin.display(description="country")
    def country_name(self, scope: EditorScope) -> str:
        return acled.country(scope.country_code).name


User = get_user_model()
_user_admin_class = type(admin.site._registry[User]) if admin.site.is_registered(User) else UserAdmin


class ScopedUserAdmin(_user_admin_class):  # type: ignore[misc, valid-type]
    inlines = [*getattr(_user_admin_class, "inlines", []), EditorScopeInline]


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, ScopedUserAdmin)
