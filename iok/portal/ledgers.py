"""Which ledgers a login sees in the portal, and in which order."""

import datetime

from iok.ledger.models import Ledger
from iok.registry.models import Premises

KIND_ORDER = {Premises.Kind.RESIDENTIAL: 0, Premises.Kind.COMMERCIAL: 1, Premises.Kind.GARAGE: 2}


def ledgers_for_user(user):
    """The ledgers of the contracts the login's contractor is a party to.

    None for a login without a contractor: staff read ledgers elsewhere (a
    later issue), and `contract__parties=None` would match contracts without
    parties, so that case never reaches the filter."""
    account = getattr(user, "account", None)
    if account is None or account.contractor_id is None:
        return Ledger.objects.none()
    return ledgers_of(account.contractor_id)


def ledgers_of(contractor_id: int):
    """The ledgers of the contracts the contractor is a party to."""
    return Ledger.objects.for_contractor(contractor_id).select_related(
        "contract__premises__building"
    )


def in_switcher_order(ledgers, today: datetime.date) -> list[Ledger]:
    """Current contracts first, then flats before commercial premises and
    garages, then by contract number; the first is the one "/" shows."""

    def key(ledger):
        contract = ledger.contract
        ended = contract.end is not None and contract.end < today
        return (ended, KIND_ORDER.get(contract.premises.kind, 9), contract.number)

    return sorted(ledgers, key=key)
