from django.contrib import admin

from alerts.models import Delivery, Notification, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "query", "digest", "is_paused", "paused_reason", "last_notified_at")
    list_filter = ("is_paused", "digest")
    search_fields = ("name", "query", "owner__username")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subscription", "event_id", "change", "status", "attempts", "created_at")
    list_filter = ("status", "change")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("notification", "attempt", "status_code", "latency_ms", "error", "created_at")
