from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from conflict_tracker.health import health
from events.api.views import not_found

urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include("alerts.api.urls")),
    path("api/v1/", include("events.api.urls")),
    path("api/acled/", include("events.api.acled")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    # Anything else under /api/ ending in a slash is the API's JSON 404, with DEBUG on as well (where
    # Django would show its HTML debug page instead of handler404), e.g. /api/v1/subscriptions/0.5/;
    # CSRF-exempt, so a DELETE with a session cookie gets that 404 and not the HTML CSRF page.
    # Paths without the slash still get APPEND_SLASH's redirect first.
    re_path(r"^api/(?:.*/)?$", csrf_exempt(not_found), name="api-not-found"),
    path("", include("alerts.urls")),
    path("", include("events.urls")),
]

# JSON for anything unknown under /api/ (the API's error shape), Django's HTML page elsewhere.
handler404 = "events.api.views.not_found"
