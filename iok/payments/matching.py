"""Which ledger a payment is for, in this order: the credited
virtual account; a virtual account number or contract number in the title;
the payer's account already seen on payments to exactly one ledger."""

import re

from django.conf import settings
from django.db import connection

from iok.ledger.bulk import present
from iok.ledger.models import Ledger
from iok.ledger.nrb import NRB_IN_TEXT
from iok.ledger.virtual_account import ledger_id_from
from iok.payments.keys import digits
from iok.payments.models import StatementLine
from iok.registry.models import Contract

WORD = re.compile(r"[\w/.-]+")
Match = StatementLine.Match


class Matcher:
    """Matches the lines of one import in batches, a fixed number of queries
    a batch: the credited virtual accounts first; for the lines left, the
    title's account number, the title's contract number, then the payer's
    account, each rule looked up for all of them at once but applied line by
    line in that order. Payers matched earlier in the same import count as
    seen before, as they would when lines were matched one at a time."""

    def __init__(self):
        self.payers: dict[str, set[int]] = {}
        self.matched: set[int] = set()  # ledgers found so far: they exist

    def match_all(self, lines: list[StatementLine]) -> None:
        """Set `ledger_id` and `match` on every credit line that matches."""
        # Only tenants' payments: not debits, nor reversals (of either way).
        credits = [line for line in lines if line.status == StatementLine.Status.UNMATCHED]
        wanted = [_ledger_of(line.virtual_account) for line in credits]
        existing = _existing({pk for pk in wanted if pk is not None})
        rest = []
        for line, ledger_id in zip(credits, wanted, strict=True):
            if ledger_id in existing:
                self._found(line, ledger_id, Match.VIRTUAL_ACCOUNT)
            else:
                rest.append(line)
        if rest:
            self._match_rest(rest)

    def _found(self, line, ledger_id: int, how: str) -> None:
        line.ledger_id, line.match = ledger_id, how
        self.matched.add(ledger_id)
        if line.counterparty_account:
            self.payers.setdefault(line.counterparty_account, set()).add(ledger_id)

    def _match_rest(self, lines: list[StatementLine]) -> None:
        in_titles = [_account_in_title(line) for line in lines]
        words = [_contract_words(line) for line in lines]
        contracts = dict(
            Contract.objects.filter(number__in=set().union(*words)).values_list("number", "ledger")
        )
        payers = _payers_seen({line.counterparty_account for line in lines})
        existing = _existing(
            {pk for pk in in_titles if pk is not None}
            | {pk for pk in contracts.values() if pk is not None}
            | {pk for seen in payers.values() for pk in seen}
        )
        for line, in_title, line_words in zip(lines, in_titles, words, strict=True):
            found = [contracts[word] for word in line_words if word in contracts]
            seen = payers.get(line.counterparty_account, set()) | self.payers.get(
                line.counterparty_account, set()
            )
            for ledger_id, how in (
                (in_title, Match.TITLE_ACCOUNT),
                (_only(found), Match.TITLE_CONTRACT),
                (_only(seen) if line.counterparty_account else None, Match.PAYER_ACCOUNT),
            ):
                known = ledger_id in existing or ledger_id in self.matched
                if ledger_id is not None and known:
                    self._found(line, ledger_id, how)
                    break


def _only(ledger_ids) -> int | None:
    """The one ledger of `ledger_ids`, or None when there are none or several."""
    ledger_ids = list(ledger_ids)
    return ledger_ids[0] if len(ledger_ids) == 1 else None


def _payers_seen(accounts: set[str]) -> dict[str, set[int]]:
    """For each payer's account, the ledgers of its earlier booked payments:
    the one ledger, or the lowest and the highest when there were several
    (that is enough to know the payer is ambiguous). One query: for each
    account, two seeks into the index on (counterparty_account, status,
    ledger), its first and its last booked ledger. (A GROUP BY with MIN and
    MAX walks every booked line of the account instead, on both databases:
    an account that pays for many tenants, a social welfare office, would
    cost each batch its whole history.)"""
    accounts = sorted(accounts - {""})
    if not accounts:
        return {}
    # The table name comes from the model's Meta; every value is bound.
    table = StatementLine._meta.db_table
    booked = f"SELECT ledger_id FROM {table} WHERE counterparty_account = payer.account AND status = %s AND ledger_id IS NOT NULL ORDER BY ledger_id"  # noqa: S608, E501  # nosec B608
    status, seen = str(StatementLine.Status.BOOKED), {}
    with connection.cursor() as cursor:
        # 900 accounts a query at most, below SQLite's oldest limit of bound
        # parameters (as bulk.present).
        for start in range(0, len(accounts), 900):
            chunk = accounts[start : start + 900]
            values = ", ".join(["(%s)"] * len(chunk))
            sql = f"WITH payer (account) AS (VALUES {values}) SELECT account, ({booked} LIMIT 1), ({booked} DESC LIMIT 1) FROM payer"  # noqa: S608, E501  # nosec B608
            cursor.execute(sql, [*chunk, status, status])
            seen.update(
                (account, {low, high})
                for account, low, high in cursor.fetchall()
                if low is not None
            )
    return seen


def _existing(ledger_ids: set[int]) -> set[int]:
    return present(Ledger, "id", ledger_ids)


def _ledger_of(account: str) -> int | None:
    number = digits(account)
    if len(number) == 26:
        return ledger_id_from(number)
    # Some banks give only the part after the settlement number, and mBank's
    # IPH only the payer id (our ledger id, as the bank was told to number them).
    prefix = settings.IOK_VIRTUAL_PREFIX
    if len(number) == 16 and number.startswith(prefix):
        return int(number[len(prefix) :])
    if len(number) == settings.IOK_VIRTUAL_ID_DIGITS and number.isdigit():
        return int(number)
    return None


def _account_in_title(line) -> int | None:
    for found in NRB_IN_TEXT.findall(line.title):
        ledger_id = _ledger_of(found)
        if ledger_id is not None:
            return ledger_id
    return None


def _contract_words(line) -> set[str]:
    return {word.strip(".-").upper() for word in WORD.findall(line.title) if "/" in word}
