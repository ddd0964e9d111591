from django.urls import path

from iok.office import billing_views, correction_views, home_views
from iok.office.views import kartoteka
from iok.office.views import payments as views

app_name = "office"

urlpatterns = [
    path("", home_views.home, name="home"),
    path("zaleglosci/", home_views.arrears, name="arrears"),
    path("naliczenia/", billing_views.billing, name="billing"),
    path("naliczenia/zaksieguj/", billing_views.book, name="billing_book"),
    path("wyciagi/", views.upload, name="statement_upload"),
    path("wyciagi/<int:pk>/", views.preview, name="statement_preview"),
    path("wyciagi/<int:pk>/importuj/", views.confirm, name="statement_confirm"),
    path("wyciagi/historia/", views.statement_list, name="statement_list"),
    path("wyciagi/historia/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("wplaty/", views.queue, name="payment_queue"),
    path("wplaty/<int:pk>/przypisz/", views.assign, name="payment_assign"),
    path("wplaty/<int:pk>/odloz/", views.set_aside, name="payment_set_aside"),
    path("korekty/", correction_views.find, name="corrections"),
    path("korekty/<int:pk>/", correction_views.new, name="correction_new"),
    path("korekty/<int:pk>/zatwierdz/", correction_views.confirm, name="correction_confirm"),
    *kartoteka.urlpatterns_under_biuro(),
]
