from django.urls import path

from uppfoljning import atkomst_views as views

app_name = "atkomstlogg"

urlpatterns = [path("", views.atkomst_list, name="list")]
