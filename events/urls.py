from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("events/", views.event_list, name="event-list"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("map/", views.event_map, name="map"),
    path("map/data/", views.event_map_data, name="map-data"),
    path("actors/", views.actor_list, name="actor-list"),
    path("actors/<int:pk>/", views.actor_detail, name="actor-detail"),
    path("locations/", views.location_list, name="location-list"),
    path("locations/<int:pk>/", views.location_detail, name="location-detail"),
    path("autocomplete/actors/", views.actor_autocomplete, name="actor-autocomplete"),
    path("autocomplete/locations/", views.location_autocomplete, name="location-autocomplete"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("quotes/", views.quote_list, name="quote-list"),
]
