from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("events/", views.event_list, name="event-list"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("actors/<int:pk>/", views.actor_detail, name="actor-detail"),
    path("locations/<int:pk>/", views.location_detail, name="location-detail"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
]
