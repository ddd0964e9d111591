"""Every error of the API has one shape (docs/api.md):

    {"code": "invalid", "message": "…", "errors": [{"field": "amount", "message": "…"}]}

`code` is for the calling program and never changes; `message` is for the
person reading its log, in the request's language (Accept-Language; Polish
by default); `errors` names each field that is wrong (422 only)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    code: str
    message: str
    errors: list[FieldError] = []


class ApiError(Exception):
    """An answer other than success, raised anywhere in an endpoint."""

    def __init__(self, status: int, code: str, message: str, errors=()):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.errors = [FieldError(field=field, message=text) for field, text in errors]


def invalid(field: str, message: str) -> ApiError:
    """422 naming the one field that is wrong: `raise invalid("amount", _("…"))`."""
    return ApiError(422, "invalid", _("The request has invalid fields."), [(field, message)])


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", what)


def conflict(message: str) -> ApiError:
    return ApiError(409, "conflict", message)


def body(code: str, message: str, errors=()) -> dict:
    return Error(code=code, message=message, errors=list(errors)).model_dump()


def install(api) -> None:
    """Answer every error of `api` in the one shape."""

    def respond(request, status, code, message, errors=()):
        response = api.create_response(request, body(code, message, errors), status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="iok"'
        return response

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return respond(request, exc.status, exc.code, exc.message, exc.errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        message = _("A valid API token is required (Authorization: Bearer <token>).")
        return respond(request, 401, "unauthenticated", message)

    @api.exception_handler(NinjaValidationError)
    def request_invalid(request, exc):
        errors = [FieldError(field=field_of(e["loc"]), message=e["msg"]) for e in exc.errors]
        return respond(request, 422, "invalid", _("The request has invalid fields."), errors)

    @api.exception_handler(DjangoValidationError)
    def domain_invalid(request, exc):
        return respond(
            request, 422, "invalid", _("The request has invalid fields."), django_errors(exc)
        )

    @api.exception_handler(Http404)
    def missing(request, exc):
        return respond(request, 404, "not_found", _("There is no such object."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return respond(request, exc.status_code, "error", str(exc))


def field_of(loc) -> str:
    """pydantic's location as the caller wrote it: ("body", "payload",
    "lines", 0, "amount") → "lines.0.amount"; ("query", "limit") → "limit";
    a header keeps its name ("Idempotency-Key")."""
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts and parts[0] in {"query", "path", "header", "cookie"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def django_errors(exc: DjangoValidationError) -> list[FieldError]:
    """A model's or a domain function's ValidationError, field by field
    ("__all__" and field-less errors as the field "body")."""
    if hasattr(exc, "error_dict"):
        return [
            FieldError(field="body" if field == "__all__" else field, message=message)
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [FieldError(field="body", message=message) for message in exc.messages]
