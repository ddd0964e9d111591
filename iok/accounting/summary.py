"""The totals per account as the office shows them: the analytic receivables
accounts (one per ledger) rolled up into their synthetic account, with how
many there are and which of them differ; every other account on its own."""

from dataclasses import dataclass, field
from decimal import Decimal

from iok.accounting.mapping import Mapping
from iok.accounting.reconciliation import Reconciliation
from iok.ledger.money import ZERO


@dataclass
class Row:
    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    expected: Decimal = ZERO
    analytic: int = 0  # how many analytic accounts the row adds up (0: none)
    differing: list[str] = field(default_factory=list)

    @property
    def balance(self) -> Decimal:
        return self.debit - self.credit

    @property
    def agrees(self) -> bool:
        return not self.differing and self.balance == self.expected


def summarise(result: Reconciliation) -> list[Row]:
    mapping = Mapping()
    rolled = mapping.chart is not None and mapping.chart.receivables_per_ledger
    rows: dict[str, Row] = {}
    for total in result.accounts:
        receivable = rolled and mapping.is_receivable(total.account)
        key = mapping.chart.receivables if receivable else total.account
        row = rows.setdefault(key, Row(key))
        row.debit += total.debit
        row.credit += total.credit
        row.expected += total.expected
        row.analytic += receivable
        if not total.agrees:
            row.differing.append(total.account)
    return [rows[key] for key in sorted(rows)]
