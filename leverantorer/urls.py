from django.urls import path

from leverantorer import import_views, views

app_name = "leverantorer"

urlpatterns = [
    path("", views.leverantor_list, name="list"),
    path("ny/", views.LeverantorCreate.as_view(), name="create"),
    path("<int:pk>/", views.leverantor_detail, name="detail"),
    path("<int:pk>/andra/", views.LeverantorUpdate.as_view(), name="update"),
    path(
        "<int:leverantor_pk>/verksamheter/ny/",
        views.VerksamhetCreate.as_view(),
        name="verksamhet_create",
    ),
    path(
        "<int:leverantor_pk>/verksamheter/<int:pk>/andra/",
        views.VerksamhetUpdate.as_view(),
        name="verksamhet_update",
    ),
    path(
        "<int:leverantor_pk>/foretradare/ny/",
        views.ForetradareCreate.as_view(),
        name="foretradare_create",
    ),
    path(
        "<int:leverantor_pk>/foretradare/<int:pk>/andra/",
        views.ForetradareUpdate.as_view(),
        name="foretradare_update",
    ),
    path("<int:leverantor_pk>/avtal/nytt/", views.AvtalCreate.as_view(), name="avtal_create"),
    path(
        "<int:leverantor_pk>/avtal/<int:pk>/andra/",
        views.AvtalUpdate.as_view(),
        name="avtal_update",
    ),
    path("avtal/<int:pk>/", views.avtal_detail, name="avtal"),
    path("avtal/<int:pk>/beslut/", views.beslut_create, name="beslut_create"),
    path("placeringar/", views.placering_list, name="placering_list"),
    path("placeringar/ny/", views.PlaceringCreate.as_view(), name="placering_create"),
    path("placeringar/<int:pk>/", views.placering_detail, name="placering"),
    path("placeringar/<int:pk>/andra/", views.PlaceringUpdate.as_view(), name="placering_update"),
    path("urval/", views.urval_view, name="urval"),
    path("import/", import_views.import_upload, name="import"),
    path("import/bekrafta/", import_views.import_confirm, name="import_confirm"),
]
