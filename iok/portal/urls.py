"""Every page a tenant sees. The kartoteka's pages and the accessibility
statement are in the portal's namespace; the readings, the settlements and
the tenant's own data keep the names they have always had (meters:readings,
settlements:portal_list, privacy:my_data), so the site's URLconf mounts these
lists in those namespaces (iok/urls.py)."""

from django.urls import path

from iok.portal.views import accessibility, contract, kartoteka, my_data, panel, readings
from iok.portal.views import settlements as settlements_views

app_name = "portal"

urlpatterns = [
    path("", panel.home, name="home"),
    path("kartoteka/<int:ledger_pk>/", panel.panel, name="panel"),
    path("kartoteka/<int:ledger_pk>/operacje/", kartoteka.kartoteka, name="kartoteka"),
    path("kartoteka/<int:ledger_pk>/operacje/<int:pk>/", kartoteka.entry, name="entry"),
    path(
        "kartoteka/<int:ledger_pk>/miesiace/",
        kartoteka.kartoteka_months,
        name="kartoteka_months",
    ),
    path("kartoteka/<int:ledger_pk>/lata/", kartoteka.kartoteka_years, name="kartoteka_years"),
    path("kartoteka/<int:ledger_pk>/lokal-i-umowa/", contract.contract, name="contract"),
    path("deklaracja-dostepnosci/", accessibility.accessibility, name="accessibility"),
]

# namespace "meters", mounted at /
meters = [
    path("kartoteka/<int:ledger_pk>/odczyty/", readings.readings, name="readings"),
    path(
        "kartoteka/<int:ledger_pk>/odczyty/<int:meter_pk>/samoodczyt/",
        readings.self_reading,
        name="self_reading",
    ),
]

# namespace "settlements", mounted at /
settlements = [
    path(
        "kartoteka/<int:ledger_pk>/rozliczenia/",
        settlements_views.portal_list,
        name="portal_list",
    ),
    path(
        "kartoteka/<int:ledger_pk>/rozliczenia/<int:pk>/",
        settlements_views.portal_detail,
        name="portal_detail",
    ),
    path(
        "kartoteka/<int:ledger_pk>/rozliczenia/<int:pk>/pdf/",
        settlements_views.portal_pdf,
        name="portal_pdf",
    ),
]

# namespace "privacy", mounted at /
privacy = [
    path("konto/moje-dane/", my_data.my_data, name="my_data"),
    path("konto/moje-dane/dane.json", my_data.my_data_json, name="my_data_json"),
    path("konto/moje-dane/dane.pdf", my_data.my_data_pdf, name="my_data_pdf"),
]
