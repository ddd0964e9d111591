"""The forms of the refund and transfer pages: they validate and convert,
the rules (how much credit may leave) are iok.refunds'."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iok.ledger.models import Ledger
from iok.ledger.money import format_money
from iok.office.forms import AmountField
from iok.refunds.models import RefundBatch, RefundOrder
from iok.refunds.orders import checked_account


class RefundOrderForm(forms.Form):
    amount = AmountField(label=_("Amount to refund"))
    account = forms.CharField(
        label=_("Recipient's account number (26 digits)"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "size": 34}),
    )
    recipient_name = forms.CharField(label=_("Recipient's name"), max_length=70)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def clean_account(self):
        try:
            return checked_account(self.cleaned_data["account"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


class TransferForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Move the credit to the ledger of"), queryset=Ledger.objects.none()
    )
    amount = AmountField(label=_("Amount to transfer"))
    reason = forms.CharField(label=_("Reason"), max_length=120)

    def __init__(self, source: Ledger, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tenant = source.contract.main_tenant
        others = Ledger.objects.none()
        if tenant is not None:
            others = (
                Ledger.objects.filter(
                    contract__contractparty__contractor=tenant,
                    contract__contractparty__role="main",
                )
                .exclude(pk=source.pk)
                .select_related("contract__premises")
            )
        self.fields["target"].queryset = others
        self.fields["target"].label_from_instance = lambda ledger: (
            f"{ledger.contract.number} — {ledger.contract.premises}"
        )


class BatchForm(forms.Form):
    orders = forms.ModelMultipleChoiceField(
        label=_("Refunds to send"),
        queryset=RefundOrder.objects.filter(state=RefundOrder.State.ORDERED),
        widget=forms.CheckboxSelectMultiple,
    )
    format = forms.ChoiceField(label=_("File format"), choices=RefundBatch.Format.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        orders = self.fields["orders"]
        orders.queryset = orders.queryset.select_related("ledger__contract")
        orders.label_from_instance = lambda order: (
            f"{order.reference}: {order.ledger.contract.number}, {format_money(order.amount)}"
            f" → {order.recipient_name}"
        )
