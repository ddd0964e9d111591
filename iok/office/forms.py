from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iok.forms import parse_decimal
from iok.ledger.corrections import (
    REASON_LENGTH,
    correction_title,
    plan_reversal,
    refuse_correction_date,
    remaining_amount,
)
from iok.ledger.models import Component, Ledger
from iok.ledger.money import format_money
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


class ReversalForm(forms.Form):
    """The payment a waiting reversal takes back, picked from the queue's
    list; whether it may be is the domain's to say (payments.reversals)."""

    payment = forms.IntegerField(
        label=_("The payment it takes back"),
        error_messages={"required": _("Choose the payment the reversal takes back.")},
    )
    reason = forms.CharField(label=_("Note"), required=False)


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


class AmountField(forms.CharField):
    """An amount typed as people write it ("35", "17,50", "1 234,56 zł"),
    converted to Decimal; whether it fits is the domain's to say."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 12})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_decimal(text.strip().removesuffix("zł"))
        except forms.ValidationError:
            raise forms.ValidationError(
                _("%(text)s is not an amount: write it as 17,50.") % {"text": text}
            ) from None


class CorrectionForm(forms.Form):
    """What to correct of one entry: every component left (nothing given), the
    ticked components in full, or an amount of a component's line; on which
    day, why, and whether the tenant reads the reason."""

    components = forms.ModelMultipleChoiceField(
        label=_("Components to reverse in full"),
        queryset=Component.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick a component to reverse all that is left of it, or give below the amount"
            " to correct of its line. Give nothing to reverse everything that is left of"
            " the entry."
        ),
    )
    amount = AmountField(
        label=_("Amount to correct"),
        required=False,
        help_text=_("Empty: all that is left of the entry."),
    )
    on = forms.DateField(
        label=_("Operation date of the correction"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    reason = forms.CharField(label=_("Reason"), max_length=REASON_LENGTH)
    show_reason = forms.BooleanField(
        label=_("Show the reason to the tenant"),
        required=False,
        help_text=_("Unticked, the tenant reads only the title, such as “%(title)s”."),
    )

    def __init__(self, entry, left: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.left = left
        self.fields["show_reason"].help_text %= {"title": correction_title(entry)}
        if not left:
            del self.fields["components"]
            self.fields["amount"].help_text = _(
                "At most %(limit)s; empty: all that is left of the entry."
            ) % {"limit": format_money(abs(remaining_amount(entry)))}
            return
        del self.fields["amount"]
        self.fields["components"].queryset = Component.objects.filter(
            pk__in=[component.pk for component in left]
        )
        for component, line in left.items():
            self.fields[self.amount_name(component)] = AmountField(
                label=_("%(component)s: amount to correct") % {"component": component.name},
                required=False,
                help_text=_("At most %(limit)s.") % {"limit": format_money(abs(line.amount))},
            )

    @staticmethod
    def amount_name(component) -> str:
        return f"amount_{component.pk}"

    def amount_fields(self):
        """The bound amount field of each component line, in the lines' order."""
        return [self[self.amount_name(component)] for component in self.left]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the correction."))
        return reason

    def clean_on(self):
        day = self.cleaned_data["on"]
        refuse_correction_date(self.entry, day)
        return day

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                self.plan = plan_reversal(self.entry, self.parts(), amount=cleaned.get("amount"))
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def parts(self) -> dict | None:
        """Per component, the amount to correct of its line (None: all of it),
        or None for everything that is left of the entry."""
        ticked = set(self.cleaned_data.get("components") or [])
        parts = {}
        for component in self.left:
            given = self.cleaned_data.get(self.amount_name(component))
            if given is not None or component in ticked:
                parts[component] = given
        return parts or None
