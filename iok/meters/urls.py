from django.urls import path

from iok.meters import views

app_name = "meters"

# The office's pages; the tenant's (readings, self_reading) are declared by
# the portal (iok/portal/urls.py) in this same namespace.
urlpatterns = [
    path("biuro/liczniki/", views.search, name="search"),
    path("biuro/liczniki/<int:pk>/", views.meter, name="meter"),
    path("biuro/liczniki/<int:pk>/odczyt/", views.add_reading, name="add_reading"),
    path("biuro/liczniki/<int:pk>/wymiana/", views.replace, name="replace"),
    path("biuro/liczniki/legalizacja/", views.legalisation, name="legalisation"),
    path("biuro/liczniki/odczyty/", views.queue, name="queue"),
    path("biuro/liczniki/odczyty/<int:pk>/przyjmij/", views.accept, name="accept"),
    path("biuro/liczniki/odczyty/<int:pk>/odrzuc/", views.reject, name="reject"),
    path("biuro/liczniki/odczyty/<int:pk>/zdjecie/", views.photo, name="photo"),
    path("biuro/liczniki/import/", views.upload, name="import"),
    path("biuro/liczniki/import/<int:pk>/", views.preview, name="import_preview"),
    path("biuro/liczniki/import/<int:pk>/importuj/", views.confirm, name="import_confirm"),
]
