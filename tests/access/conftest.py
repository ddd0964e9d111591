"""The applicant: a contractor without a login, main tenant of a garage,
who asks for access; and the request they send."""

import datetime

import pytest

from iok.access.models import AccessRequest
from iok.registry.models import Premises
from tests.conftest import make_contract, person


@pytest.fixture
def applicant(people, building):
    contractor = person("Zofia", "Wiśniewska", "72050945620")
    garage = Premises.objects.create(building=building, kind="garage", number="G3")
    make_contract("G/2024/0003", garage, datetime.date(2024, 4, 1), contractor)
    return contractor


@pytest.fixture
def access_request(applicant):
    return AccessRequest.objects.create(
        first_name="Zofia",
        last_name="Wiśniewska",
        pesel="72050945620",
        premises_address="ul. Mickiewicza 12, garaż G3, Białystok",
        contract_number="G/2024/0003",
        email="zofia@example.pl",
        phone="600 100 200",
        consents_to_electronic_correspondence=True,
    )


@pytest.fixture
def confirmed(people):
    """The tenant's login with a confirmed e-mail address, anna@example.pl."""
    user = people.tenant
    user.email = "anna@example.pl"
    user.save()
    user.account.email_confirmed = True
    user.account.save()
    return user
