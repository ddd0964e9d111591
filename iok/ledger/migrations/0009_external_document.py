"""The external billing's document numbers (iok/ledger/external.py), one per
entry booked from that billing: append-only below the ORM like the entries
(the triggers of 0002); staff and City Hall read them, as they read the rest
of the ledger."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

from iok.access.grants import grant

triggers = importlib.import_module("iok.ledger.migrations.0002_append_only_triggers")
TABLE = "ledger_externaldocument"


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
        ('ledger', '0008_no_rewrite_and_balance_guard'),
        ('access', '0002_groups'),
    ]

    operations = [
        migrations.CreateModel(
            name='ExternalDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=60, unique=True, verbose_name='external document number')),
                ('fingerprint', models.CharField(max_length=64, verbose_name='fingerprint of the content')),
                ('received', models.DateTimeField(auto_now_add=True, verbose_name='received')),
                ('entry', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='external_document', to='ledger.entry', verbose_name='entry')),
            ],
            options={
                'verbose_name': 'external document',
                'verbose_name_plural': 'external documents',
                'ordering': ['id'],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(
            grant("staff", "ledger", ["view_externaldocument"]), migrations.RunPython.noop
        ),
        migrations.RunPython(
            grant("city_hall", "ledger", ["view_externaldocument"]), migrations.RunPython.noop
        ),
    ]
