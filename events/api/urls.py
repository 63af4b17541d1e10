from django.urls import path
from rest_framework.routers import DefaultRouter

from events.api import views

app_name = "api"
# No format-suffix routes (events.csv): the export format is the ?format= query parameter only.
router = DefaultRouter()
router.include_format_suffixes = False
router.register("events", views.EventViewSet, basename="event")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("locations", views.LocationViewSet, basename="location")
router.register("quotes", views.QuoteViewSet, basename="quote")
router.register("articles", views.ArticleViewSet, basename="article")
urlpatterns = [path("stats/", views.StatsView.as_view(), name="stats"), *router.urls]
