"""At most one tenant's self-reading of a meter and day waits for staff (a
separate migration from 0004's data change, so each runs in its own
transaction)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meters", "0004_reject_duplicate_waiting_self_readings")]
    operations = [
        migrations.AddConstraint(
            model_name="reading",
            constraint=models.UniqueConstraint(
                condition=models.Q(("source", "tenant"), ("status", "waiting")),
                fields=("meter", "date"),
                name="one_waiting_self_reading_a_day",
            ),
        ),
    ]
