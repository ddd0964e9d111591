from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from iok.access.forms import LoginForm, NewPasswordForm, ResetPasswordForm
from iok.access.views import account, application, two_step

app_name = "access"

RESET_HOURS = {"hours": settings.PASSWORD_RESET_TIMEOUT // 3600}

login = auth_views.LoginView.as_view(form_class=LoginForm, redirect_authenticated_user=True)
reset = account.PasswordResetView.as_view(
    form_class=ResetPasswordForm,
    template_name="access/password_reset.html",
    success_url=reverse_lazy("access:password_reset_sent"),
    extra_email_context=RESET_HOURS,
)
reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="access/password_reset_sent.html", extra_context=RESET_HOURS
)
reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=NewPasswordForm,
    template_name="access/password_reset_confirm.html",
    success_url=reverse_lazy("access:password_reset_complete"),
)
reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="access/password_reset_complete.html"
)

urlpatterns = [
    path("logowanie/", login, name="login"),
    path("wylogowanie/", auth_views.LogoutView.as_view(), name="logout"),
    path("wniosek/", application.request_form, name="request_form"),
    path("wniosek/wyslany/", application.request_sent, name="request_sent"),
    path("wniosek.pdf", application.request_pdf, name="request_pdf"),
    path("haslo/", account.password_change, name="password_change"),
    path("haslo/reset/", reset, name="password_reset"),
    path("haslo/reset/wyslany/", reset_sent, name="password_reset_sent"),
    path("haslo/reset/<uidb64>/<token>/", reset_confirm, name="password_reset_confirm"),
    path("haslo/reset/gotowe/", reset_complete, name="password_reset_complete"),
    path("regulamin/", account.terms, name="terms"),
    path("regulamin/akceptacja/", account.accept_terms, name="accept_terms"),
    path("ustawienia/", account.account_settings, name="settings"),
    path("ustawienia/email/", account.change_email, name="change_email"),
    path("email/<str:token>/", account.confirm_email, name="confirm_email"),
]

# The second step's pages, under /konto/ too, by their names of old
# (security:settings, ...): the site's URLconf mounts them in that namespace.
two_step_urlpatterns = [
    path("dwa-etapy/", two_step.two_factor, name="settings"),
    path("dwa-etapy/konfiguracja/", two_step.setup, name="setup"),
    path("dwa-etapy/weryfikacja/", two_step.verify, name="verify"),
    path("dwa-etapy/kody/", two_step.recovery_codes, name="recovery_codes"),
    path("dwa-etapy/kody/nowe/", two_step.new_recovery_codes, name="new_recovery_codes"),
    path("dwa-etapy/wylacz/", two_step.disable, name="disable"),
]
