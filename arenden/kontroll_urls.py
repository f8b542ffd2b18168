"""The IVO and credit check pages, mounted under /leverantorer/ in uppfoljning/urls.py.

They keep the paths they had while the checks lived in the register, so
bookmarks and links in old e-mails still work; their names are `kontroller:…`.
"""

from django.urls import path

from arenden.views import kontroller as views

app_name = "kontroller"

urlpatterns = [
    path(
        "verksamheter/<int:verksamhet_pk>/kontrollera/",
        views.kontrollera_nu,
        name="kontrollera_nu",
    ),
    path("kontroller/", views.svep_list, name="svep_list"),
    path("kontroller/starta/", views.svep_start, name="svep_start"),
    path("kontroller/fil/", views.kontrollfil_upload, name="kontrollfil"),
    path("kontroller/<int:pk>/", views.svep_detail, name="svep"),
    path("kontroller/<int:pk>/status/", views.svep_status, name="svep_status"),
    path(
        "kontroller/<str:typ>/<int:pk>/underlag/",
        views.kontroll_underlag,
        name="kontroll_underlag",
    ),
]
