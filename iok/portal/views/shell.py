"""What every page of a ledger shares: whose ledgers it may show, the
switcher to the others, and where its links lead.

A tenant's pages show the login's own ledgers (`own`). The office's
read-only view of a tenant's kartoteka (iok/office/views/kartoteka.py) calls
the same page functions with a `Reader` of that tenant's ledgers, whose links
lead to the office's pages instead of the portal's. Either way a ledger comes
through `get_ledger`, which answers 404 for any ledger not among them."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import render

from iok import clock
from iok.ledger.models import Ledger
from iok.registry.models import Contractor, Premises

KIND_ORDER = {Premises.Kind.RESIDENTIAL: 0, Premises.Kind.COMMERCIAL: 1, Premises.Kind.GARAGE: 2}

# The kartoteka's pages by the portal's URL names; a template links to one
# through `links` ({% url links.entry ledger.pk entry.pk %}).
PORTAL_LINKS = {
    name: f"portal:{name}"
    for name in (
        "home",
        "panel",
        "kartoteka",
        "entry",
        "kartoteka_months",
        "kartoteka_years",
        "contract",
    )
}


@dataclass(frozen=True)
class Reader:
    """Whose ledgers the pages show and where their links lead."""

    ledgers: QuerySet  # the ledgers the pages may show
    tenant: Contractor | None = None  # whose they are; None: the login's own contractor
    links: Mapping[str, str] = field(default_factory=lambda: PORTAL_LINKS)
    staff: bool = False  # the office's read-only view: it shows staff the reasons

    @cached_property
    def switcher(self) -> list[Ledger]:
        """The ledgers in switcher order: one query a request, shared by the
        page's own ledger (`get_ledger`) and the switcher to the others."""
        return in_switcher_order(self.ledgers.all(), clock.today())

    def url_name(self, page: str) -> str:
        """The URL name a link to `page` (a portal URL name) uses."""
        return self.links.get(page.removeprefix("portal:"), page)


def own(request) -> Reader:
    """The login's own ledgers, as the tenant's pages show them."""
    return Reader(ledgers=Ledger.objects.for_user(request.user))


def get_ledger(reader: Reader, pk: int) -> Ledger:
    """The reader's ledger `pk`; 404 for any other, whoever's it is."""
    for ledger in reader.switcher:
        if ledger.pk == pk:
            return ledger
    raise Http404


def in_switcher_order(ledgers, today: datetime.date) -> list[Ledger]:
    """Current contracts first, then flats before commercial premises and
    garages, then by contract number; the first is the one "/" shows."""

    def key(ledger):
        contract = ledger.contract
        ended = contract.end is not None and contract.end < today
        return (ended, KIND_ORDER.get(contract.premises.kind, 9), contract.number)

    return sorted(ledgers, key=key)


def ledger_page(request, reader: Reader, template, ledger, page, **context):
    """A page of one ledger, with the switcher to the reader's other ledgers;
    `page` is the portal URL name the switcher and the menu link to."""
    context.update(
        ledger=ledger,
        ledgers=reader.switcher,
        page=page,
        page_url=reader.url_name(page),
        links=reader.links,
    )
    return render(request, template, context)
