"""A test-only API with one write, built from the framework as the real
writes are: idempotent, atomic, its validation errors naming the field.
Mounted by `@pytest.mark.urls("tests.api.write_api")`."""

from django.urls import include, path
from ninja import Field, Router, Schema

from iok.api.api import IokAPI
from iok.api.auth import needs
from iok.api.errors import install, invalid
from iok.api.framework import AmountIn, answers
from iok.api.idempotency import IdempotencyKey, idempotent
from iok.api.scopes import Scope
from iok.registry.models import Building

test_api = IokAPI(title="test", urls_namespace="api_test", docs_url=None)
install(test_api)
router = Router()


class BuildingIn(Schema):
    city: str = Field(max_length=60)
    street: str = Field(max_length=100)
    number: str = Field(max_length=10)
    postal_code: str = Field(max_length=6)
    fail_after_saving: bool = False
    price: AmountIn | None = None


class BuildingMade(Schema):
    id: int
    address: str


@router.post(
    "/buildings",
    auth=needs(Scope.WRITE_REGISTRY),
    response=answers(BuildingMade, writes=True, status=201),
)
@idempotent
def make_building(request, payload: BuildingIn, idempotency_key: IdempotencyKey):
    building = Building(
        city=payload.city, street=payload.street, number=payload.number,
        postal_code=payload.postal_code,
    )  # fmt: skip
    building.full_clean()
    building.save()
    if payload.fail_after_saving:
        raise invalid("fail_after_saving", "refused after the building was saved")
    return 201, BuildingMade(id=building.pk, address=str(building))


test_api.add_router("", router)
urlpatterns = [path("api/test/", test_api.urls), path("", include("iok.urls"))]
