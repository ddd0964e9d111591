"""The premises and the contract of a ledger."""

from django.contrib.auth.decorators import login_required

from iok import clock
from iok.portal.properties import properties_of
from iok.portal.views.shell import Reader, get_ledger, ledger_page, own
from iok.registry.models import ContractParty


@login_required
def contract(request, ledger_pk):
    return contract_page(request, own(request), ledger_pk)


def contract_page(request, reader: Reader, ledger_pk):
    """The premises and the contract, with today's properties and their history."""
    ledger = get_ledger(reader, ledger_pk)
    contract = ledger.contract
    parties = contract.contractparty_set.select_related("contractor")
    return ledger_page(
        request,
        reader,
        "portal/contract.html",
        ledger,
        "portal:contract",
        contract=contract,
        parties=sorted(parties, key=lambda party: party.role != ContractParty.Role.MAIN),
        properties=properties_of(contract, clock.today()),
    )
