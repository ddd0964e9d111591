"""The usual components of a municipal rent. They are data: the office edits
names and VAT rates and adds new ones in the admin."""

from django.db import migrations

COMPONENTS = [
    # code, Polish name, VAT % for commercial premises, order
    ("rent", "Czynsz", 23, 10),
    ("cold_water", "Zaliczka na zimną wodę", 8, 20),
    ("sewage", "Zaliczka na ścieki", 8, 30),
    ("hot_water", "Zaliczka na podgrzanie wody", 8, 40),
    ("heating", "Zaliczka na centralne ogrzewanie", 23, 50),
    ("waste", "Opłata za odpady komunalne", None, 60),
]


def create(apps, schema_editor):
    Component = apps.get_model("ledger", "Component")
    for code, name, vat_rate, order in COMPONENTS:
        Component.objects.update_or_create(
            code=code, defaults={"name": name, "vat_rate": vat_rate, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_append_only_triggers")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
