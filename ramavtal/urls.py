from django.urls import path

from ramavtal import views

app_name = "ramavtal"

urlpatterns = [
    path("", views.ramavtal_list, name="list"),
    path("nytt/", views.ramavtal_create, name="create"),
    path("<int:pk>/", views.ramavtal_detail, name="detail"),
    path("<int:pk>/andra/", views.ramavtal_update, name="update"),
    path("<int:pk>/avtalsomrade/", views.avtalsomrade_create, name="avtalsomrade_create"),
    path(
        "<int:pk>/avtalsomrade/<int:omrade_pk>/andra/",
        views.avtalsomrade_update,
        name="avtalsomrade_update",
    ),
    path("<int:pk>/niva/", views.niva_create, name="niva_create"),
    path("<int:pk>/riskbedomning/", views.riskbedomning_create, name="risk_create"),
]
