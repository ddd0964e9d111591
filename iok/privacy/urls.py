from django.urls import path

from iok.privacy import views

app_name = "privacy"

urlpatterns = [
    path("konto/moje-dane/", views.my_data, name="my_data"),
    path("konto/moje-dane/dane.json", views.my_data_json, name="my_data_json"),
    path("konto/moje-dane/dane.pdf", views.my_data_pdf, name="my_data_pdf"),
    path(
        "biuro/kontrahenci/<int:pk>/dane-osobowe/",
        views.contractor_data,
        name="office_contractor_data",
    ),
    path(
        "biuro/kontrahenci/<int:pk>/dane-osobowe/dane.json",
        views.contractor_data_json,
        name="office_contractor_data_json",
    ),
    path(
        "biuro/kontrahenci/<int:pk>/dane-osobowe/dane.pdf",
        views.contractor_data_pdf,
        name="office_contractor_data_pdf",
    ),
]
