"""Writes that may be sent twice: `@idempotent` under the route's decorator.

The caller sends an `Idempotency-Key` header with every write (a UUID of its
own making, say). The first request with a key runs and its answer (status
and body) is kept with the key; the same key with the same request (method,
path and body) gets that answer again without running anything; the same
key with another request is refused with 409.

The key is claimed by inserting its row, in the write's own transaction,
under a unique constraint: a duplicate sent at the same time waits for the
first to commit and then finds its answer (PostgreSQL blocks on the unique
index; SQLite's IMMEDIATE transactions take turns). A write that fails (a
422 naming the field, or anything else) is rolled back with its key, so
nothing of it is left and the same key may be sent again, corrected."""

import functools
import hashlib
import json
from typing import Annotated

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Header
from pydantic import BaseModel

from iok.api.errors import conflict, invalid
from iok.api.models import IdempotentResult

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"

# Declare it on every write, so the OpenAPI document asks for it:
#     def post_charge(request, payload: ChargeIn, idempotency_key: IdempotencyKey): …
IdempotencyKey = Annotated[
    str,
    Header(
        alias=HEADER,
        min_length=1,
        max_length=200,
        description="The caller's own unique key of this write; a repeat returns the first answer.",
    ),
]


def idempotent(view):
    """Run `view` at most once per token and Idempotency-Key, atomically.
    The view returns a Schema (200) or (status, Schema)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get(HEADER, "")
        if not key:
            raise invalid(HEADER, _("Every write needs an Idempotency-Key header."))
        digest = request_digest(request)
        with transaction.atomic():
            claimed, row = _claim(request.api_token, key, digest)
            if not claimed:
                return _replay(row, digest)
            status, body = as_json(view(request, *args, **kwargs))
            IdempotentResult.objects.filter(pk=row.pk).update(status=status, body=body)
        return JsonResponse(body, status=status, safe=False)

    wrapper.idempotent = True
    return wrapper


def _claim(token, key: str, digest: str) -> tuple[bool, IdempotentResult]:
    """(True, new row) when this request is the key's first, else (False, the
    first's row). bulk_create: the row is bookkeeping, not an audited change."""
    try:
        with transaction.atomic():  # a savepoint: a duplicate leaves the write usable
            row = IdempotentResult(token=token, key=key, request_digest=digest)
            IdempotentResult.objects.bulk_create([row])
            if row.pk is None:
                row = IdempotentResult.objects.get(token=token, key=key)
            return True, row
    except IntegrityError:
        return False, IdempotentResult.objects.get(token=token, key=key)


def _replay(row: IdempotentResult, digest: str) -> JsonResponse:
    if row.request_digest != digest:
        raise conflict(
            _("This Idempotency-Key was used for another request; use a new key for a new write.")
        )
    if not row.status:
        raise conflict(_("The first request with this Idempotency-Key has not finished."))
    response = JsonResponse(row.body, status=row.status, safe=False)
    response[REPLAYED] = "true"
    return response


def request_digest(request) -> str:
    """SHA-256 of the method, the path and the body; a JSON body is read
    first, so that its spacing and key order do not matter."""
    raw = request.body
    try:
        canonical = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = raw
    hasher = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    hasher.update(canonical)
    return hasher.hexdigest()


def as_json(result) -> tuple[int, object]:
    status, payload = result if isinstance(result, tuple) else (200, result)
    if isinstance(payload, BaseModel):
        return status, payload.model_dump(mode="json", by_alias=True)
    return status, json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
