from django.urls import path

from iok.office import views

app_name = "office"

urlpatterns = [
    path("wyciagi/", views.upload, name="statement_upload"),
    path("wyciagi/<int:pk>/", views.preview, name="statement_preview"),
    path("wyciagi/<int:pk>/importuj/", views.confirm, name="statement_confirm"),
    path("wplaty/", views.queue, name="payment_queue"),
    path("wplaty/<int:pk>/przypisz/", views.assign, name="payment_assign"),
    path("wplaty/<int:pk>/odloz/", views.set_aside, name="payment_set_aside"),
]
