"""The one form every statement parser returns, whatever the bank and format.

Parsers only read: they never touch the database. Amounts are Decimal,
positive, with `credit` saying which way the money went; account numbers are
compact digits (an NRB of 26 digits, or an IBAN with its country code), as
written in the file; nothing is validated here beyond what the format
requires, so an invalid account number reaches matching, which flags it."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


class StatementError(ValueError):
    """A file that is not a statement, is cut short or contradicts itself.

    `where` names the file and line (or element) so the clerk can find it."""

    def __init__(self, message: str, where: str = ""):
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where


@dataclass
class StagedLine:
    booking_date: datetime.date
    value_date: datetime.date
    amount: Decimal  # always positive
    credit: bool  # True: money in (a tenant's payment); False: a debit, return or fee
    # The bank takes back an earlier transaction (storno): a credit's
    # reversal (MT940 `RC`, camt `RvslInd` on a debit) is money out, a
    # debit's (`RD`, a fee given back) money in; neither is a tenant's payment.
    reversal: bool = False
    counterparty_name: str = ""
    counterparty_address: str = ""
    counterparty_account: str = ""
    # Whom the payer pays for, where the file says (camt `UltmtDbtr`): the
    # tenant of a housing allowance the city's welfare office transfers.
    ultimate_debtor: str = ""
    title: str = ""
    bank_reference: str = ""  # the bank's own unique id of the transaction, if it gives one
    virtual_account: str = ""  # the account credited, when the bank says (SWRK, IPH, CdtrAcct…)
    transaction_code: str = ""
    line_number: int = 0  # position in the file, for messages and for the stable key
    raw: str = ""  # the line as read, for the clerk and the audit


@dataclass
class StagedStatement:
    account: str  # the company's own account the statement is for
    number: str  # statement number (or the report's date/id)
    currency: str
    date: datetime.date  # the statement's (closing) date
    opening_balance: Decimal | None = None  # None where the format carries no balances
    closing_balance: Decimal | None = None
    # A list, or an iterator reading them from the file (parsers' stream_*):
    # then `counted` holds their movement once the last has been read.
    lines: list[StagedLine] = field(default_factory=list)
    format: str = ""  # mt940, mt942, camt053, pekao_csv, csv
    source: str = ""  # the file name
    counted: Decimal | None = None
    # Lines of the file left out, with why: (line number, reason). Filled as
    # the lines are read (a 0,00 technical entry).
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def movement(self) -> Decimal:
        if self.counted is not None:
            return self.counted
        return sum(
            (line.amount if line.credit else -line.amount for line in self.lines), Decimal(0)
        )

    def balances_agree(self) -> bool:
        """Opening balance + the lines = closing balance, where both are given."""
        if self.opening_balance is None or self.closing_balance is None:
            return True
        return self.opening_balance + self.movement() == self.closing_balance
