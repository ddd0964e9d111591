"""Who may do what with meters and readings: staff view, add and change
meters and readings (and upload collectors' files); City Hall views meters
and views, adds and changes readings (events it may edit). Nobody deletes
through a group."""

from django.db import migrations

from iok.access.grants import grant

STAFF = [
    "view_meter",
    "add_meter",
    "change_meter",
    "view_reading",
    "add_reading",
    "change_reading",
    "view_readingupload",
    "add_readingupload",
]
CITY_HALL = ["view_meter", "view_reading", "add_reading", "change_reading", "view_readingupload"]


class Migration(migrations.Migration):
    dependencies = [("meters", "0002_reading_upload"), ("access", "0002_groups")]
    operations = [
        migrations.RunPython(grant("staff", "meters", STAFF), migrations.RunPython.noop),
        migrations.RunPython(grant("city_hall", "meters", CITY_HALL), migrations.RunPython.noop),
    ]
