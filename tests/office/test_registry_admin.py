"""The registry in the admin, opened by a clerk and by City Hall: search by
name, PESEL, NIP, address, contract number and virtual account number; a
contractor's page links to their contracts and ledgers."""

import pytest
from django.urls import reverse

from iok.ledger.models import Ledger

SEARCHES = {
    "registry_contractor": ["Kowalska", "85071412341", "Mickiewicza", "M/2020/0001"],
    "registry_contract": ["M/2020/0001", "Kowalska", "83030512372", "Mickiewicza"],
    "registry_premises": ["Mickiewicza", "M/2020/0001", "Kowalska"],
    "ledger_ledger": ["M/2020/0001", "Kowalska", "85071412341", "Mickiewicza"],
}
ADDRESS = "Mickiewicza"  # the stranger's flat is in the same building


def tenants(model, ledger):
    """The object of the tenant's that a search on `model` should find."""
    return {
        "registry_contractor": ledger.contract.main_tenant,
        "registry_contract": ledger.contract,
        "registry_premises": ledger.contract.premises,
        "ledger_ledger": ledger,
    }[model]


def printed(account: str) -> str:
    return "PL" + account[:2] + " " + " ".join(account[i : i + 4] for i in range(2, 26, 4))


@pytest.mark.parametrize("who", ["clerk", "official"])
@pytest.mark.parametrize("model", sorted(SEARCHES))
def test_the_registry_is_found_by_every_way_a_clerk_asks(client, people, books, model, who):
    client.force_login(getattr(people, who))
    url = reverse(f"admin:{model}_changelist")
    wanted, theirs = tenants(model, books.ledger), tenants(model, books.strangers)
    for term in [*SEARCHES[model], printed(books.ledger.virtual_account)]:
        page = client.get(url, {"q": term})
        assert page.status_code == 200
        found = list(page.context["cl"].queryset)
        assert wanted in found, term
        assert term == ADDRESS or theirs not in found, term


def test_a_nip_finds_a_company(client, people, db):
    from iok.registry.models import Contractor

    firm = Contractor(
        kind="company",
        company_name="Piekarnia Złoty Kłos",
        nip="5260250995",
        street="ul. Lipowa 1",
        postal_code="15-424",
        city="Białystok",
    )
    firm.full_clean()
    firm.save()
    client.force_login(people.clerk)
    page = client.get(reverse("admin:registry_contractor_changelist"), {"q": "5260250995"})
    assert "Piekarnia Złoty Kłos" in page.content.decode()


def test_a_contractors_page_links_to_each_contract_and_ledger(client, people, books):
    client.force_login(people.clerk)
    contractor = people.tenant.account.contractor
    page = client.get(reverse("admin:registry_contractor_change", args=[contractor.pk]))
    text = page.content.decode()
    ledger = Ledger.objects.get(contract__number="M/2020/0001")
    assert reverse("admin:registry_contract_change", args=[ledger.contract_id]) in text
    assert reverse("admin:ledger_ledger_change", args=[ledger.pk]) in text
    assert reverse("office:tenant_kartoteka", args=[ledger.pk]) in text
    assert reverse("office:tenant_kartoteka", args=[books.strangers.pk]) not in text


def test_a_contractors_page_links_to_their_personal_data_export(client, people, books):
    client.force_login(people.clerk)
    tenant = books.ledger.contract.main_tenant
    html = client.get(reverse("admin:registry_contractor_change", args=[tenant.pk])).text
    assert f'href="{reverse("office:privacy:contractor_data", args=[tenant.pk])}"' in html
