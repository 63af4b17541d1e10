"""Events in the admin: correct (locking what changed), review, merge, split; every write through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Greatest, Substr
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from events import permissions
from events.admin.base import CountryScopedAdmin, confirmation_page, error_text, scope_message
from events.models import Event, Evidence
from events.services import editing, merging
from events.typology import is_valid

# How much article text the evidence inline shows on either side of a sentence.
CONTEXT_CHARS = 300
LOW_CONFIDENCE = 0.5


def _field_label(name: str) -> str:
    return str(getattr(Event._meta.get_field(name), "verbose_name", name)).capitalize()


class EvidenceInline(admin.TabularInline):
    """The sentences an event rests on, each in its surrounding article text; read-only."""

    model = Evidence
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    fields = ("source", "in_context", "fatalities")
    readonly_fields = fields
    verbose_name_plural = "evidence (in context)"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Evidence]:
        # Only a window of the article text is read: a text can be megabytes.
        window_start = Greatest(F("start") - CONTEXT_CHARS, Value(0), output_field=IntegerField())
        return (
            super()
            .get_queryset(request)
            .select_related("article")
            .only("id", "event_id", "sentence", "start", "end", "fatalities", "article__id", "article__title")
            .annotate(
                context_before=Substr("article__text", window_start + 1, F("start") - window_start),
                context_after=Substr("article__text", F("end") + 1, Value(CONTEXT_CHARS)),
            )
        )

    @admin.display(description="article")
    def source(self, evidence: Evidence) -> str:
        if evidence.article_id is None:
            return ""
        url = reverse("admin:events_article_change", args=[evidence.article_id])
        return format_html('<a href="{}">{}</a>', url, evidence.article)

    @admin.display(description="sentence in context")
    def in_context(self, evidence: Evidence) -> str:
        if evidence.pk is None:
            return ""
        before = getattr(evidence, "context_before", "") or ""
        after = getattr(evidence, "context_after", "") or ""
        if evidence.start > len(before):
            before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
        if len(after) >= CONTEXT_CHARS:
            after = after.rsplit(" ", 1)[0] + "…"
        return format_html(
            '<span class="evidence-context" style="display: block; white-space: pre-line; max-width: 60em">{}<mark>{}</mark>{}</span>',
            before,
            evidence.sentence,
            after,
        )


class NeedsReviewFilter(admin.SimpleListFilter):
    """Automatic events an editor should look at first, by reason."""

    title = "needs review"
    parameter_name = "needs_review"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [
            ("any", "Any reason"),
            ("low_confidence", f"Low confidence (< {LOW_CONFIDENCE})"),
            ("conflicting_fatalities", "Sources disagree on fatalities"),
            ("unresolved_place", "Unresolved place"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> QuerySet[Event] | None:
        conditions = {
            "low_confidence": Q(confidence__lt=LOW_CONFIDENCE),
            "conflicting_fatalities": Q(pk__in=_events_with_conflicting_fatalities()),
            "unresolved_place": Q(location__isnull=True) | Q(geo_precision=Event.GeoPrecision.COARSE),
        }
        value = self.value()
        if value == "any":
            condition = Q()
            for q in conditions.values():
                condition |= q
        elif value is not None and value in conditions:
            condition = conditions[value]
        else:
            return None
        return queryset.filter(condition, review_status=Event.ReviewStatus.AUTO)


def _events_with_conflicting_fatalities() -> QuerySet[Any, Any]:
    """Return the ids of events whose evidence reports two or more different fatality figures."""
    return (
        Evidence.objects.filter(fatalities__isnull=False)
        .order_by()
        .values("event_id")
        .annotate(figures=Count("fatalities", distinct=True))
        .filter(figures__gte=2)
        .values("event_id")
    )


class EditedFilter(admin.SimpleListFilter):
    title = "edited by an editor"
    parameter_name = "edited"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Edited (locked fields)"), ("no", "Untouched")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> QuerySet[Event] | None:
        untouched = Q(locked_fields=[]) | Q(locked_fields__isnull=True)
        if self.value() == "yes":
            return queryset.exclude(untouched)
        if self.value() == "no":
            return queryset.filter(untouched)
        return None


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Mark every field an editor changed, so nobody wonders why re-extraction leaves it be.
        for name in getattr(self.instance, "locked_fields", None) or []:
            if name in self.fields:
                field = self.fields[name]
                field.label = f"{field.label or _field_label(name)} ✎ edited"
                field.help_text = " ".join(
                    filter(None, [str(field.help_text), "Edited by an editor: re-extraction leaves it alone."])
                )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        event_type, sub_event_type = data.get("event_type"), data.get("sub_event_type")
        if event_type and sub_event_type and not is_valid(event_type, sub_event_type):
            self.add_error("sub_event_type", "This sub-event type belongs to another event type.")
        return data


@admin.register(Event)
class EventAdmin(CountryScopedAdmin):
    form = EventAdminForm
    list_display = [
        "__str__",
        "event_type",
        "date",
        "actor1",
        "actor2",
        "location",
        "fatalities",
        "confidence",
        "review_status",
        "is_edited",
    ]
    list_filter = [
        NeedsReviewFilter,
        "review_status",
        EditedFilter,
        "event_type",
        "sub_event_type",
        "date_precision",
        "location__country_code",
    ]
    list_select_related = ["actor1", "actor2", "location"]
    search_fields = ["summary", "actor1__name", "actor2__name", "location__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["actor1", "actor2", "assoc_actors", "location"]
    readonly_fields = ["edited_fields", "reported_fatalities", "confidence", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["edited_fields"]}),
        ("What happened", {"fields": [("event_type", "sub_event_type"), "cameo_code", "summary"]}),
        ("When", {"fields": [("date", "date_precision")]}),
        ("Who", {"fields": ["actor1", "actor2", "assoc_actors"]}),
        ("Where", {"fields": [("location", "geo_precision")]}),
        ("How many killed", {"fields": ["fatalities", "reported_fatalities"]}),
        ("Review", {"fields": ["review_status", "confidence", ("created_at", "updated_at")]}),
    ]
    inlines = [EvidenceInline]
    actions = ["mark_reviewed", "mark_rejected", "merge_events", "split_event", "unlock_fields"]

    @admin.display(boolean=True, description="edited")
    def is_edited(self, event: Event) -> bool:
        return bool(event.locked_fields)

    @admin.display(description="edited fields")
    def edited_fields(self, event: Event) -> str:
        if not event.pk or not event.locked_fields:
            return "None: every field is as extracted, and re-extraction may update it."
        names = ", ".join(_field_label(n) for n in event.locked_fields if n in Event.EDITABLE_FIELDS)
        return f"{names}. Changed by an editor and locked: re-extraction will not overwrite them."

    @admin.display(description="reported by sources")
    def reported_fatalities(self, event: Event) -> str:
        if not event.pk:
            return "—"
        rows = (
            Evidence.objects.filter(event=event, fatalities__isnull=False)
            .values("article_id", "article__title", "fatalities")
            .order_by("article_id")
            .distinct()
        )
        if not rows:
            return "No source gave a figure."
        return format_html_join(
            ", ", "{} ({})", ((r["fatalities"], r["article__title"] or f"article {r['article_id']}") for r in rows)
        )

    def save_model(self, request: HttpRequest, obj: Event, form: forms.ModelForm, change: bool) -> None:
        # The service compares obj with the stored row rather than the form's initial data, so a
        # revert from the history page locks what it restores, as any other edit does; it recounts
        # the actors and places the edit touched before the page answers.
        editing.event_save_by_editor(event=obj, assoc_actors=form.cleaned_data.get("assoc_actors"), user=request.user)

    def delete_model(self, request: HttpRequest, obj: Event) -> None:
        editing.event_delete(events=[obj], user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        editing.event_delete(events=queryset, user=request.user)

    def scope_violation(self, user: Any, data: dict[str, Any], instance: Event) -> tuple[str, str] | None:
        location = data.get("location", instance.location)
        if not permissions.can_edit_location(user, location):
            return "location", scope_message(user, "This place is" if location else "An event without a place is")
        return None

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("events.merge_event")

    def has_split_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("events.split_event")

    def _set_review_status(self, request: HttpRequest, queryset: QuerySet[Event], status: str) -> None:
        if self.refuse_outside_scope(request, queryset, f"mark {status}"):
            return
        try:
            ids = editing.event_set_review_status(events=queryset, status=status, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return
        self.message_user(request, f"{len(ids)} event(s) marked {status}.", messages.SUCCESS)

    @admin.action(description="Mark selected events reviewed", permissions=["change"])
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._set_review_status(request, queryset, Event.ReviewStatus.REVIEWED)

    @admin.action(description="Mark selected events rejected", permissions=["change"])
    def mark_rejected(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._set_review_status(request, queryset, Event.ReviewStatus.REJECTED)

    @admin.action(description="Release edited fields to re-extraction", permissions=["change"])
    def unlock_fields(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        if self.refuse_outside_scope(request, queryset, "unlock"):
            return
        try:
            ids = editing.event_unlock_fields(events=queryset, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return
        self.message_user(request, f"{len(ids)} event(s) unlocked.", messages.SUCCESS)

    @admin.action(description="Merge selected duplicate events…", permissions=["merge"])
    def merge_events(self, request: HttpRequest, queryset: QuerySet[Event]) -> TemplateResponse | None:
        if self.refuse_outside_scope(request, queryset, "merge"):
            return None
        events = list(
            queryset.select_related("actor1", "actor2", "location")
            .annotate(evidence_count=Count("evidence", distinct=True))
            .order_by("date", "pk")
        )
        if len(events) < 2:
            self.message_user(request, "Select two or more events to merge.", messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            target = next((e for e in events if str(e.pk) == request.POST.get("target")), None)
            if target is None:
                self.message_user(request, "Choose the event to keep.", messages.ERROR)
            else:
                others = [e for e in events if e.pk != target.pk]
                try:
                    merging.event_merge(target=target, others=others, user=request.user)
                except (ValidationError, PermissionDenied) as exc:
                    self.message_user(request, error_text(exc), messages.ERROR)
                    return None
                self.message_user(request, f"Merged {len(others)} event(s) into “{target}”.", messages.SUCCESS)
                return None
        suggested = max(events, key=lambda e: (bool(e.locked_fields), e.review_status == "reviewed", e.evidence_count))
        return confirmation_page(
            self,
            request,
            "admin/events/event/merge_confirmation.html",
            title="Merge duplicate events",
            objects=events,
            suggested=suggested,
            action="merge_events",
        )

    @admin.action(description="Split evidence of the selected event into a new event…", permissions=["split"])
    def split_event(self, request: HttpRequest, queryset: QuerySet[Event]) -> TemplateResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one event to split.", messages.WARNING)
            return None
        if self.refuse_outside_scope(request, queryset, "split"):
            return None
        event = queryset.select_related("actor1", "actor2", "location").get()
        evidence = list(event.evidence.select_related("article").defer("article__raw", "article__text"))
        if len(evidence) < 2:
            self.message_user(request, "An event with one evidence sentence cannot be split.", messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            chosen = set(request.POST.getlist("evidence"))
            try:
                new = merging.event_split(
                    event=event, evidence=[e for e in evidence if str(e.pk) in chosen], user=request.user
                )
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, error_text(exc), messages.ERROR)
            else:
                url = reverse("admin:events_event_change", args=[new.pk])
                self.message_user(
                    request,
                    format_html('Split {} evidence sentence(s) into <a href="{}">a new event</a>.', len(chosen), url),
                    messages.SUCCESS,
                )
                return None
        return confirmation_page(
            self,
            request,
            "admin/events/event/split_confirmation.html",
            title="Split an event",
            event=event,
            evidence=evidence,
            objects=[event],
            action="split_event",
        )
