from django.urls import path

from administration import views

app_name = "administration"

urlpatterns = [
    path("anvandare/", views.anvandare_list, name="anvandare_list"),
    path("anvandare/ny/", views.anvandare_create, name="anvandare_create"),
    path("anvandare/<int:pk>/", views.anvandare_detail, name="anvandare"),
    path("anvandare/<int:pk>/andra/", views.anvandare_update, name="anvandare_update"),
    path("anvandare/<int:pk>/inbjudan/", views.anvandare_inbjudan, name="anvandare_inbjudan"),
    path("anvandare/<int:pk>/avaktivera/", views.anvandare_avaktivera, name="anvandare_avaktivera"),
    path("anvandare/<int:pk>/aktivera/", views.anvandare_aktivera, name="anvandare_aktivera"),
    path("kommun/", views.kommun_installningar, name="kommun"),
    path("kommun/logotyp/", views.logotyp, name="logotyp"),
]
