from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iok.forms import DecimalInput
from iok.meters.models import Meter, Reading
from iok.meters.readings import as_value

MAX_CSV = 5 * 1024 * 1024


class ValueField(forms.CharField):
    """A meter reading: decimal comma or point, at most three decimals."""

    widget = DecimalInput

    default_error_messages = {"required": _("Enter the meter reading: the field is empty.")}

    def to_python(self, value):
        value = super().to_python(value)
        return as_value(value) if value else None


class ReadingForm(forms.Form):
    date = forms.DateField(label=_("Date of reading"), help_text=_("dd.mm.rrrr"))
    value = ValueField(label=pgettext_lazy("meter reading", "Value"))
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[
            (Reading.Source.STAFF, Reading.Source.STAFF.label),
            (Reading.Source.ESTIMATE, Reading.Source.ESTIMATE.label),
        ],
    )


class ReplacementForm(forms.Form):
    removed_on = forms.DateField(label=_("Removed on"), help_text=_("dd.mm.rrrr"))
    final_value = ValueField(label=_("Final reading of the old meter"))
    new_serial = forms.CharField(label=_("Serial number of the new meter"), max_length=40)
    initial_value = ValueField(label=_("Initial reading of the new meter"))
    place = forms.ChoiceField(label=_("Place"), choices=Meter.Place.choices)
    legalised_until = forms.DateField(
        label=_("Legalisation valid until"), required=False, help_text=_("dd.mm.rrrr")
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), max_length=500)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Serial number or address"), max_length=100, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Readings file (CSV)"),
        help_text=_("serial number; date; value, one reading a line"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV:
            raise ValidationError(_("The file is larger than 5 MB: is it a readings file?"))
        return upload
