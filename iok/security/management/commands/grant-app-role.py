from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from iok.security.dbroles import RoleError, grant_app_role


class Command(BaseCommand):
    help = (
        "PostgreSQL: run as the owner of IOK's tables (DATABASE_URL of the owner), after "
        "migrate. Grants ROLE, the role the application serves as, SELECT, INSERT, UPDATE and "
        "DELETE on every table and USAGE and SELECT on every sequence, now and for tables "
        "later migrations create: never ownership, TRUNCATE or TRIGGER, so the application "
        "cannot disable the append-only triggers or empty a table. Refuses a superuser, the "
        "owner of the database, schema or tables, and a role that may create objects. "
        "`iok migrate` with IOK_MIGRATE_DATABASE_URL does this itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="the application's PostgreSQL role (DATABASE_URL's user)")

    def handle(self, *args, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("grant-app-role is for PostgreSQL; SQLite has no roles.")
        try:
            grant_app_role(role)
        except RoleError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Granted {role!r} {', '.join(['SELECT', 'INSERT', 'UPDATE', 'DELETE'])} on every "
            "table and USAGE, SELECT on every sequence; no TRUNCATE, TRIGGER or ownership."
        )
