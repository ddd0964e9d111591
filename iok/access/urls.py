from django.contrib.auth import views as auth_views
from django.urls import path

from iok.access.views import application

app_name = "access"

urlpatterns = [
    path("logowanie/", auth_views.LoginView.as_view(), name="login"),
    path("wylogowanie/", auth_views.LogoutView.as_view(), name="logout"),
    path("wniosek/", application.request_form, name="request_form"),
    path("wniosek/wyslany/", application.request_sent, name="request_sent"),
    path("wniosek.pdf", application.request_pdf, name="request_pdf"),
]
