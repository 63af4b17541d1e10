from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from alerts import selectors
from alerts.api.serializers import DeliverySerializer, SubscriptionCreatedSerializer, SubscriptionSerializer
from alerts.models import Subscription


class SubscriptionViewSet(viewsets.ModelViewSet):
    """Saved searches of the signed-in user (owner only)."""

    serializer_class = SubscriptionSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Subscription]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular building the schema
            return Subscription.objects.none()
        return selectors.subscriptions_of(self.request.user)

    @extend_schema(responses={201: SubscriptionCreatedSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription = serializer.save(owner=request.user)
        out = SubscriptionCreatedSerializer(subscription, context=self.get_serializer_context())
        return Response(out.data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: DeliverySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        subscription = self.get_object()
        rows = selectors.last_deliveries(subscription)
        return Response(DeliverySerializer(rows, many=True).data)
