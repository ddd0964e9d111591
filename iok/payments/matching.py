"""Which ledger a payment is for, in the order the issue sets: the credited
virtual account; a virtual account number or contract number in the title;
the payer's account already seen on payments to exactly one ledger."""

import re

from django.conf import settings

from iok.ledger.models import Ledger
from iok.ledger.virtual_account import ledger_id_from
from iok.payments.keys import digits
from iok.payments.models import StatementLine
from iok.registry.models import Contract

NRB_IN_TEXT = re.compile(r"(?<!\d)(?:PL)?\s?(\d{2}(?:\s?\d{4}){6})(?!\d)")
WORD = re.compile(r"[\w/.-]+")
Match = StatementLine.Match


def match(line: StatementLine) -> tuple[Ledger | None, str]:
    """(ledger, how it was found), or (None, "")."""
    Matcher().match_all([line])
    return line.ledger, line.match


class Matcher:
    """Matches the lines of one import in batches: the credited virtual
    accounts of a whole batch are looked up in one query; the other rules,
    which only the rest need, one line at a time. Payers booked earlier in
    the same batch count as seen before, as they would line by line."""

    def __init__(self):
        self.payers: dict[str, set[int]] = {}

    def match_all(self, lines: list[StatementLine]) -> None:
        """Set `ledger` and `match` on every credit line that matches."""
        credits = [line for line in lines if line.credit]
        wanted = [_ledger_of(line.virtual_account) for line in credits]
        ledgers = Ledger.objects.in_bulk({pk for pk in wanted if pk is not None})
        for line, ledger_id in zip(credits, wanted, strict=True):
            ledger = ledgers.get(ledger_id)
            how = Match.VIRTUAL_ACCOUNT
            if ledger is None:
                ledger, how = self._by_other_rules(line)
            if ledger is not None:
                line.ledger, line.match = ledger, how
                if line.counterparty_account:
                    self.payers.setdefault(line.counterparty_account, set()).add(ledger.pk)

    def _by_other_rules(self, line) -> tuple[Ledger | None, str]:
        for rule in (_by_account_in_title, _by_contract_in_title, self._by_payer):
            ledger_id, how = rule(line)
            if ledger_id is not None:
                ledger = Ledger.objects.filter(pk=ledger_id).first()
                if ledger is not None:
                    return ledger, how
        return None, ""

    def _by_payer(self, line):
        if not line.counterparty_account:
            return None, ""
        ledgers = set(
            StatementLine.objects.filter(
                counterparty_account=line.counterparty_account, status=StatementLine.Status.BOOKED
            ).values_list("ledger_id", flat=True)
        )
        ledgers |= self.payers.get(line.counterparty_account, set())
        if len(ledgers) == 1:
            return ledgers.pop(), Match.PAYER_ACCOUNT
        return None, ""


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


def _by_account_in_title(line):
    for found in NRB_IN_TEXT.findall(line.title):
        ledger_id = _ledger_of(found)
        if ledger_id is not None:
            return ledger_id, Match.TITLE_ACCOUNT
    return None, ""


def _by_contract_in_title(line):
    words = {word.strip(".-").upper() for word in WORD.findall(line.title) if "/" in word}
    numbers = list(Contract.objects.filter(number__in=words).values_list("ledger", flat=True))
    if len(numbers) == 1 and numbers[0] is not None:
        return numbers[0], Match.TITLE_CONTRACT
    return None, ""
