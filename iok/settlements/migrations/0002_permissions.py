"""Who may do what with settlements (docs/settlements.md, "Permissions").

Staff run settlements, keep prices and norms, and apply recommended advances
(which are contract-scope rates, so staff need ledger.add_rate, which the
permission policy gives them anyway). City Hall reads everything; a settlement
run books money, it is not an event, so City Hall does not run them. Tenants
have no model permissions: the portal shows them their own settlements."""

from django.db import migrations

from iok.access.grants import grant

MODELS = ["supplierprice", "consumptionnorm", "settlementrun", "settlement"]


class Migration(migrations.Migration):
    dependencies = [
        ("settlements", "0001_initial"),
        ("access", "0002_groups"),
        ("ledger", "0004_allocation"),
    ]
    operations = [
        migrations.RunPython(
            grant(
                "staff",
                "settlements",
                [f"view_{m}" for m in MODELS]
                + ["add_supplierprice", "change_supplierprice"]
                + ["add_consumptionnorm", "change_consumptionnorm"]
                + ["add_settlementrun", "add_settlement"],
            ),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(grant("staff", "ledger", ["view_rate", "add_rate"]),
                             migrations.RunPython.noop),
        migrations.RunPython(
            grant("city_hall", "settlements", [f"view_{m}" for m in MODELS]),
            migrations.RunPython.noop,
        ),
    ]
