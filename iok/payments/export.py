"""The list of virtual accounts with their payers that banks ask for, so that
they can name the payer on the statements they send."""

from iok.ledger.models import Ledger
from iok.registry.models import ContractParty
from iok.spreadsheet import writer

COLUMNS = ["virtual_account", "contract", "name", "street", "postal_code", "city", "premises"]


def virtual_account_rows():
    """One row per ledger: its number, its contract and the main tenant."""
    mains = {
        party.contract_id: party.contractor
        for party in ContractParty.objects.filter(role="main").select_related("contractor")
    }
    ledgers = Ledger.objects.select_related("contract__premises__building").order_by("pk")
    for ledger in ledgers.iterator():
        contract = ledger.contract
        tenant = mains.get(contract.pk)
        yield [
            ledger.virtual_account,
            contract.number,
            tenant.name if tenant else "",
            tenant.street if tenant else "",
            tenant.postal_code if tenant else "",
            tenant.city if tenant else "",
            str(contract.premises),
        ]


def write_csv(stream, delimiter: str = ";") -> int:
    rows = writer(stream, delimiter=delimiter, lineterminator="\r\n")
    rows.writerow(COLUMNS)
    count = 0
    for row in virtual_account_rows():
        rows.writerow(row)
        count += 1
    return count
