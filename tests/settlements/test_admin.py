"""Staff keep supplier prices and norms in the admin; nobody deletes one, and
runs and settlements are only read there."""

import datetime
from decimal import Decimal

from django.urls import reverse

from iok.settlements.models import SupplierPrice
from tests.settlements.conftest import component


def test_a_clerk_adds_a_supplier_price_in_the_admin(client, people):
    client.force_login(people.clerk)
    response = client.post(
        reverse("admin:settlements_supplierprice_add"),
        {
            "component": component("cold_water").pk,
            "price": "6,10",
            "valid_from": "01.01.2027",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    price = SupplierPrice.objects.get()
    assert (price.price, price.valid_from) == (Decimal("6.10"), datetime.date(2027, 1, 1))


def test_nobody_deletes_a_price_and_runs_are_only_read(client, people, prices):
    client.force_login(people.clerk)
    price = SupplierPrice.objects.first()
    delete = reverse("admin:settlements_supplierprice_delete", args=[price.pk])
    assert client.get(delete).status_code == 403
    assert client.get(reverse("admin:settlements_settlementrun_changelist")).status_code == 200
    assert client.get(reverse("admin:settlements_settlementrun_add")).status_code == 403


def test_city_hall_reads_prices_and_cannot_change_them(client, people, prices):
    client.force_login(people.official)
    price = SupplierPrice.objects.first()
    page = client.get(reverse("admin:settlements_supplierprice_change", args=[price.pk]))
    assert page.status_code == 200 and 'name="price"' not in page.text
