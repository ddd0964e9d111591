"""Charges and corrections from an external billing (a company whose billing
stays in its old system), each identified by that system's own document
number, so a document posted again never books twice (iok/ledger/external.py).
Amounts are signed as the ledger keeps them: a charge's lines are negative."""

import datetime
from typing import Literal

from ninja import Field, Router, Schema

from iok.api.auth import needs
from iok.api.errors import Error  # 400: a body that is not JSON
from iok.api.framework import AmountIn, answers
from iok.api.idempotency import IdempotencyKey, idempotent
from iok.api.routers.problems import refuse_other_than_an_object, refused
from iok.api.scopes import Scope
from iok.ledger.external import post_documents

router = Router(tags=["billing"])
POST = needs(Scope.POST_ENTRIES)
MANY = 5000  # documents of one kind in one call


class LineIn(Schema):
    component: str = Field(max_length=30, description="The component's code (rent, …).")
    amount: AmountIn = Field(description='Signed as in the ledger: "-443.83" charges.')
    vat: AmountIn | None = Field(None, description="The VAT included, with the same sign.")
    vat_rate: int | None = Field(None, ge=0, le=100)


class ChargeIn(Schema):
    document: str = Field(min_length=1, max_length=60, description="The billing's number.")
    contract: str = Field(max_length=30, description="The contract's number.")
    period: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")
    due_date: datetime.date
    operation_date: datetime.date | None = Field(None, description="Default: the 1st.")
    title: str = Field("", max_length=200, description='Default: "Opłaty za MM/RRRR".')
    lines: list[LineIn] = Field(min_length=1, max_length=50)


class CorrectionIn(Schema):
    document: str = Field(min_length=1, max_length=60, description="The billing's number.")
    corrects: str = Field(max_length=60, description="The corrected charge's document.")
    operation_date: datetime.date
    reason: str = Field(min_length=1, max_length=120, description="Kept for staff.")
    show_reason: bool = Field(False, description="Put the reason in the tenant's title.")
    lines: list[LineIn] = Field(
        min_length=1, max_length=50, description="Positive: takes back; negative: charges more."
    )


class DocumentsIn(Schema):
    charges: list[ChargeIn] = Field([], max_length=MANY)
    corrections: list[CorrectionIn] = Field([], max_length=MANY)


class Booked(Schema):
    document: str
    status: Literal["created", "unchanged"] = Field(
        description="unchanged: posted before, with the same content; nothing booked."
    )
    entry_id: int


class DocumentsBooked(Schema):
    charges: list[Booked]
    corrections: list[Booked]


@router.post(
    "/documents", auth=POST, response=answers({200: DocumentsBooked, 400: Error}, writes=True)
)
@idempotent
def post_billing_documents(request, payload: DocumentsIn, idempotency_key: IdempotencyKey):
    """Book the external billing's charges, then its corrections (which may
    correct a charge of the same call), all or nothing. A document number
    already booked with the same content answers `unchanged`; with other
    content it is refused (422 on its `document`). One charge per ledger and
    month; no date inside a closed period; a correction takes back at most
    what is left of a component's line."""
    refuse_other_than_an_object(request)
    body = payload.model_dump(exclude_unset=True)
    charges, corrections = body.get("charges", []), body.get("corrections", [])
    posted = post_documents(charges, corrections)
    if posted.problems:
        raise refused(posted.problems)
    return DocumentsBooked(
        charges=_booked(charges, posted.charges),
        corrections=_booked(corrections, posted.corrections),
    )


def _booked(documents: list[dict], results: list[tuple[str, int]]) -> list[Booked]:
    return [
        Booked(document=document["document"], status=status, entry_id=entry_id)
        for document, (status, entry_id) in zip(documents, results, strict=True)
    ]
