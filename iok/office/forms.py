from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iok.ledger.models import Ledger
from iok.payments.keys import digits
from iok.payments.models import StatementLine

FORMATS = [
    ("", _("read it from the file")),
    ("mt940", "MT940"),
    ("mt942", "MT942"),
    ("camt053", "camt.053"),
    ("pekao_csv", _("Pekao virtual-account report (CSV)")),
]
MAX_FILE = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Statement file"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE:
            raise forms.ValidationError(_("The file is larger than 20 MB: is it a statement?"))
        return upload


class AssignForm(forms.Form):
    ledger = forms.CharField(
        label=_("Contract number or virtual account"),
        help_text=_("The ledger the payment belongs to."),
    )
    reason = forms.CharField(label=_("Note"), required=False)

    def clean_ledger(self):
        given = self.cleaned_data["ledger"].strip()
        found = Ledger.objects.filter(
            Q(contract__number__iexact=given) | Q(virtual_account=digits(given))
        ).first()
        if found is None:
            raise forms.ValidationError(
                _("No ledger has contract number or virtual account %(given)s.") % {"given": given}
            )
        return found


class SetAsideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (StatementLine.Status.NOT_OURS, _("not ours")),
            (StatementLine.Status.TO_RETURN, _("to be returned to the sender")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
