from django.urls import path

from leverantorer import views

app_name = "leverantorer"

# The supplier page itself (leverantorer:detail) is mounted by oversikt.urls.

urlpatterns = [
    path("", views.leverantor_list, name="list"),
    path("ny/", views.leverantor_create, name="create"),
    path("<int:pk>/andra/", views.leverantor_update, name="update"),
    path(
        "<int:leverantor_pk>/verksamheter/ny/",
        views.verksamhet_create,
        name="verksamhet_create",
    ),
    path(
        "<int:leverantor_pk>/verksamheter/<int:pk>/andra/",
        views.verksamhet_update,
        name="verksamhet_update",
    ),
    path(
        "<int:leverantor_pk>/foretradare/ny/",
        views.foretradare_create,
        name="foretradare_create",
    ),
    path(
        "<int:leverantor_pk>/foretradare/<int:pk>/andra/",
        views.foretradare_update,
        name="foretradare_update",
    ),
    path("<int:leverantor_pk>/avtal/nytt/", views.avtal_create, name="avtal_create"),
    path(
        "<int:leverantor_pk>/avtal/<int:pk>/andra/",
        views.avtal_update,
        name="avtal_update",
    ),
    path("avtal/<int:pk>/", views.avtal_detail, name="avtal"),
    path("avtal/<int:pk>/beslut/", views.beslut_create, name="beslut_create"),
    path("placeringar/", views.placering_list, name="placering_list"),
    path("placeringar/ny/", views.placering_create, name="placering_create"),
    path("placeringar/<int:pk>/", views.placering_detail, name="placering"),
    path("placeringar/<int:pk>/andra/", views.placering_update, name="placering_update"),
    path("urval/", views.urval_view, name="urval"),
    path("import/", views.import_upload, name="import"),
    path("import/bekrafta/", views.import_confirm, name="import_confirm"),
]
