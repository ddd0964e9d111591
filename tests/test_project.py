"""Guards for the project as a whole."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_migrations_are_pending():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


def test_polish_is_the_default_language_and_english_is_available(settings):
    assert settings.LANGUAGE_CODE == "pl"
    assert [code for code, _ in settings.LANGUAGES] == ["pl", "en"]


def polish_catalogues():
    from django.conf import settings

    base = settings.BASE_DIR
    found = [base / "locale", *sorted(base.glob("iok/*/locale"))]
    return [path / "pl" / "LC_MESSAGES" for path in found if (path / "pl").exists()]


@pytest.mark.parametrize("locale", polish_catalogues(), ids=str)
def test_each_polish_catalogue_is_compiled_and_complete(locale):
    import gettext

    po = (locale / "django.po").read_text(encoding="utf-8")
    with open(locale / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    plurals = po.count("\nmsgid_plural ")
    singulars = po.count("\nmsgid ") - plurals
    expected = singulars + 3 * plurals  # Polish has three plural forms
    assert len(catalog) == expected, "run `make messages` after editing the .po"
    assert 'msgstr ""\n\n' not in po.split("\n\n", 1)[1], "an untranslated message in the .po"


def test_the_interface_speaks_polish_and_english():
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("pl"):
        assert gettext("Every ledger balances.") == "Salda wszystkich kartotek się zgadzają."
    with translation.override("en"):
        assert gettext("Every ledger balances.") == "Every ledger balances."
