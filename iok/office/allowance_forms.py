"""The forms of the housing allowance pages: they only take the list's text
and the report's year; iok/payments/allowance.py checks the list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from iok import clock
from iok.payments.allowance import decode

MAX_LIST = 2 * 1024 * 1024  # a list of a few thousand tenants is far less


class AllowanceListForm(forms.Form):
    file = forms.FileField(label=_("Housing allowance list (CSV)"))

    def clean_file(self) -> str:
        """The list's text, decoded (UTF-8 or CP1250)."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_LIST:
            raise forms.ValidationError(_("The file is larger than 2 MB: is it an allowance list?"))
        return decode(upload.read())


class AllowanceConfirmForm(forms.Form):
    # The list as the preview showed it, sent back to be checked again and booked.
    text = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_LIST)


class AllowanceReportForm(forms.Form):
    rok = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    budynki = forms.BooleanField(label=_("By building"), required=False)

    def year(self) -> int:
        return self.cleaned_data.get("rok") or clock.today().year
