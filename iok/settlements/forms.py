from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iok import clock
from iok.periods import Period
from iok.registry.models import Building
from iok.settlements.running import check_period


class RunForm(forms.Form):
    first = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))
    building = forms.ModelChoiceField(
        Building.objects.all(),
        required=False,
        label=_("Building"),
        empty_label=_("All buildings"),
    )

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last"):
            check_period(data["first"], data["last"], clock.today())
        return data


class ApplyAdvancesForm(forms.Form):
    month = forms.CharField(
        label=_("New advances from the month (YYYY-MM)"),
        max_length=7,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2027-01"}),
    )

    def clean_month(self) -> Period:
        try:
            return Period.parse(self.cleaned_data["month"])
        except ValueError:
            raise ValidationError(_("Give the month as YYYY-MM, for example 2027-01.")) from None
