"""Bearer tokens: no, unknown, expired or revoked token → 401; a valid token
without the endpoint's scope → 403. A session (a logged-in tenant or clerk)
opens nothing here: the API reads the Authorization header only."""

from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from iok.api import tokens
from iok.api.errors import ApiError
from iok.audit import context


def needs(scope: str) -> "BearerToken":
    """The auth of an endpoint that needs `scope`: `auth=needs(Scope.READ_LEDGER)`.
    The tests find each endpoint's scope on it (tests/api/operations.py)."""
    return BearerToken(scope)


class BearerToken(HttpBearer):
    """A token with `scope` (the OpenAPI document's security scheme)."""

    def __init__(self, scope: str):
        super().__init__()
        self.scope = str(scope)

    def authenticate(self, request, token):
        found = tokens.find(token)
        if found is None:
            return None  # ninja answers 401
        # Everything recorded from here on is done by the token's system.
        request.audit_actor = actor_of(request, found)
        request.api_token = found
        if not found.allows(self.scope):
            raise ApiError(
                403,
                "forbidden",
                _("This token does not have the scope %(scope)s.") % {"scope": self.scope},
            )
        return found


def actor_of(request, token) -> context.Actor:
    from iok.access.lockout import client_ip

    return context.Actor(
        username=f"api:{token.system}"[:150],
        context=context.API,
        ip=client_ip(request) or None,
        path=request.get_full_path()[:500],
        method=request.method or "",
    )
