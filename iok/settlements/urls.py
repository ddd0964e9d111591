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
    path("biuro/rozliczenia/", views.runs, name="runs"),
    path("biuro/rozliczenia/nowe/", views.run_new, name="run_new"),
    path("biuro/rozliczenia/nowe/podglad/", views.run_preview, name="run_preview"),
    path("biuro/rozliczenia/nowe/zatwierdz/", views.run_confirm, name="run_confirm"),
    path("biuro/rozliczenia/<int:pk>/", views.run, name="run"),
    path("biuro/rozliczenia/<int:pk>/zaliczki/", views.run_apply, name="run_apply"),
    path("biuro/rozliczenia/dokument/<int:pk>/", views.settlement, name="settlement"),
]
