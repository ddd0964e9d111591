"""The monthly billing gets an office page: its own permission, staff only
(docs/roles.md: billing is back-office work; City Hall reads the ledgers)."""

from django.db import migrations

from iok.access.grants import grant


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0006_correction_reason"),
        ("access", "0002_groups"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="entry",
            options={
                "ordering": ["ledger", "operation_date", "id"],
                "permissions": [
                    ("add_correction", "Can book a correction of an entry"),
                    ("run_billing", "Can run the monthly billing"),
                ],
                "verbose_name": "entry",
                "verbose_name_plural": "entries",
            },
        ),
        migrations.RunPython(grant("staff", "ledger", ["run_billing"]), migrations.RunPython.noop),
    ]
