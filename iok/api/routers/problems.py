"""A domain's list of problems as the API's 422: every field named as the
caller wrote it (`contracts.2.premises.number`, `charges.0.lines.1.amount`)."""

import re

from django.utils.translation import gettext as _

from iok.api.errors import ApiError


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
