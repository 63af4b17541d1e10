from rest_framework.routers import DefaultRouter

from events.api import views

app_name = "api"
router = DefaultRouter()
router.register("events", views.EventViewSet, basename="event")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("locations", views.LocationViewSet, basename="location")
router.register("quotes", views.QuoteViewSet, basename="quote")
router.register("articles", views.ArticleViewSet, basename="article")
urlpatterns = router.urls
