"""The clerk's reason for a correction, kept with it (one row per correction),
append-only below the ORM like the entries (the triggers of 0002); staff and
City Hall read it, as they read the rest of the ledger."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

from iok.access.grants import grant

triggers = importlib.import_module("iok.ledger.migrations.0002_append_only_triggers")
TABLE = "ledger_correctionreason"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(triggers.POSTGRES_CREATE.format(table=TABLE))
    elif vendor == "sqlite":
        for action in ("UPDATE", "DELETE"):
            schema_editor.execute(triggers.SQLITE_CREATE.format(table=TABLE, action=action))
    else:
        raise NotImplementedError(f"No append-only triggers written for {vendor}.")


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER {TABLE}_append_only ON {TABLE}")
    else:
        for action in ("UPDATE", "DELETE"):
            schema_editor.execute(f"DROP TRIGGER {TABLE}_no_{action}")


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_closing_and_correction_permission"),
        ("access", "0002_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="CorrectionReason",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=120, verbose_name="reason")),
                (
                    "shown_to_tenant",
                    models.BooleanField(default=False, verbose_name="reason shown to the tenant"),
                ),
                (
                    "correction",
                    models.OneToOneField(
                        limit_choices_to={"kind": "correction"},
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reason",
                        to="ledger.entry",
                        verbose_name="correction",
                    ),
                ),
            ],
            options={
                "verbose_name": "reason for a correction",
                "verbose_name_plural": "reasons for corrections",
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(
            grant("staff", "ledger", ["view_correctionreason"]), migrations.RunPython.noop
        ),
        migrations.RunPython(
            grant("city_hall", "ledger", ["view_correctionreason"]), migrations.RunPython.noop
        ),
    ]
