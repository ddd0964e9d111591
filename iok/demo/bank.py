"""The demo town's bank numbers, public on purpose: the settings' defaults, so
the demo runs without a bank agreement, and what production must not run on
(iok/payments/checks.py): payers would be sent to accounts that are no one's."""

SETTLEMENT_NUMBER = "10201026"
COLLECTION_ACCOUNT = "PL84 1020 1026 0000 1202 0345 6789"
