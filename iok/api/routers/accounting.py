"""The booked entries of a period as journal entries (dekrety) for the
general ledger: the documents of docs/accounting.md, as the CSV export and
`iok export-journal` give them, a page at a time."""

import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema

from iok.accounting.journal import journal
from iok.api.auth import needs
from iok.api.errors import invalid
from iok.api.framework import Amount, PageQuery, answers, paginate, read
from iok.api.scopes import Scope
from iok.ledger.models import Entry
from iok.periods import Period

router = Router(tags=["accounting"])


class JournalLineOut(Schema):
    account: str = Field(description="The general-ledger account of the chart.")
    debit: Amount = Field(description="Wn.")
    credit: Amount = Field(description="Ma.")


class DocumentOut(Schema):
    number: str = Field(description="NAL|KOR|WPL|ODS|ROZ|BO/<year>/<entry id>.")
    date: datetime.date = Field(description="The booking date.")
    operation_date: datetime.date
    ledger_id: int
    ledger: str = Field(description="The contract's number.")
    entry_id: int
    kind: str
    description: str
    lines: list[JournalLineOut]


class JournalPage(Schema):
    count: int
    offset: int
    limit: int
    items: list[DocumentOut]


class Month(Schema):
    # A month a call: some 24,000 documents for 12,000 flats, never a year's
    # journal computed again for every page.
    month: str = Field(
        pattern=r"^[12][0-9]{3}-(0[1-9]|1[0-2])$",
        description="The month of the booking dates, YYYY-MM.",
    )


@router.get("/journal", auth=needs(Scope.READ_LEDGER), response=answers(JournalPage))
def journal_documents(request, period: Query[Month], page: Query[PageQuery]):
    """The journal documents of the entries booked in the month, each
    balanced (Σ Wn = Σ Ma); refused, naming them, while a component, a VAT
    rate or the chart has no account."""
    month = Period.parse(period.month)
    try:
        documents = journal(month.first_day, month.last_day)
    except ValidationError as refused:
        raise invalid("month", " ".join(refused.messages)) from refused
    read(Entry)
    return paginate(documents, page)
