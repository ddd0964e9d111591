from django.contrib import admin

from iok.interest.models import InterestRate


@admin.register(InterestRate)
class InterestRateAdmin(admin.ModelAdmin):
    """The administrator keeps the rates: a new NBP decision is a new row of
    each kind (docs/interest.md). Every change is audited like any other
    (iok.audit.signals)."""

    list_display = ["kind", "valid_from", "rate", "reference_rate", "source"]
    list_filter = ["kind"]
    date_hierarchy = "valid_from"
