"""The property kinds every premises and contract has. They are data: the
office adds new kinds in the admin without a code change."""

from django.db import migrations

KINDS = [
    # code, Polish name, unit, belongs to
    ("persons", "Liczba osób zameldowanych", "os.", "contract"),
    ("floor", "Piętro", "", "premises"),
    ("usable_area", "Powierzchnia użytkowa", "m²", "premises"),
    ("heated_area", "Powierzchnia grzewcza", "m²", "premises"),
    ("basement_area", "Powierzchnia piwnicy", "m²", "premises"),
    ("rooms", "Liczba pokoi", "", "premises"),
]


def create(apps, schema_editor):
    PropertyKind = apps.get_model("registry", "PropertyKind")
    for code, name, unit, applies_to in KINDS:
        PropertyKind.objects.update_or_create(
            code=code, defaults={"name": name, "unit": unit, "applies_to": applies_to}
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
