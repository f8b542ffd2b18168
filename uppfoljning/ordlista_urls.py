from django.urls import path

from uppfoljning import ordlista_views as views

app_name = "ordlistor"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.lista_detail, name="lista"),
    path("<slug:slug>/ny/", views.ord_create, name="create"),
    path("<slug:slug>/<int:pk>/andra/", views.ord_update, name="update"),
    path("<slug:slug>/<int:pk>/aktiv/", views.ord_toggle, name="toggle"),
]
