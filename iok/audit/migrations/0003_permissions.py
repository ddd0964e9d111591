"""Staff and City Hall read the audit log; nobody adds, changes or deletes
events through permissions (and the database refuses the last two anyway)."""

from django.db import migrations

from iok.access.grants import grant


def noop(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers"), ("access", "0002_groups")]
    operations = [
        migrations.RunPython(grant("staff", "audit", ["view_auditevent"]), noop),
        migrations.RunPython(grant("city_hall", "audit", ["view_auditevent"]), noop),
    ]
