"""What a token may do: each endpoint needs exactly one scope (docs/api.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ_REGISTRY = "read_registry", _("read the registry")
    WRITE_REGISTRY = "write_registry", _("write the registry")
    READ_LEDGER = "read_ledger", _("read ledgers and their entries")
    POST_ENTRIES = "post_entries", _("post charges, corrections and readings")
    READ_PAYMENTS = "read_payments", _("read the feed of booked payments")
