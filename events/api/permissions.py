"""Who may read the API: anyone, unless the deployment is private (PUBLIC_READ=0)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import SAFE_METHODS, BasePermission

from events.permissions import read_is_public

if TYPE_CHECKING:  # rest_framework.views imports this module while it loads its settings
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ReadAccess(BasePermission):
    """Reads are public unless PUBLIC_READ is off; anything else needs a signed-in user or a token.

    Read per request, not at import, so the setting (and a test's override of it) always applies.
    Sessions count as sign-in: the export links on the event list page work for a signed-in user.
    """

    message = "Sign in or send an API token (Authorization: Token …): this deployment is private."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS and read_is_public():
            return True
        return bool(request.user and request.user.is_authenticated)
