from django.urls import path

from iok.meters import portal_views

app_name = "meters"

urlpatterns = [
    path("kartoteka/<int:ledger_pk>/odczyty/", portal_views.readings, name="readings"),
    path(
        "kartoteka/<int:ledger_pk>/odczyty/<int:meter_pk>/samoodczyt/",
        portal_views.self_reading,
        name="self_reading",
    ),
]
