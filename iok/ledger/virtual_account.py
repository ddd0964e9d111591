"""Virtual account numbers (rachunki wirtualne): one NRB per ledger.

settlement number (8) + client prefix + ledger id zero-padded to
IOK_VIRTUAL_ID_DIGITS, with IBAN check digits in front. The bank credits every
transfer to such a number to the company's collection account and tells us
which virtual number it was sent to, so the payer is identified without a
title."""

from django.conf import settings

from iok.ledger.nrb import compact, format_nrb, make_nrb


def virtual_account_for(ledger_id: int) -> str:
    digits = settings.IOK_VIRTUAL_ID_DIGITS
    identifier = f"{ledger_id:0{digits}d}"
    if len(identifier) > digits:
        raise ValueError(f"Ledger id {ledger_id} does not fit in {digits} digits.")
    return make_nrb(settings.IOK_BANK_SETTLEMENT_NUMBER, settings.IOK_VIRTUAL_PREFIX + identifier)


def ledger_id_from(nrb: str) -> int | None:
    """The ledger id encoded in one of our virtual account numbers, else None."""
    digits = compact(nrb).removeprefix("PL")
    ours = settings.IOK_BANK_SETTLEMENT_NUMBER + settings.IOK_VIRTUAL_PREFIX
    if len(digits) != 26 or digits[2 : 2 + len(ours)] != ours:
        return None
    if make_nrb(digits[2:10], digits[10:]) != digits:
        return None
    return int(digits[2 + len(ours) :])


def display(nrb: str) -> str:
    return format_nrb(nrb)
