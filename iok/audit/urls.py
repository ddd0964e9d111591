from django.urls import path

from iok.audit import views

app_name = "audit"

urlpatterns = [
    path("biuro/audyt/", views.events, name="events"),
]
