"""Sums per account of the journal against the ledger's own totals: they
agree for the hand-computed month, and a journal that lost a line is caught,
naming the account."""

import dataclasses
from decimal import Decimal

from iok.accounting.journal import journal
from iok.accounting.reconciliation import reconcile
from tests.accounting.conftest import NOVEMBER, receivable

D = Decimal


def test_every_account_of_the_month_agrees_with_the_ledgers_totals(books, ledger, shop_ledger):
    result = reconcile(*NOVEMBER)
    assert result.agrees
    totals = {row.account: (row.debit, row.credit, row.expected) for row in result.accounts}
    assert totals == {
        receivable(ledger): (D("561.43"), D("644.03"), D("-82.60")),
        receivable(shop_ledger): (D("941.45"), D("0"), D("941.45")),
        "700-01": (D("0"), D("1121.43"), D("-1121.43")),
        "700-02": (D("82.60"), D("182.60"), D("-100.00")),
        "700-06": (D("0"), D("35.00"), D("-35.00")),
        "222-23": (D("0"), D("155.85"), D("-155.85")),
        "222-08": (D("0"), D("8.00"), D("-8.00")),
        "131-1": (D("561.43"), D("0"), D("561.43")),
    }
    assert result.debit == result.credit == D("2146.91")
    # The entries lowered the tenants' balances by 858.85; the receivables rose by as much.
    assert result.entries_total == D("-858.85")
    assert result.receivables_balance == D("858.85")


def test_a_journal_that_lost_a_line_is_named_by_its_account(books):
    documents = journal(*NOVEMBER)
    shop_charge = documents[1]
    without_vat = dataclasses.replace(
        shop_charge, lines=tuple(ln for ln in shop_charge.lines if ln.account != "222-08")
    )
    result = reconcile(*NOVEMBER, documents=[documents[0], without_vat, *documents[2:]])
    assert not result.agrees
    assert [row.account for row in result.differing] == ["222-08"]


def test_an_empty_period_reconciles_with_nothing(db):
    result = reconcile(*NOVEMBER)
    assert result.agrees and result.accounts == [] and result.documents == 0
