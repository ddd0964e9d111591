from django.urls import path

from iok.settlements import views

app_name = "settlements"

# The office's pages; the tenant's (portal_list, portal_detail, portal_pdf)
# are declared by the portal (iok/portal/urls.py) in this same namespace.
urlpatterns = [
    path("biuro/rozliczenia/", views.runs, name="runs"),
    path("biuro/rozliczenia/nowe/", views.run_new, name="run_new"),
    path("biuro/rozliczenia/nowe/podglad/", views.run_preview, name="run_preview"),
    path("biuro/rozliczenia/nowe/zatwierdz/", views.run_confirm, name="run_confirm"),
    path("biuro/rozliczenia/<int:pk>/", views.run, name="run"),
    path("biuro/rozliczenia/<int:pk>/zaliczki/", views.run_apply, name="run_apply"),
    path("biuro/rozliczenia/dokument/<int:pk>/", views.settlement, name="settlement"),
]
