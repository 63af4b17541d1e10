from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from alerts import services
from alerts.models import Delivery, Subscription


class DeliverySerializer(serializers.ModelSerializer):
    event_id = serializers.IntegerField(source="notification.event_id", read_only=True)
    change = serializers.CharField(source="notification.change", read_only=True)

    class Meta:
        model = Delivery
        fields = ["event_id", "change", "attempt", "status_code", "latency_ms", "error", "created_at"]


class SubscriptionSerializer(serializers.ModelSerializer):
    feed_url = serializers.SerializerMethodField()

    class Meta:
        model = Subscription
        fields = [
            "id",
            "name",
            "query",
            "webhook_url",
            "email",
            "digest",
            "feed_url",
            "is_paused",
            "paused_reason",
            "consecutive_failures",
            "created_at",
            "last_notified_at",
        ]
        read_only_fields = ["id", "feed_url", "paused_reason", "consecutive_failures", "created_at", "last_notified_at"]

    def get_feed_url(self, obj: Subscription) -> str:
        request = self.context.get("request")
        path = f"/alerts/feed/{obj.feed_token}/"
        return request.build_absolute_uri(path) if request else path

    def validate_query(self, value: str) -> str:
        try:
            return services.query_validate(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["query"]) from exc

    def validate_webhook_url(self, value: str) -> str:
        if not value:
            return value
        try:
            return services.webhook_url_validate(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["webhook_url"]) from exc


class SubscriptionCreatedSerializer(SubscriptionSerializer):
    """The answer to a creation: the webhook secret, shown this once."""

    secret = serializers.SerializerMethodField()

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]

    def get_secret(self, obj: Subscription) -> str | None:
        return obj.secret if obj.webhook_url else None
