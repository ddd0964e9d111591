"""Meter readings in, from the finance system or its collectors: the rules
of a collector's CSV file (iok/meters/importing.py: the meter by its serial
number, never lower than the last reading, not before installation, a
reading already there skipped, an implausible one waiting for staff), all
or nothing, every error naming its reading and field (`readings.3.value`)."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from iok.api.auth import needs
from iok.api.errors import ApiError, Error
from iok.api.framework import answers
from iok.api.idempotency import IdempotencyKey, idempotent
from iok.api.routers.problems import field_name, refuse_other_than_an_object
from iok.api.scopes import Scope
from iok.meters.importing import import_objects

router = Router(tags=["meters"])
POST = needs(Scope.POST_ENTRIES)


class ReadingIn(Schema):
    meter: str = Field(min_length=1, max_length=40, description="The meter's serial number.")
    date: datetime.date
    value: str = Field(
        pattern=r"^\d{1,9}([.,]\d{1,3})?$", description='At most three places: "123.456".'
    )


class ReadingsIn(Schema):
    readings: list[ReadingIn] = Field(min_length=1, max_length=10000)


class ReadingOut(Schema):
    meter: str
    date: datetime.date
    outcome: Literal["added", "flagged", "skipped"] = Field(
        description="flagged: added, waiting for staff as implausible; skipped: already there."
    )
    flagged: str = Field(description="Why it looks implausible, when flagged.")


class ReadingsAdded(Schema):
    added: int
    flagged: int
    skipped: int
    readings: list[ReadingOut]


@router.post(
    "/readings", auth=POST, response=answers({200: ReadingsAdded, 400: Error}, writes=True)
)
@idempotent
def post_readings(request, payload: ReadingsIn, idempotency_key: IdempotencyKey):
    """Record the readings as a collector's import does (source: collector
    import), all or nothing."""
    refuse_other_than_an_object(request)
    report = import_objects(payload.model_dump()["readings"])
    if not report.ok:
        errors = [
            (field_name("readings", index, report.fields.get((index, message), "")), message)
            for index, message in report.errors
        ]
        raise ApiError(422, "invalid", _("The request has invalid fields."), errors)
    return ReadingsAdded(
        added=report.added,
        flagged=report.flagged,
        skipped=report.skipped,
        readings=[
            ReadingOut(meter=r.serial, date=r.date, outcome=r.outcome, flagged=r.flagged)
            for r in report.rows
        ],
    )
