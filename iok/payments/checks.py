"""Configuration mistakes of payments that `iok check --deploy` reports, and
that stop production from serving (iok/wsgi.py)."""

from django.conf import settings
from django.core.checks import Error, register

from iok.demo import bank as demo_bank
from iok.ledger.nrb import compact


@register("iok", deploy=True)
def demo_bank_numbers(app_configs=None, **kwargs):
    """Production on the demo's bank numbers would print virtual accounts and
    accept statements of accounts that are no one's: each is an error, naming
    its variable. A development machine (IOK_DEBUG=true) runs the demo."""
    if settings.DEBUG:
        return []
    errors = []
    if settings.IOK_BANK_SETTLEMENT_NUMBER == demo_bank.SETTLEMENT_NUMBER:
        errors.append(
            Error(
                f"IOK_BANK_SETTLEMENT_NUMBER is the demo's ({demo_bank.SETTLEMENT_NUMBER}): "
                "set the bank's settlement number from the agreement on virtual accounts.",
                id="iok.payments.E001",
            )
        )
    demo_account = compact(demo_bank.COLLECTION_ACCOUNT).removeprefix("PL")
    if demo_account in settings.IOK_COLLECTION_ACCOUNTS:
        errors.append(
            Error(
                f"IOK_COLLECTION_ACCOUNTS holds the demo's account ({demo_account}): "
                "set the company's own collection accounts.",
                id="iok.payments.E002",
            )
        )
    return errors
