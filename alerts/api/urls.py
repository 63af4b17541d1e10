from rest_framework.routers import DefaultRouter

from alerts.api import views

app_name = "alerts-api"
router = DefaultRouter()
router.include_format_suffixes = False
router.include_root_view = False
router.register("subscriptions", views.SubscriptionViewSet, basename="subscription")
urlpatterns = router.urls
