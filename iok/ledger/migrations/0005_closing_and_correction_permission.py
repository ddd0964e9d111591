"""Closings of the books (closed periods) and the custom permission to book a
correction; both handed to the groups here, as the policy says: staff close
the books and correct, City Hall corrects and sees the closings."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from iok.access.grants import grant


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0004_allocation"),
        ("access", "0002_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="entry",
            options={
                "ordering": ["ledger", "operation_date", "id"],
                "permissions": [("add_correction", "Can book a correction of an entry")],
                "verbose_name": "entry",
                "verbose_name_plural": "entries",
            },
        ),
        migrations.CreateModel(
            name="Closing",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "closed_until",
                    models.DateField(
                        help_text="inclusive: this day is closed too",
                        verbose_name="books closed until",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="set on")),
                (
                    "closed_by",
                    models.ForeignKey(
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="set by",
                    ),
                ),
            ],
            options={
                "verbose_name": "closing of the books",
                "verbose_name_plural": "closings of the books",
                "ordering": ["-id"],
            },
        ),
        migrations.RunPython(
            grant("staff", "ledger", ["add_correction", "view_closing", "add_closing"]),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            grant("city_hall", "ledger", ["add_correction", "view_closing"]),
            migrations.RunPython.noop,
        ),
    ]
