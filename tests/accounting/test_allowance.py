"""A housing allowance in the accounting export: money that came in through
the bank, like a payment: Wn the bank of the collection account its split
payment came to, Ma the tenant's receivables."""

from decimal import Decimal

from iok.accounting.journal import journal
from iok.accounting.reconciliation import reconcile
from iok.payments import allowance
from iok.payments.models import StatementLine
from tests.accounting.conftest import NOVEMBER, receivable
from tests.payments.test_allowance import import_fixture, the_list


def test_an_allowance_is_a_bank_receipt_and_the_month_still_reconciles(people, contract, bank):
    import_fixture()
    transfer = StatementLine.objects.get(amount=Decimal("750.00"))
    allowance.split(transfer.pk, the_list(contract), people.clerk)
    documents = [d for d in journal(*NOVEMBER) if d.number.startswith("DOD/2026/")]
    assert len(documents) == 2
    flat = next(d for d in documents if d.ledger_id == contract.ledger.pk)
    assert [(line.account, line.debit, line.credit) for line in flat.lines] == [
        (receivable(contract.ledger), Decimal("0"), Decimal("450.00")),
        ("131-1", Decimal("450.00"), Decimal("0")),
    ]
    assert reconcile(*NOVEMBER).agrees
