"""The booked entries of a period as journal entries (dekrety) for the
general ledger: the documents of docs/accounting.md, as the CSV export and
`iok export-journal` give them, a page at a time."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from iok.accounting.journal import Document, as_json, journal
from iok.api.auth import needs
from iok.api.errors import invalid
from iok.api.framework import Amount, Day, PageQuery, answers, read
from iok.api.scopes import Scope
from iok.ledger.models import Entry

router = Router(tags=["accounting"])
# A month of 12,000 flats is some 24,000 documents: a longer period is asked
# for in parts, so that no call computes a year's journal for one page.
LONGEST_PERIOD_DAYS = 31


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


class Period(Schema):
    since: Day = Field(description="The first booking day of the period.")
    until: Day = Field(description=f"The last, at most {LONGEST_PERIOD_DAYS} days on.")


@router.get("/journal", auth=needs(Scope.READ_LEDGER), response=answers(JournalPage))
def journal_documents(request, period: Query[Period], page: Query[PageQuery]):
    """The journal documents of the entries booked in the period, each
    balanced (Σ Wn = Σ Ma); refused, naming them, while a component, a VAT
    rate or the chart has no account."""
    if period.until < period.since:
        raise invalid("until", _("The period ends before it starts."))
    if (period.until - period.since).days >= LONGEST_PERIOD_DAYS:
        raise invalid(
            "until",
            _("A period of at most %(days)d days: ask for a longer one in parts.")
            % {"days": LONGEST_PERIOD_DAYS},
        )
    try:
        documents = journal(period.since, period.until)
    except ValidationError as refused:
        raise invalid("since", " ".join(refused.messages)) from refused
    read(Entry)
    return _page(documents, page)


def _page(documents: list[Document], page: PageQuery) -> dict:
    limit = min(page.limit, settings.IOK_API_PAGE_MAX)
    return {
        "count": len(documents),
        "offset": page.offset,
        "limit": limit,
        "items": as_json(documents[page.offset : page.offset + limit]),
    }
