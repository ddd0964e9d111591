"""A domain's list of problems as the API's 422: every field named as the
caller wrote it (`contracts.2.premises.number`, `charges.0.lines.1.amount`)."""

import json
import re

from django.utils.translation import gettext as _

from iok.api.errors import ApiError, invalid


def field_name(collection: str, index: int, field: str) -> str:
    """`lines[0].component` below `charges`, 3 → `charges.3.lines.0.component`."""
    inner = re.sub(r"\[(\d+)\]", r".\1", field)
    return ".".join(str(part) for part in (collection, index, inner) if part != "")


def refused(problems) -> ApiError:
    """422 with every problem (objects with collection, index, field and message)."""
    return ApiError(
        422,
        "invalid",
        _("The request has invalid fields."),
        [(field_name(p.collection, p.index, p.field), p.message) for p in problems],
    )


def refuse_other_than_an_object(request) -> None:
    """422 for a body that is not a JSON object: ninja reads `[…]` as an
    object without fields, which a body whose fields all have defaults would
    take for an empty request."""
    try:
        body = json.loads(request.body)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise invalid("body", _("The body must be a JSON object."))
