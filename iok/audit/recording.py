"""Writing audit events: `record` for one object, `record_bulk` for writes
that bypass the ORM's signals, `record_read` for a page that showed personal
data or a ledger. Each takes the actor from iok.audit.context."""

import datetime
import decimal
import json
import re
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

from iok import clock
from iok.audit import context
from iok.audit.models import AuditEvent

COLUMNS = [
    "when", "actor_id", "actor_username", "context", "ip", "action", "content_type_id",
    "object_id", "object_repr", "object_ids", "changes", "path", "method",
]  # fmt: skip
MASK = "***"
# Fields whose values never reach the audit log, in any model: password
# hashes, session keys and data, one-time-password and TOTP secrets, tokens,
# recovery codes. A change to one is still recorded, as "***" → "***".
MASKED_NAME = re.compile(r"password|secret|token|session|otp|recovery|hash", re.IGNORECASE)


def record(action: str, instance, changes: dict | None = None) -> None:
    """One event about `instance` (a model instance) done by whoever acts now."""
    _write(
        action,
        content_type=_content_type(instance._meta.model),  # request.user is a lazy object
        object_id=_int_or_none(instance.pk),
        object_repr=describe(instance),
        changes=changes or {},
    )


def record_bulk(model, count: int, description: str, objects_ids=None) -> None:
    """One event for a write that went around the ORM (cursor, COPY,
    bulk_create, queryset update): `count` rows of `model` written, what the
    write was in `description` ("charges for 2026-11"), and optionally the ids
    of the objects it touched, so that a search by one of them finds it.

    Call it inside the same transaction as the write, after it, so the event
    exists exactly when the write does:

        record_bulk(Ledger, len(charges), f"charges for {period}", ledger_ids)
    """
    ids = ",".join(str(pk) for pk in objects_ids or ())
    _write(
        AuditEvent.Action.BULK,
        content_type=_content_type(model),
        object_repr=description[:200],
        object_ids=f",{ids}," if ids else "",
        changes={"count": count},
    )


def record_read(model, instance=None, object_id=None) -> None:
    """A page showed `instance` (or a list of `model` when there is none)."""
    _write(
        AuditEvent.Action.READ,
        content_type=_content_type(model),
        object_id=_int_or_none(instance.pk if instance is not None else object_id),
        object_repr=describe(instance) if instance is not None else str(model._meta.verbose_name),
    )


def _write(action: str, **fields) -> None:
    """INSERT one event through the cursor: the ORM's create costs more than
    the insert itself, and posting a ledger entry records one event each
    (docs/audit.md has the measurements)."""
    actor = context.current()
    row = {
        "when": connection.ops.adapt_datetimefield_value(clock.now()),
        "actor_id": actor.user_id,
        "actor_username": actor.username,
        "context": actor.context,
        "ip": actor.ip,
        "action": action,
        "content_type_id": fields["content_type"].pk,
        "object_id": fields.get("object_id"),
        "object_repr": fields.get("object_repr", ""),
        "object_ids": fields.get("object_ids", ""),
        "changes": json.dumps(fields.get("changes", {}), cls=DjangoJSONEncoder),
        "path": actor.path,
        "method": actor.method,
    }
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(), list(row.values()))


def _insert_sql() -> str:
    casts = {"changes": "::jsonb", "ip": "::inet"} if connection.vendor == "postgresql" else {}
    marks = ", ".join(f"%s{casts.get(column, '')}" for column in COLUMNS)
    quote = connection.ops.quote_name  # "when" is an SQL keyword
    table, columns = quote(AuditEvent._meta.db_table), ", ".join(map(quote, COLUMNS))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - our own names  # nosec B608


def describe(instance) -> str:
    try:
        text = str(instance)
    except Exception:  # a broken __str__ must not stop the change being recorded
        text = ""
    return (text or f"{instance._meta.label} #{instance.pk}")[:200]


def _content_type(model) -> ContentType:
    # get_for_model caches per process, so after the first event of a type
    # recording costs no query for it.
    return ContentType.objects.get_for_model(model)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def snapshot(instance, names=None) -> dict:
    """The concrete fields' values of `instance` as JSON values (not yet
    masked: `diff` masks what it returns, having compared the real values)."""
    return {
        field.name: value_of(field, field.value_from_object(instance))
        for field in instance._meta.concrete_fields
        if names is None or field.name in names or field.attname in names
    }


def value_of(field, value):
    """A field's value as the audit log keeps it."""
    if value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        # 52.4 typed into a form and 52.400 read back are the same area.
        places = getattr(field, "decimal_places", None)
        return str(value.quantize(decimal.Decimal(1).scaleb(-places)) if places else value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return f"<{len(value)} B>"
    if isinstance(field, models.JSONField):
        return value
    return str(value)


def diff(before: dict, after: dict) -> dict:
    """{field: {"before": …, "after": …}} for each field that differs, with
    the values of masked fields replaced by "***"."""
    changes = {}
    for name in sorted(after.keys() | before.keys()):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = {"before": masked(name, old), "after": masked(name, new)}
    return changes


def masked(name: str, value):
    return MASK if value is not None and MASKED_NAME.search(name) else value
