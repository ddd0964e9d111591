from django.urls import path

from iok.settlements import views

app_name = "settlements"

urlpatterns = [
    path("kartoteka/<int:ledger_pk>/rozliczenia/", views.portal_list, name="portal_list"),
    path(
        "kartoteka/<int:ledger_pk>/rozliczenia/<int:pk>/", views.portal_detail, name="portal_detail"
    ),
    path(
        "kartoteka/<int:ledger_pk>/rozliczenia/<int:pk>/pdf/", views.portal_pdf, name="portal_pdf"
    ),
]
