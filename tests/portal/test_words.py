"""The words the tenant reads: one form of address (Ty, never Pan/Pani), no
bracketed gender forms such as "Zalogowałeś(-aś)" in any Polish catalogue,
and the tenant called by the contract's kind (Najemca, Dzierżawca, Użytkownik
lokalu), never "Kontrahent", on the pages of the portal (docs/portal.md)."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from iok.registry.models import Contract
from tests.portal.conftest import LEDGER_PAGES, OWN_LEDGER_PAGES, url_of

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/pl/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "node_modules" not in path.parts
)
# A word with a bracketed ending: "Zalogowałeś(-aś)", "rozpatrzył(a)", "wylogowany(-a)".
BRACKETED_GENDER = re.compile(r"\w\(-?[a-ząćęłńóśźż]{1,3}\)", re.IGNORECASE)
# The second person in the past tense has a gender: "zalogowałeś", "podałaś".
GENDERED_YOU = re.compile(r"\w(łeś|łaś|łbyś|łabyś)\b", re.IGNORECASE)
# The letters' former form of address.
PAN_PANI = re.compile(r"\b(Pan|Pani|Pana|Panu|Panią|Panem|Państw\w*)\b")


def messages(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) of each message of a .po file, plural forms one by one."""
    found, field, values = [], None, {}

    def flush():
        msgid = values.get("msgid", "")
        for key, text in values.items():
            if key.startswith("msgstr") and msgid:
                found.append((msgid, text))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith('"'):
            values[field] += ast.literal_eval(line)
            continue
        keyword, _, quoted = line.partition(" ")
        if keyword in ("msgid", "msgctxt") and "msgstr" in "".join(values):
            flush()
            values = {}
        field = keyword
        values[field] = ast.literal_eval(quoted)
    flush()
    return found


def offending(pattern) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}: {msgid!r} → {msgstr!r}"
        for path in CATALOGUES
        for msgid, msgstr in messages(path)
        if pattern.search(msgstr)
    ]


def test_the_polish_catalogues_are_all_scanned():
    assert ROOT / "locale/pl/LC_MESSAGES/django.po" in CATALOGUES
    assert len(CATALOGUES) >= 8
    assert ("Ledger", "Kartoteka") in messages(ROOT / "locale/pl/LC_MESSAGES/django.po")


def test_no_polish_message_has_a_bracketed_gender_form():
    assert offending(BRACKETED_GENDER) == []


def test_no_polish_message_addresses_the_reader_in_a_gendered_past_tense():
    assert offending(GENDERED_YOU) == []


def test_no_polish_message_addresses_the_reader_as_pan_or_pani():
    assert offending(PAN_PANI) == []


def test_the_scan_would_find_a_bracketed_gender_form(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "You logged in."\nmsgstr ""\n"Zalogowałeś(-aś) się."\n',
        encoding="utf-8",
    )
    assert messages(po) == [("You logged in.", "Zalogowałeś(-aś) się.")]
    assert BRACKETED_GENDER.search(messages(po)[0][1])


def main_text(client, user, url) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


TENANT_PAGES = sorted({*LEDGER_PAGES, *OWN_LEDGER_PAGES})


@pytest.mark.parametrize("name", TENANT_PAGES)
def test_a_tenant_page_never_calls_the_tenant_kontrahent(client, people, history, name):
    text = main_text(client, people.tenant, url_of(name, history))
    assert "kontrahent" not in text.lower(), name


@pytest.mark.parametrize(
    "kind, word",
    [("lease", "Najemca"), ("tenancy", "Dzierżawca"), ("no_title", "Użytkownik lokalu")],
)
def test_the_panel_names_the_tenant_by_the_kind_of_the_contract(
    client, people, history, kind, word
):
    Contract.objects.filter(pk=history.ledger.contract_id).update(kind=kind)
    text = main_text(client, people.tenant, reverse("portal:panel", args=[history.ledger.pk]))
    assert f" {word} {people.tenant.account.contractor.name} " in text


@pytest.mark.parametrize(
    "name, with_ledger",
    [
        ("meters:readings", True),
        ("settlements:portal_list", True),
        ("access:settings", False),
        ("privacy:my_data", False),
    ],
)
def test_the_other_pages_of_the_tenant_never_call_the_tenant_kontrahent(
    client, people, history, name, with_ledger
):
    url = reverse(name, args=[history.ledger.pk] if with_ledger else [])
    assert "kontrahent" not in main_text(client, people.tenant, url).lower(), name
