import datetime

import pytest
from django.core.exceptions import ValidationError

from iok.periods import Period
from iok.registry.models import Contract, Contractor


def company(**fields):
    defaults = {
        "kind": "company",
        "company_name": "Piekarnia Kłos sp. z o.o.",
        "nip": "5260250274",
        "street": "ul. Lipowa 3",
        "postal_code": "15-424",
        "city": "Białystok",
    }
    return Contractor(**{**defaults, **fields})


def test_a_person_with_a_valid_pesel_is_accepted(tenant):
    assert tenant.pesel == "85071412341"
    assert tenant.name == "Anna Kowalska"


def test_a_pesel_with_a_wrong_check_digit_is_refused_with_its_number(db):
    person = Contractor(
        kind="person",
        first_name="Jan",
        last_name="Nowak",
        pesel="85071412344",
        street="ul. Lipowa 1",
        postal_code="15-424",
        city="Białystok",
    )
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "85071412344" in str(error.value.message_dict["pesel"])


def test_a_person_needs_a_pesel(db):
    person = Contractor(
        kind="person",
        first_name="Jan",
        last_name="Nowak",
        street="x",
        postal_code="15-424",
        city="Białystok",
    )
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "pesel" in error.value.message_dict


def test_a_company_nip_is_validated_and_stored_compact(db):
    firm = company(nip="526-025-02-74", regon="012345678")
    with pytest.raises(ValidationError) as error:
        firm.full_clean()
    assert set(error.value.message_dict) == {"regon"}
    firm = company(nip="526-025-02-74", regon="")
    firm.full_clean()
    assert firm.nip == "5260250274"


def test_a_wrong_nip_is_refused(db):
    with pytest.raises(ValidationError) as error:
        company(nip="5260250275").full_clean()
    assert "nip" in error.value.message_dict


def test_contract_activity_in_a_month(contract):
    contract.end = datetime.date(2026, 11, 10)
    contract.save()
    assert Contract.objects.active_in(Period(2026, 11)).filter(pk=contract.pk).exists()
    assert not Contract.objects.active_in(Period(2026, 12)).filter(pk=contract.pk).exists()


def test_contract_cannot_end_before_it_starts(contract):
    contract.end = datetime.date(2019, 1, 1)
    with pytest.raises(ValidationError):
        contract.full_clean()


def test_a_contract_has_one_main_tenant_and_co_tenants(contract, tenant, co_tenant):
    assert contract.main_tenant == tenant
    assert set(contract.parties.all()) == {tenant, co_tenant}
