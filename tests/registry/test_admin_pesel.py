"""The demo town's contractor list in the admin, as the clerk and the City
Hall official see it: no whole PESEL on it, each one masked."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from iok.registry.admin import mask_pesel
from iok.registry.models import Contractor
from tests.demo.test_demo import UNTIL, demo


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["pracownik", "urzednik"])
def test_the_demo_town_s_contractor_list_shows_no_whole_pesel(client, login):
    demo(f"--until={UNTIL}", seed=5, premises=12)
    client.force_login(get_user_model().objects.get(username=login))
    page = client.get(reverse("admin:registry_contractor_changelist"), {"all": ""})
    assert page.status_code == 200
    html = page.content.decode()
    with_pesel = Contractor.objects.exclude(pesel="")
    assert with_pesel.count() > 5
    for contractor in with_pesel:
        assert contractor.pesel not in html
        assert mask_pesel(contractor.pesel) in html
