from django.urls import path

from iok.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("deklaracja-dostepnosci/", views.accessibility, name="accessibility"),
]
