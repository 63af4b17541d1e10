from django.urls import path

from alerts import feeds, views

app_name = "alerts"

urlpatterns = [
    path("events/feed/", feeds.events_feed, name="events-feed"),
    path("alerts/feed/<str:token>/", feeds.subscription_feed, name="subscription-feed"),
    path("alerts/", views.my_alerts, name="my-alerts"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alerts/watch/", views.watch, name="watch"),
    path("alerts/<int:pk>/pause/", views.toggle_pause, name="pause"),
    path("alerts/<int:pk>/renew-feed/", views.renew_feed, name="renew-feed"),
    path("alerts/<int:pk>/delete/", views.delete, name="delete"),
]
