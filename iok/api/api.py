"""The integration API: one NinjaAPI under /api/v1/, its OpenAPI document at
/api/v1/openapi.json and its docs at /api/v1/docs (docs/api.md)."""

import functools
from dataclasses import dataclass

from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from iok.api import errors
from iok.api.auth import BearerToken
from iok.api.routers import (
    accounting,
    entry_posting,
    ledgers,
    payments,
    readings_in,
    registry,
    registry_writes,  # noqa: F401 - its writes decorate the registry router
)

DESCRIPTION = """\
IOK's API for the company's finance and accounting system. Every call needs
a token (`Authorization: Bearer iok_…`) made by the administrator, with the
scope the endpoint names; every call is in IOK's audit log. Writes need an
`Idempotency-Key`. Amounts are decimal strings ("123.45"), dates ISO 8601.
"""


@dataclass(frozen=True)
class Op:
    """One operation of the API, as the tests and the OpenAPI document see it."""

    method: str
    route: str  # "ledgers/{int:ledger_id}/entries", below /api/v1/
    operation_id: str
    url_name: str  # "api:ledger"
    scope: str | None  # None: open to anyone (the document and its docs page)
    idempotent: bool
    operation: object


class IokAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The document, each operation naming the scope its token needs:
        in `security` (OpenAPI 3.1 allows scopes for any scheme) and in words."""
        schema = super().get_openapi_schema(*args, **kwargs)
        scopes = {op.operation_id: op.scope for op in operations()}
        for methods in schema["paths"].values():
            for described in methods.values():
                scope = scopes.get(described.get("operationId"))
                if not scope:
                    continue
                described["security"] = [{BearerToken.__name__: [scope]}]
                words = f"Scope: `{scope}`."
                described["description"] = f"{described.get('description', '')}\n\n{words}"
        return schema


api = IokAPI(
    title="IOK API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI from django-ninja's bundled static files (ninja is an
    # installed app): nothing is loaded from a CDN, and the site's CSP holds.
    docs=Swagger(settings={"persistAuthorization": False}),
)
errors.install(api)

# Routers: one per area; a module that adds writes to an area imports the
# area's router and decorates more operations on it (docs/api.md).
api.add_router("/registry", registry.router)
api.add_router("/ledgers", ledgers.router)
api.add_router("/payments", payments.router)
api.add_router("/meters", readings_in.router)
api.add_router("/billing", entry_posting.router)
api.add_router("/accounting", accounting.router)


def operations() -> list[Op]:
    """Every operation of every router, with the scope its auth needs
    (django-ninja 1.7's bound routers: the version is pinned)."""
    found = []
    for router in api._get_bound_routers():
        for where, path_view in router.path_operations.items():
            parts = (part.strip("/") for part in (router.prefix, where))
            route = "/".join(part for part in parts if part)
            for operation in path_view.operations:
                name = getattr(operation, "url_name", "") or api.get_operation_url_name(
                    operation, router=router.template
                )
                tokens = [a for a in operation.auth_callbacks if isinstance(a, BearerToken)]
                for method in operation.methods:
                    found.append(
                        Op(
                            method=method,
                            route=route,
                            operation_id=operation.operation_id
                            or api.get_openapi_operation_id(operation),
                            url_name=f"{api.urls_namespace}:{name}",
                            scope=tokens[0].scope if tokens else None,
                            idempotent=getattr(operation.view_func, "idempotent", False),
                            operation=operation,
                        )
                    )
    return found


def head_as_get(view):
    """HEAD answers what GET would (the body dropped by the server), as
    Django's own views do; ninja's operations know only their methods. A
    method the address has no operation for is a 405 in the API's shape."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "HEAD":
            request.method = "GET"
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            # ninja's own 405 is empty: the API's shape, keeping the Allow header
            allowed = response.get("Allow", "")
            message = _("This address does not take %(method)s.") % {"method": request.method}
            response = JsonResponse(errors.body("method_not_allowed", message), status=405)
            response["Allow"] = allowed
        return response

    return wrapper


# The document, its page and the root: read-only, whatever ninja would allow.
DOCUMENT = {"openapi-json", "openapi-view", "api-root"}


def not_found(request, rest):
    """Any other address under /api/v1/: the API's 404, not the site's page."""
    return JsonResponse(errors.body("not_found", _("There is no such endpoint.")), status=404)


def urls():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        view = head_as_get(pattern.callback)
        pattern.callback = require_safe(view) if pattern.name in DOCUMENT else view
    patterns.append(path("<path:rest>", csrf_exempt(not_found), name="not-found"))
    return patterns, app_name, namespace
