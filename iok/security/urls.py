from django.urls import path

from iok.security import views

app_name = "security"

urlpatterns = [
    path("konto/dwa-etapy/", views.two_factor, name="settings"),
    path("konto/dwa-etapy/konfiguracja/", views.setup, name="setup"),
    path("konto/dwa-etapy/weryfikacja/", views.verify, name="verify"),
    path("konto/dwa-etapy/kody/", views.recovery_codes, name="recovery_codes"),
    path("konto/dwa-etapy/kody/nowe/", views.new_recovery_codes, name="new_recovery_codes"),
    path("konto/dwa-etapy/wylacz/", views.disable, name="disable"),
]
