from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections

from iok.dbstats import analyze
from iok.security.dbroles import RoleError, check_may_migrate, grant_app_role, owner_settings


class Command(migrate.Command):
    help = (
        "Django's migrate, run as the owner of IOK's tables. On PostgreSQL with "
        "IOK_MIGRATE_DATABASE_URL set, it connects as that URL's role (the owner), migrates, and "
        "then grants DATABASE_URL's role (the application's) what `iok grant-app-role` grants: "
        "rows, never ownership, TRUNCATE or TRIGGER. Without it, a role that does not own the "
        "tables (the application's) is refused. On SQLite it then runs ANALYZE, so that queries "
        "are planned from fresh statistics (PostgreSQL's autovacuum keeps its own)."
    )

    def handle(self, *args, **options):
        alias = options["database"]
        connection = connections[alias]
        app_role = None
        try:
            if settings.MIGRATE_DATABASE_URL and alias == DEFAULT_DB_ALIAS:
                owner = owner_settings(settings.MIGRATE_DATABASE_URL, connection.settings_dict)
                app_role = connection.settings_dict["USER"]
                # This process only migrates: its one connection becomes the owner's.
                connection.close()
                connection.settings_dict.update(owner)
            if connection.vendor == "postgresql":
                check_may_migrate(alias)
        except RoleError as error:
            raise CommandError(str(error)) from error
        super().handle(*args, **options)
        if not (options["plan"] or options["check_unapplied"]):
            analyze(alias)
        if app_role and not (options["plan"] or options["check_unapplied"]):
            try:
                grant_app_role(app_role, alias)
            except RoleError as error:
                raise CommandError(str(error)) from error
            if options["verbosity"]:
                self.stdout.write(f"Granted {app_role!r} rows of every table (grant-app-role).")
