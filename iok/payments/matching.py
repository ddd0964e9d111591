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
    for rule in (_by_virtual_account, _by_account_in_title, _by_contract_in_title, _by_payer):
        ledger_id, how = rule(line)
        if ledger_id is not None:
            ledger = Ledger.objects.filter(pk=ledger_id).first()
            if ledger is not None:
                return ledger, how
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


def _by_virtual_account(line):
    return _ledger_of(line.virtual_account), Match.VIRTUAL_ACCOUNT


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


def _by_payer(line):
    if not line.counterparty_account:
        return None, ""
    ledgers = set(
        StatementLine.objects.filter(
            counterparty_account=line.counterparty_account, status=StatementLine.Status.BOOKED
        ).values_list("ledger_id", flat=True)
    )
    if len(ledgers) == 1:
        return ledgers.pop(), Match.PAYER_ACCOUNT
    return None, ""
