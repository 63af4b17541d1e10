"""The editors' workbench: correct, review, merge and split, with history and locking of edited fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Greatest, Substr
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from events import acled, permissions
from events.models import Actor, ActorAlias, Article, EditorScope, Event, Evidence, Location, Quote
from events.services import articles as article_services
from events.services import editing, merging
from events.typology import is_valid

# How much article text the evidence inline shows on either side of a sentence.
CONTEXT_CHARS = 300
LOW_CONFIDENCE = 0.5


def _confirmation_page(
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
        return _refuse_outside_scope(self, request, queryset, verb)


def _refuse_outside_scope(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, verb: str) -> bool:
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


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    return "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _scope_message(user: Any, what: str) -> str:
    return f"{what} outside your countries ({permissions.describe_scope(user)})."


def _field_label(name: str) -> str:
    return str(Event._meta.get_field(name).verbose_name).capitalize()


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1
    fields = ["alias", "normalized"]
    readonly_fields = ["normalized"]


class EvidenceInline(admin.TabularInline):
    """The sentences an event rests on, each in its surrounding article text; read-only."""

    model = Evidence
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    fields = ["source", "in_context", "fatalities"]
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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publisher", "published_on", "status", "language", "created_at"]
    list_filter = ["status", "language", "publisher"]
    search_fields = ["title", "url", "publisher"]
    date_hierarchy = "created_at"
    readonly_fields = ["content_hash", "created_at", "updated_at", "processed_at", "extractor_version"]
    raw_id_fields = ["actors", "locations"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["reextract", "retry_failed"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).defer("raw", "text")

    def has_reextract_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("events.reextract_article")

    @admin.action(description="Retry the failed ones", permissions=["reextract"])
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        if _refuse_articles_outside_scope(self, request, queryset):
            return
        failed = queryset.filter(status=Article.Status.FAILED).values_list("pk", flat=True)
        ids = article_services.article_reextract(article_ids=failed)
        self.message_user(request, f"{len(ids)} failed article(s) queued again.")

    @admin.action(description="Re-run extraction (keeps editors' corrections)", permissions=["reextract"])
    def reextract(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        if _refuse_articles_outside_scope(self, request, queryset):
            return
        ids = article_services.article_reextract(article_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, f"{len(ids)} article(s) queued for extraction.", messages.SUCCESS)
        skipped = queryset.count() - len(ids)
        if skipped:
            self.message_user(
                request, f"{skipped} article(s) left alone: being processed, or nothing stored.", messages.WARNING
            )


def _refuse_articles_outside_scope(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> bool:
    # Re-extraction rewrites the (unlocked) events of every country an article touches.
    # services.article_reextract takes no user: the scope is enforced here.
    return _refuse_outside_scope(model_admin, request, queryset, "re-extract")


@admin.register(Actor)
class ActorAdmin(HistoryAdmin):
    list_display = ["name", "kind", "country_code", "updated_at"]
    list_filter = ["kind", "country_code"]
    search_fields = ["name", "aliases__alias"]
    inlines = [ActorAliasInline]
    actions = ["merge_actors"]

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("events.merge_actor")

    @admin.action(description="Merge selected actors…", permissions=["merge"])
    def merge_actors(self, request: HttpRequest, queryset: QuerySet[Actor]) -> TemplateResponse | None:
        actors = list(
            queryset.annotate(
                alias_count=Count("aliases", distinct=True),
                quote_count=Count("quotes", distinct=True),
                article_count=Count("articles", distinct=True),
            ).order_by("name")
        )
        if len(actors) < 2:
            self.message_user(request, "Select two or more actors to merge.", messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            winner = next((a for a in actors if str(a.pk) == request.POST.get("winner")), None)
            if winner is None:
                self.message_user(request, "Choose the actor to keep.", messages.ERROR)
            else:
                losers = [a for a in actors if a.pk != winner.pk]
                if not permissions.can_merge_actors(request.user, losers):
                    self.message_user(
                        request,
                        "Nothing was merged: "
                        + _scope_message(request.user, "the actors to fold in name events or quotes")
                        + " Ask an editor of all countries.",
                        messages.ERROR,
                    )
                    return None
                try:
                    merging.actor_merge(winner=winner, losers=losers, user=request.user)
                except (ValidationError, PermissionDenied) as exc:
                    self.message_user(request, _error_text(exc), messages.ERROR)
                    return None
                self.message_user(
                    request,
                    f"Merged {', '.join(a.name for a in losers)} into {winner.name}.",
                    messages.SUCCESS,
                )
                return None
        for actor in actors:
            actor.event_count = (
                Event.objects.filter(Q(actor1=actor) | Q(actor2=actor) | Q(assoc_actors=actor)).distinct().count()
            )
        suggested = max(actors, key=lambda a: (a.event_count, a.alias_count, -a.pk))
        return _confirmation_page(
            self,
            request,
            "admin/events/actor/merge_confirmation.html",
            title="Merge actors",
            objects=actors,
            suggested=suggested,
            action="merge_actors",
        )


@admin.register(ActorAlias)
class ActorAliasAdmin(HistoryAdmin):
    list_display = ["alias", "actor", "normalized"]
    list_select_related = ["actor"]
    search_fields = ["alias", "normalized", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(Location)
class LocationAdmin(CountryScopedAdmin):
    list_display = ["name", "country_code", "admin1", "feature", "latitude", "longitude", "population"]
    list_filter = ["feature", "country_code"]
    search_fields = ["name", "normalized", "admin1", "=geonames_id"]

    def scope_violation(self, user: Any, data: dict[str, Any], instance: Location) -> tuple[str, str] | None:
        code = data.get("country_code", instance.country_code)
        if not permissions.can_edit_country(user, code):
            return "country_code", _scope_message(user, f"Country “{code or 'none'}” is")
        return None


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
        if self.value() == "any":
            condition = Q()
            for q in conditions.values():
                condition |= q
        elif self.value() in conditions:
            condition = conditions[self.value()]
        else:
            return None
        return queryset.filter(condition, review_status=Event.ReviewStatus.AUTO)


def _events_with_conflicting_fatalities() -> QuerySet[Evidence]:
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
        data = super().clean()
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
            return "location", _scope_message(user, "This place is" if location else "An event without a place is")
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
            self.message_user(request, _error_text(exc), messages.ERROR)
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
            self.message_user(request, _error_text(exc), messages.ERROR)
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
                    self.message_user(request, _error_text(exc), messages.ERROR)
                    return None
                self.message_user(request, f"Merged {len(others)} event(s) into “{target}”.", messages.SUCCESS)
                return None
        suggested = max(events, key=lambda e: (bool(e.locked_fields), e.review_status == "reviewed", e.evidence_count))
        return _confirmation_page(
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
                self.message_user(request, _error_text(exc), messages.ERROR)
            else:
                url = reverse("admin:events_event_change", args=[new.pk])
                self.message_user(
                    request,
                    format_html('Split {} evidence sentence(s) into <a href="{}">a new event</a>.', len(chosen), url),
                    messages.SUCCESS,
                )
                return None
        return _confirmation_page(
            self,
            request,
            "admin/events/event/split_confirmation.html",
            title="Split an event",
            event=event,
            evidence=evidence,
            objects=[event],
            action="split_event",
        )


@admin.register(Evidence)
class EvidenceAdmin(CountryScopedAdmin):
    list_display = ["__str__", "event", "article", "start", "end", "fatalities"]
    list_select_related = ["event__location", "article"]
    search_fields = ["sentence"]
    raw_id_fields = ["event", "article"]

    def scope_violation(self, user: Any, data: dict[str, Any], instance: Evidence) -> tuple[str, str] | None:
        event = data.get("event", instance.event if instance.event_id else None)
        if event is not None and not permissions.can_edit_event(user, event):
            return "event", _scope_message(user, "This event is")
        return None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Evidence]:
        return super().get_queryset(request).defer("article__raw", "article__text")


@admin.register(Quote)
class QuoteAdmin(CountryScopedAdmin):
    list_display = ["__str__", "speaker", "speaker_role", "cue", "article"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker_name", "speaker__name"]
    list_filter = ["cue"]
    raw_id_fields = ["article", "event"]
    autocomplete_fields = ["speaker"]

    def scope_violation(self, user: Any, data: dict[str, Any], instance: Quote) -> tuple[str, str] | None:
        event = data.get("event", instance.event if instance.event_id else None)
        article = data.get("article", instance.article if instance.article_id else None)
        if article is None:
            return None  # the form reports the missing article
        if permissions.can_edit_quote(user, Quote(event=event, article=article)):
            return None
        if event is not None:
            return "event", _scope_message(user, "This event is")
        return "article", _scope_message(user, "Some of this article's countries are")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Quote]:
        return super().get_queryset(request).defer("article__raw", "article__text")


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
