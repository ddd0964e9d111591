from django.urls import path

from iok.privacy import views

app_name = "privacy"

urlpatterns = [
    path("konto/moje-dane/", views.my_data, name="my_data"),
    path("konto/moje-dane/dane.json", views.my_data_json, name="my_data_json"),
    path("konto/moje-dane/dane.pdf", views.my_data_pdf, name="my_data_pdf"),
]
