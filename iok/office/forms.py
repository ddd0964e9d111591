from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iok.ledger.closing import closed_until
from iok.ledger.models import Component, Ledger
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


def find_ledger(given: str) -> Ledger | None:
    """The ledger named by its contract number, virtual account number (with or
    without spaces and PL) or ledger number."""
    given = given.strip()
    number = digits(given)
    query = Q(contract__number__iexact=given)
    if len(number) == 26:
        query |= Q(virtual_account=number)
    elif number.isdigit() and number == given and len(number) < 10:
        query |= Q(pk=int(number))
    return Ledger.objects.select_related("contract").filter(query).first()


class LedgerSearchForm(forms.Form):
    ledger = forms.CharField(
        label=_("Contract number, virtual account or ledger number"), max_length=40
    )

    def clean_ledger(self):
        found = find_ledger(self.cleaned_data["ledger"])
        if found is None:
            raise forms.ValidationError(
                _("No ledger has contract number, virtual account or number %(given)s.")
                % {"given": self.cleaned_data["ledger"].strip()}
            )
        return found


class CorrectionForm(forms.Form):
    """What to reverse of one entry: every component left (none ticked) or the
    ticked ones, on which day, and why."""

    components = forms.ModelMultipleChoiceField(
        label=_("Components to reverse"),
        queryset=Component.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none to reverse everything that is left of the entry."),
    )
    on = forms.DateField(
        label=_("Operation date of the correction"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    reason = forms.CharField(label=_("Reason"), max_length=120)

    def __init__(self, entry, left: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        if left:
            self.fields["components"].queryset = Component.objects.filter(
                pk__in=[component.pk for component in left]
            )
        else:
            del self.fields["components"]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the correction."))
        return reason

    def clean_on(self):
        day = self.cleaned_data["on"]
        until = closed_until()
        if until is not None and day <= until:
            raise forms.ValidationError(
                _(
                    "The books are closed until %(until)s: date the correction after that day"
                    " (%(day)s is inside the closed period)."
                )
                % {"until": until.strftime("%d.%m.%Y"), "day": day.strftime("%d.%m.%Y")}
            )
        return day

    def chosen(self) -> list[Component] | None:
        """The components to reverse, or None for the whole entry."""
        return list(self.cleaned_data.get("components") or []) or None
