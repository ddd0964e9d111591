"""What every endpoint is built from (API-HOWTO in docs/api.md):

    @router.get("/buildings", auth=needs(Scope.READ_REGISTRY), response=answers(BuildingPage))
    def buildings(request, page: Query[PageQuery]):
        read(Building)
        return paginate(Building.objects.all(), page)

`answers` declares the error answers every endpoint may give, so the
OpenAPI document describes each of them; `read` records the call in the
audit log like any staff member's read; `paginate` answers a page."""

import datetime
import re
from decimal import Decimal
from typing import Annotated, Literal

from django.conf import settings
from ninja import Field, Path, Schema
from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from iok.api.errors import Error
from iok.audit import recording


def decimal_string(places: int):
    """A Decimal written as a string with exactly `places` places ("52.400")."""
    return Annotated[
        Decimal,
        PlainSerializer(lambda value: f"{value:.{places}f}", return_type=str, when_used="json"),
        WithJsonSchema(
            {"type": "string", "pattern": rf"^-?\d+\.\d{{{places}}}$", "format": "decimal"}
        ),
    ]


# An id in a path: "/ledgers/{ledger_id}" with `ledger_id: Id` (no `int:`
# converter: a wrong id is a 422 naming it, not the site's HTML 404).
Id = Annotated[int, Path(ge=1, le=2**63 - 1, description="IOK's id.")]


def _iso_day(value):
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("write the date as YYYY-MM-DD")
    return value


# A date in (query or body): ISO 8601 "2026-11-30" only, where pydantic alone
# would also take 0 or 1764460800 as a Unix time.
Day = Annotated[
    datetime.date, BeforeValidator(_iso_day), WithJsonSchema({"type": "string", "format": "date"})
]


def Text(max_length: int):
    """A string in of at most `max_length` characters, without NUL (which no
    database column takes: PostgreSQL refuses it outright)."""
    return Annotated[str, Field(max_length=max_length, pattern=r"^[^\x00]*$")]


def choice(choices):
    """One of a model's choices (`choice(Premises.Kind)`), listed in the schema."""
    return Literal[tuple(choices.values)]


def _string_only(value):
    if not isinstance(value, str):
        raise ValueError('write the amount as a string, for example "123.45"')
    return value


# Amounts out: "1234.56", never a float; the schema says so too.
Amount = decimal_string(2)
Quantity = decimal_string(3)
# Amounts in: a string with at most two places; a JSON number is refused,
# because a float has already lost the grosz before IOK sees it.
AmountIn = Annotated[
    Decimal,
    BeforeValidator(_string_only),
    Field(decimal_places=2, max_digits=14),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d{1,12}(\.\d{1,2})?$", "format": "decimal"}),
]


def answers(ok, *, missing: bool = False, writes: bool = False, status: int = 200) -> dict:
    """The responses of an endpoint: `ok` (a Schema, or {status: Schema}),
    and the errors any endpoint gives (401, 403, 422), 404 when it looks an
    object up (`missing`), 409 when it is a write (`writes`)."""
    responses = dict(ok) if isinstance(ok, dict) else {status: ok}
    responses |= {401: Error, 403: Error, 422: Error}
    if missing:
        responses[404] = Error
    if writes:
        responses[409] = Error
    return responses


def read(model, instance=None) -> None:
    """Record that the calling system read `instance` (or a list of `model`)."""
    recording.record_read(model, instance)


class PageQuery(Schema):
    offset: int = Field(0, ge=0, le=10**9, description="How many items to skip.")
    limit: int = Field(100, ge=1, le=500, description="How many items at most (1 to 500).")


def paginate(queryset, page: PageQuery) -> dict:
    """One page of `queryset` (or of a list) as {count, offset, limit, items}:
    the items are model instances or objects the route's response schema reads."""
    limit = min(page.limit, settings.IOK_API_PAGE_MAX)
    items = list(queryset[page.offset : page.offset + limit])
    return {
        "count": len(queryset) if isinstance(queryset, list) else queryset.count(),
        "offset": page.offset,
        "limit": limit,
        "items": items,
    }
