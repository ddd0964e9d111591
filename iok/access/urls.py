from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "access"

urlpatterns = [
    path("logowanie/", auth_views.LoginView.as_view(), name="login"),
    path("wylogowanie/", auth_views.LogoutView.as_view(), name="logout"),
]
