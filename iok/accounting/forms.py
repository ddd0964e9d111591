from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iok.accounting.export import DATE_FORMATS, ENCODINGS
from iok.accounting.journal import refuse_period


def _day(label):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class PeriodForm(forms.Form):
    """The period of a journal: its first and last day, both included."""

    first = _day(_("Period from"))
    last = _day(_("Period to"))

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last"):
            refuse_period(data["first"], data["last"])
        return data


class DownloadForm(PeriodForm):
    """The period and how the CSV is written."""

    encoding = forms.ChoiceField(choices=[(name, name) for name in ENCODINGS], required=False)
    dates = forms.ChoiceField(choices=[(name, name) for name in DATE_FORMATS], required=False)

    def clean_encoding(self) -> str:
        return self.cleaned_data["encoding"] or "utf-8"

    def clean_dates(self) -> str:
        return self.cleaned_data["dates"] or "dmy"


__all__ = ["DownloadForm", "PeriodForm", "ValidationError"]
