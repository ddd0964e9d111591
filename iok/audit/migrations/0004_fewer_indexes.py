"""One index less to write per event: the content type's own index duplicates
the start of audit_object, and nobody searches by action alone.

SQLite alters a column by rebuilding the table, which drops its triggers, so
the append-only triggers of 0002 are created again afterwards (any later
migration that alters this table on SQLite must do the same)."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

triggers = importlib.import_module("iok.audit.migrations.0002_append_only_triggers")


def recreate_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        triggers.create(apps, schema_editor)


def noop(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="auditevent", name="audit_action"),
        migrations.AlterField(
            model_name="auditevent",
            name="content_type",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to="contenttypes.contenttype",
                verbose_name="object type",
            ),
        ),
        migrations.RunPython(recreate_triggers, noop),
    ]
