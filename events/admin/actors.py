"""Actors and their aliases in the admin, with the merge action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from events import permissions
from events.admin.base import HistoryAdmin, confirmation_page, error_text, scope_message
from events.models import Actor, ActorAlias, Event
from events.services import merging


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1
    fields = ["alias", "normalized"]
    readonly_fields = ["normalized"]


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
                        + scope_message(request.user, "the actors to fold in name events or quotes")
                        + " Ask an editor of all countries.",
                        messages.ERROR,
                    )
                    return None
                try:
                    merging.actor_merge(winner=winner, losers=losers, user=request.user)
                except (ValidationError, PermissionDenied) as exc:
                    self.message_user(request, error_text(exc), messages.ERROR)
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
        return confirmation_page(
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
