from django.urls import path

from ramavtal import views

app_name = "ramavtal"

urlpatterns = [
    path("", views.ramavtal_list, name="list"),
    path("nytt/", views.RamavtalCreate.as_view(), name="create"),
    path("<int:pk>/", views.ramavtal_detail, name="detail"),
    path("<int:pk>/andra/", views.RamavtalUpdate.as_view(), name="update"),
    path("<int:pk>/avtalsomrade/", views.AvtalsomradeCreate.as_view(), name="avtalsomrade_create"),
    path("<int:pk>/niva/", views.NivaCreate.as_view(), name="niva_create"),
    path("<int:pk>/riskbedomning/", views.RiskbedomningCreate.as_view(), name="risk_create"),
]
