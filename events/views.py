"""Server-rendered pages (placeholder until the pages land)."""

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return HttpResponse("todo")


dashboard = event_list = event_detail = actor_detail = location_detail = article_detail = _todo
