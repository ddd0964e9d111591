"""PostgreSQL: IOK serves as a role that does not own its tables.

The owner (the role that runs `iok migrate`) owns every table, sequence and
trigger function. The application's role gets SELECT, INSERT, UPDATE and
DELETE on the tables and USAGE and SELECT on the sequences, nothing more: no
TRUNCATE, no TRIGGER, no ownership. Only a table's owner (or a superuser) can
`ALTER TABLE ... DISABLE TRIGGER`, drop a trigger, replace the trigger
functions or TRUNCATE, and only a superuser can turn triggers off with
`session_replication_role`, so the append-only triggers of entries and audit
events hold against anything the application's connection runs, an injected
statement included."""

import re

import dj_database_url
from django.db import connections, transaction

# Plain lower-case names only: the name is written into GRANT statements.
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCE_PRIVILEGES = "USAGE, SELECT"


class RoleError(Exception):
    pass


def owner_settings(owner_url: str, app: dict) -> dict:
    """The application's database settings, connecting as the owner of
    IOK_MIGRATE_DATABASE_URL instead; refused unless it is the same database
    and another role."""
    owner = dj_database_url.parse(owner_url)
    if not app["ENGINE"].endswith("postgresql") or not owner["ENGINE"].endswith("postgresql"):
        raise RoleError(
            "IOK_MIGRATE_DATABASE_URL is for PostgreSQL only, with DATABASE_URL on PostgreSQL too."
        )
    if _where(owner) != _where(app):
        raise RoleError(
            f"IOK_MIGRATE_DATABASE_URL points at database {owner['NAME']!r} on "
            f"{owner['HOST']}:{owner['PORT']}, DATABASE_URL at {app['NAME']!r} on "
            f"{app['HOST']}:{app['PORT']}: both must name the same database."
        )
    if owner["USER"] == app["USER"]:
        raise RoleError(
            f"IOK_MIGRATE_DATABASE_URL and DATABASE_URL both connect as {app['USER']!r}: the "
            "application must serve as a role that does not own the tables."
        )
    return {**app, **{key: owner[key] for key in ("USER", "PASSWORD")}}


MIGRATE_HINT = (
    "the application's role never migrates. Set IOK_MIGRATE_DATABASE_URL to the owner's "
    "connection (postgres://{owner}@...) and run migrate again (docs/security.md)."
)
RESTORE_HINT = (
    "only the owner may drop and recreate them. Run restore with DATABASE_URL of the owner "
    "(postgres://{owner}@...), docs/security.md."
)


def _where(database: dict) -> tuple:
    return database["HOST"] or "", int(database["PORT"] or 5432), database["NAME"]


def check_may_migrate(alias: str = "default") -> None:
    """Refuses a migration by a role that does not own IOK's tables (the
    application's role): its tables would be the ones it can then alter."""
    check_owns_tables(MIGRATE_HINT, alias)


def check_owns_tables(hint: str, alias: str = "default") -> None:
    """Refuses a role that does not own IOK's tables (nor is a member of
    their owner), or on an empty database one that may not create tables."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT current_user, pg_get_userbyid(c.relowner),"
            " pg_has_role(current_user, c.relowner, 'USAGE')"
            " FROM pg_class c WHERE c.oid = to_regclass('django_migrations')"
        )
        found = cursor.fetchone()
        if found is None:
            cursor.execute("SELECT current_user, has_schema_privilege(current_schema(), 'CREATE')")
            user, may_create = cursor.fetchone()
            if not may_create:
                raise RoleError(
                    f"{user!r} may not create tables in this database: run this as the role "
                    "that is to own IOK's tables (IOK_MIGRATE_DATABASE_URL for migrate, "
                    "docs/security.md)."
                )
            return
        user, owner, is_owner = found
        if not is_owner:
            raise RoleError(
                f"DATABASE_URL connects as {user!r}, which does not own IOK's tables (their owner "
                f"is {owner!r}): " + hint.format(owner=owner)
            )


def grant_app_role(role: str, alias: str = "default") -> None:
    """As the owner: what the application's role needs on every table and
    sequence of the schema, now and (default privileges) for the tables later
    migrations create; refused for a role that could get round the triggers."""
    if not ROLE_NAME.match(role):
        raise RoleError(f"{role!r} is not a plain role name (lower-case letters, digits, _).")
    # One transaction: a running application never sees the grants half-renewed.
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        _refuse_a_powerful_role(cursor, role)
        for statement in (
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {{schema}} FROM {role}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {{schema}} FROM {role}",
            f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {{schema}} TO {role}",
            f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA {{schema}} TO {role}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {{schema}}"
            f" GRANT {TABLE_PRIVILEGES} ON TABLES TO {role}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {{schema}}"
            f" GRANT {SEQUENCE_PRIVILEGES} ON SEQUENCES TO {role}",
        ):
            cursor.execute(statement.format(schema=_schema(cursor)))
        _check_granted(cursor, role)


def _schema(cursor) -> str:
    cursor.execute("SELECT quote_ident(current_schema())")
    return cursor.fetchone()[0]


def _refuse_a_powerful_role(cursor, role: str) -> None:
    cursor.execute(
        "SELECT r.rolsuper, r.rolbypassrls, r.rolname = current_user,"
        " pg_has_role(r.oid, d.datdba, 'MEMBER'), pg_has_role(r.oid, n.nspowner, 'MEMBER'),"
        " has_schema_privilege(r.oid, n.oid, 'CREATE'),"
        " EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid"
        "         AND pg_has_role(r.oid, c.relowner, 'MEMBER'))"
        " FROM pg_roles r, pg_database d, pg_namespace n"
        " WHERE r.rolname = %s AND d.datname = current_database()"
        " AND n.nspname = current_schema()",
        [role],
    )
    found = cursor.fetchone()
    if found is None:
        raise RoleError(f"There is no role {role!r}: CREATE ROLE {role} LOGIN PASSWORD '…' first.")
    superuser, bypassrls, is_me, owns_database, owns_schema, may_create, owns_tables = found
    refusals = [
        (superuser, "is a superuser"),
        (bypassrls, "bypasses row security"),
        (is_me, "is the role running this command, the tables' owner"),
        (owns_database, "owns the database (or is a member of its owner)"),
        (owns_schema, "owns the schema (or is a member of its owner)"),
        (owns_tables, "owns tables (or is a member of their owner)"),
        (may_create, "may create objects in the schema (REVOKE CREATE ON SCHEMA ... FROM PUBLIC)"),
    ]
    reasons = [reason for refused, reason in refusals if refused]
    if reasons:
        raise RoleError(
            f"{role!r} {', '.join(reasons)}: the application's role must not be able to change "
            "tables or their triggers. Use a role created for the application alone."
        )


def _check_granted(cursor, role: str) -> None:
    cursor.execute(
        "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace"
        " AND c.relkind IN ('r', 'p') AND (has_table_privilege(%s, c.oid, 'TRUNCATE')"
        " OR has_table_privilege(%s, c.oid, 'TRIGGER')"
        " OR has_table_privilege(%s, c.oid, 'REFERENCES')) ORDER BY c.relname",
        [role] * 3,
    )
    kept = [name for (name,) in cursor.fetchall()]
    if kept:
        raise RoleError(
            f"{role!r} still holds TRUNCATE, TRIGGER or REFERENCES on {', '.join(kept)} "
            "(granted by another role, or to PUBLIC): revoke them as that role."
        )
