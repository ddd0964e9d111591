"""Who sees the background jobs (docs/jobs.md): staff, whose work they are,
and City Hall, which reads everything. Nobody adds or changes a job by hand:
jobs are started by the pages and commands that need them."""

from django.db import migrations

from iok.access.grants import grant


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("access", "0002_groups"),
    ]
    operations = [
        migrations.RunPython(grant("staff", "jobs", ["view_job"]), migrations.RunPython.noop),
        migrations.RunPython(grant("city_hall", "jobs", ["view_job"]), migrations.RunPython.noop),
    ]
