"""The unique key of a statement line: the same transaction read twice, from
one file imported again or from overlapping statements, has the same key.

A bank's own unique transaction number (mBank's TNR, camt's AcctSvcrRef…)
is the key when the bank gives one. Otherwise a hash of what identifies the
transaction on the account. Statement and line numbers stay out of the hash,
as they differ between an MT942 and the MT940 of the same day; it counts
instead how many identical transactions came before on the same statement
(two equal transfers on one day stay two). A reversal's reference key has
its own mark (`rev:`): banks often give a reversal the reference of the
payment it reverses."""

import hashlib

from iok.ledger.nrb import compact
from iok.payments.staged import StagedLine, StagedStatement

REFERENCE, REVERSAL = "ref:", "rev:"


def earlier_key(key: str) -> str | None:
    """The key a reversal with a bank reference had before reversals had
    their mark, or None for any other key: a reversal imported then, with
    a reference of its own, is known by it (with its direction, so that a
    payment with the same reference is not taken for it)."""
    return REFERENCE + key[len(REVERSAL) :] if key.startswith(REVERSAL) else None


def digits(account: str) -> str:
    """An account number compact and without its country code: the 26 digits
    of an NRB. The keys leave out any country code before digits, as they
    always have, so a line imported before is still known by its key."""
    number = compact(account)
    return number[2:] if number[:2].isalpha() and number[2:].isdigit() else number


class LineKeys:
    """The keys of one statement's lines, given in file order one by one."""

    def __init__(self, statement: StagedStatement):
        self.statement = statement
        self.account = digits(statement.account)
        # Counted by a digest of the identity, not the text: 32 bytes a line.
        self.seen: dict[bytes, int] = {}

    def key(self, line: StagedLine) -> str:
        if line.bank_reference:
            # A reversal may carry the reference of the payment it takes
            # back: its own mark keeps it from being taken for that payment.
            mark = REVERSAL if line.reversal else REFERENCE
            return f"{mark}{self.account}:{line.bank_reference}"[:80]
        base = _identity(self.statement, line)
        digest = hashlib.sha256(base.encode()).digest()
        self.seen[digest] = self.seen.get(digest, 0) + 1
        return "sha:" + hashlib.sha256(f"{base}|{self.seen[digest]}".encode()).hexdigest()


def _identity(statement: StagedStatement, line: StagedLine) -> str:
    return "|".join(
        [
            digits(statement.account),
            line.booking_date.isoformat(),
            line.value_date.isoformat(),
            str(line.amount),
            "C" if line.credit else "D",
            digits(line.counterparty_account),
            " ".join(line.counterparty_name.split()),
            " ".join(line.title.split()),
            digits(line.virtual_account),
        ]
    )
