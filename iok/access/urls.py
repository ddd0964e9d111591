from django.contrib.auth import views as auth_views
from django.urls import path

from iok.access.views import application, office

app_name = "access"

urlpatterns = [
    path("logowanie/", auth_views.LoginView.as_view(), name="login"),
    path("wylogowanie/", auth_views.LogoutView.as_view(), name="logout"),
    path("wniosek/", application.request_form, name="request_form"),
    path("wniosek/wyslany/", application.request_sent, name="request_sent"),
    path("wniosek.pdf", application.request_pdf, name="request_pdf"),
    path("obsluga/wnioski/", office.requests, name="office_requests"),
    path("obsluga/wnioski/nowy/", office.new_request, name="office_new_request"),
    path("obsluga/wnioski/<int:pk>/", office.request_detail, name="office_request"),
    path("obsluga/wnioski/<int:pk>/zatwierdz/", office.approve, name="office_approve"),
    path("obsluga/wnioski/<int:pk>/odrzuc/", office.reject, name="office_reject"),
    path("obsluga/loginy/", office.accounts, name="office_accounts"),
    path("obsluga/loginy/<int:pk>/", office.account_detail, name="office_account"),
    path("obsluga/loginy/<int:pk>/nowe-haslo/", office.new_password, name="office_new_password"),
    path("obsluga/loginy/<int:pk>/pismo.pdf", office.letter, name="office_letter"),
]
