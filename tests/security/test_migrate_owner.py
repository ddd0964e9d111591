"""`iok migrate`'s owner connection (IOK_MIGRATE_DATABASE_URL) must name the
application's database and another role; on any database (no connection is
made: tests/security/test_pg_role.py migrates for real on PostgreSQL)."""

import dj_database_url
import pytest

from iok.security.dbroles import RoleError, owner_settings

APP = dj_database_url.parse("postgres://iok_app:tajne@db.example.pl:5432/iok")


def test_the_owners_url_gives_the_owners_login_on_the_applications_database():
    owner = owner_settings("postgres://iok_owner:inne@db.example.pl:5432/iok", APP)
    assert (owner["USER"], owner["PASSWORD"]) == ("iok_owner", "inne")
    assert (owner["HOST"], owner["PORT"], owner["NAME"]) == ("db.example.pl", 5432, "iok")


def test_a_port_left_out_is_postgresqls_own():
    app = dj_database_url.parse("postgres://iok_app@db.example.pl/iok")
    owner = owner_settings("postgres://iok_owner@db.example.pl:5432/iok", app)
    assert owner["USER"] == "iok_owner"


@pytest.mark.parametrize(
    ("owner_url", "app", "refusal"),
    [
        ("postgres://iok_owner@db.example.pl:5432/inna", APP, "both must name the same database"),
        ("postgres://iok_owner@localhost:5432/iok", APP, "both must name the same database"),
        ("postgres://iok_owner@db.example.pl:5433/iok", APP, "both must name the same database"),
        ("postgres://iok_app@db.example.pl:5432/iok", APP, "both connect as 'iok_app'"),
        (
            "postgres://iok_owner@db.example.pl:5432/iok",
            dj_database_url.parse("sqlite:///var/iok.sqlite3"),
            "is for PostgreSQL only",
        ),
    ],
)
def test_an_owners_url_for_another_database_or_the_same_role_is_refused(owner_url, app, refusal):
    with pytest.raises(RoleError, match=refusal):
        owner_settings(owner_url, app)
