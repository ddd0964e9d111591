from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iok.ledger.billing import refuse_billing
from iok.periods import Period


class BillingMonthForm(forms.Form):
    """The month to bill, as a Period that may be billed today (not after
    the next month, no day of it in a closed period)."""

    month = forms.CharField(
        label=_("Month (YYYY-MM)"),
        max_length=7,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2026-12"}),
    )

    def clean_month(self) -> Period:
        try:
            period = Period.parse(self.cleaned_data["month"])
        except ValueError:
            raise ValidationError(
                _("%(value)s is not a month written YYYY-MM (for example 2026-12).")
                % {"value": self.cleaned_data["month"]}
            ) from None
        refuse_billing(period)
        return period
