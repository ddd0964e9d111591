"""A sensible default chart of accounts for a municipal housing company, to
be checked and edited by the administrator before the first export
(docs/accounting.md): receivables per ledger on 200, revenue by component on
700 (utility settlements on 701), output VAT by rate on 222, the bank on 131,
interest on 750, opening balances against the technical account 000; each
collection account configured when the migration runs (IOK_COLLECTION_ACCOUNTS)
gets its bank account 131-1, 131-2, ... in its order."""

from django.conf import settings
from django.db import migrations

# component code: revenue account, settlement account ("" = the revenue account)
REVENUE = {
    "rent": ("700-01", ""),
    "cold_water": ("700-02", "701-02"),
    "sewage": ("700-03", "701-03"),
    "hot_water": ("700-04", "701-04"),
    "heating": ("700-05", "701-05"),
    "waste": ("700-06", ""),
}
VAT = {23: "222-23", 8: "222-08", 5: "222-05"}


def create(apps, schema_editor):
    Chart = apps.get_model("accounting", "Chart")
    ComponentAccount = apps.get_model("accounting", "ComponentAccount")
    VatAccount = apps.get_model("accounting", "VatAccount")
    Component = apps.get_model("ledger", "Component")
    if not Chart.objects.exists():
        Chart.objects.create()
    for component in Component.objects.filter(code__in=REVENUE):
        revenue, settlement = REVENUE[component.code]
        ComponentAccount.objects.get_or_create(
            component=component, defaults={"revenue": revenue, "settlement": settlement}
        )
    for rate, account in VAT.items():
        VatAccount.objects.get_or_create(rate=rate, defaults={"account": account})
    BankAccount = apps.get_model("accounting", "BankAccount")
    for number, collection in enumerate(settings.IOK_COLLECTION_ACCOUNTS, start=1):
        BankAccount.objects.get_or_create(
            collection_account=collection, defaults={"account": f"131-{number}"}
        )


class Migration(migrations.Migration):
    dependencies = [("accounting", "0001_initial"), ("ledger", "0003_components")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
