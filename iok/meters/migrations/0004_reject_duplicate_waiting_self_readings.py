"""Before the index of 0005 (one waiting self-reading of a meter a day):
where self-readings of a meter and day already wait twice or more, only the
latest keeps waiting; each older one is rejected as replaced, as
self_reading.submit_self_reading does from now on."""

from django.db import migrations

REASON = "Zastąpiony nowszym samoodczytem z tego samego dnia."


def reject_older_duplicates(apps, schema_editor):
    Reading = apps.get_model("meters", "Reading")
    waiting = Reading.objects.filter(source="tenant", status="waiting").order_by(
        "meter_id", "date", "-entered_at", "-id"
    )
    seen = set()
    older = []
    for pk, meter_id, day in waiting.values_list("pk", "meter_id", "date"):
        if (meter_id, day) in seen:
            older.append(pk)
        seen.add((meter_id, day))
    Reading.objects.filter(pk__in=older).update(status="rejected", reject_reason=REASON)


class Migration(migrations.Migration):
    dependencies = [("meters", "0003_permissions")]
    operations = [migrations.RunPython(reject_older_duplicates, migrations.RunPython.noop)]
