from django.urls import path

from iok.privacy import views

app_name = "privacy"

# The office's pages; the tenant's own (my_data, my_data_json, my_data_pdf)
# are declared by the portal (iok/portal/urls.py) in this same namespace.
urlpatterns = [
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
