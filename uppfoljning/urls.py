from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from uppfoljning import views

admin.site.site_header = "Uppföljning – administration"
admin.site.site_title = "Uppföljning"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("konto/logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "konto/byt-losenord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "konto/byt-losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("ramavtal/", include("ramavtal.urls")),
    path("leverantorer/", include("leverantorer.urls")),
    path("uppfoljning/", include("arenden.urls")),
    path("rapporter/", include("rapporter.urls")),
    path("ordlistor/", include("uppfoljning.ordlista_urls")),
    path("admin/", admin.site.urls),
]
