"""The mapping read once for an export: which account each part of an entry
goes to. A part with no account is remembered, never skipped, so that the
export can refuse naming every one of them (`refuse_missing`)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from iok.accounting.models import BankAccount, Chart, ComponentAccount, VatAccount
from iok.ledger.models import Component
from iok.ledger.nrb import compact


class Mapping:
    """The chart of accounts in memory: four queries, whatever the period."""

    def __init__(self):
        self.chart = Chart.objects.order_by("pk").first()
        self.components = {
            row.component_id: row for row in ComponentAccount.objects.select_related("component")
        }
        self.vat_rates = dict(VatAccount.objects.values_list("rate", "account"))
        self.banks = dict(BankAccount.objects.values_list("collection_account", "account"))
        self.missing: set[str] = set()
        if self.chart is None:
            self.missing.add(_("the chart of accounts (receivables, bank, opening balances)"))

    def receivable(self, ledger_id: int) -> str:
        return self.chart.receivable(ledger_id) if self.chart else "?"

    def is_receivable(self, account: str) -> bool:
        """Whether `account` is a receivables account (one of the analytic
        accounts per ledger, or the one account)."""
        if self.chart is None:
            return False
        if not self.chart.receivables_per_ledger:
            return account == self.chart.receivables
        return account.startswith(f"{self.chart.receivables}-")

    def revenue(self, component: Component, *, settlement: bool) -> str:
        row = self.components.get(component.pk)
        if row is None:
            self.missing.add(_("component %(name)s (%(code)s)") % _names(component))
            return "?"
        return (row.settlement or row.revenue) if settlement else row.revenue

    def vat(self, rate: int | None) -> str:
        account = self.vat_rates.get(rate)
        if account is None:
            self.missing.add(_("output VAT at %(rate)s %%") % {"rate": rate})
            return "?"
        return account

    def bank(self, collection_account: str | None) -> str:
        if collection_account:
            number = compact(collection_account).removeprefix("PL")
            if number in self.banks:
                return self.banks[number]
        return self.chart.bank if self.chart else "?"

    @property
    def opening(self) -> str:
        return self.chart.opening if self.chart else "?"

    @property
    def interest(self) -> str:
        return self.chart.interest if self.chart else "?"

    def refuse_missing(self) -> None:
        """Raise ValidationError naming every part that has no account."""
        if self.missing:
            raise ValidationError(
                _(
                    "The journal cannot be exported: no account is mapped for %(parts)s. "
                    "Add it in the admin (Accounting export) and export again."
                )
                % {"parts": ", ".join(sorted(self.missing))},
                code="mapping_missing",
            )


def _names(component: Component) -> dict:
    return {"name": component.name, "code": component.code}
