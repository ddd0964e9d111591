from django.urls import path

from iok.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("kartoteka/<int:ledger_pk>/", views.panel, name="panel"),
    path("kartoteka/<int:ledger_pk>/operacje/", views.kartoteka, name="kartoteka"),
    path("kartoteka/<int:ledger_pk>/operacje/<int:pk>/", views.entry, name="entry"),
    path("kartoteka/<int:ledger_pk>/miesiace/", views.kartoteka_months, name="kartoteka_months"),
    path("kartoteka/<int:ledger_pk>/lata/", views.kartoteka_years, name="kartoteka_years"),
    path("kartoteka/<int:ledger_pk>/lokal-i-umowa/", views.contract, name="contract"),
    path("deklaracja-dostepnosci/", views.accessibility, name="accessibility"),
]
