"""Giving a group its permissions from a data migration.

Django creates a model's permissions only after all migrations have run, so a
migration that hands them to a group creates them first. Use it as

    migrations.RunPython(grant("staff", "meters", ["view_meter", ...]), noop)
"""


def grant(group_name: str, app_label: str, codenames: list[str]):
    def forward(apps, schema_editor):
        from django.contrib.auth.management import create_permissions

        config = apps.get_app_config(app_label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
        group = apps.get_model("auth", "Group").objects.get(name=group_name)
        permissions = apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise LookupError(f"{app_label} has no permissions {sorted(missing)}")
        group.permissions.add(*permissions)

    return forward
