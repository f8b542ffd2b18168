"""The root URLconf: every app's pages under their prefix (the top layer)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from administration import sso_views
from administration import views as administration_views
from leverantorer import urls as leverantorer_urls
from oversikt import views
from uppfoljning import views as uppfoljning_views

admin.site.site_header = "Uppföljning – administration"
admin.site.site_title = "Uppföljning"

# The supplier page gathers from the follow-up, so it lives in this top layer; it
# keeps its place among the register's pages (/leverantorer/<pk>/, leverantorer:detail).
leverantorer_patterns = [
    path("<int:pk>/", views.leverantor_detail, name="detail"),
    *leverantorer_urls.urlpatterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", uppfoljning_views.healthz, name="healthz"),
    # Django's own auth views stay class-based; the project's own views are functions.
    path("konto/logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    # Single sign-on (OpenID Connect); both answer 404 unless OIDC_ENABLED.
    # The names are mozilla-django-oidc's own, which its views reverse.
    path(
        "oidc/authenticate/",
        sso_views.KommunkontoStartView.as_view(),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        sso_views.KommunkontoCallbackView.as_view(),
        name="oidc_authentication_callback",
    ),
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
    # The invite link: a new user sets a password (no login, token in the URL).
    path(
        "konto/satt-losenord/<uidb64>/<token>/",
        administration_views.SattLosenordView.as_view(),
        name="satt_losenord",
    ),
    path(
        "konto/satt-losenord/klart/",
        administration_views.SattLosenordKlartView.as_view(),
        name="satt_losenord_klart",
    ),
    # Open only while the database has no user at all (else 404).
    path("forsta-start/", administration_views.forsta_start, name="forsta_start"),
    path("administration/atkomstlogg/", include("uppfoljning.atkomst_urls")),
    path("administration/", include("administration.urls")),
    path("ramavtal/", include("ramavtal.urls")),
    path("leverantorer/", include((leverantorer_patterns, leverantorer_urls.app_name))),
    path("leverantorer/", include("arenden.kontroll_urls")),
    path("uppfoljning/", include("arenden.urls")),
    path("enkater/", include("enkater.urls")),
    path("rapporter/", include("rapporter.urls")),
    path("ordlistor/", include("uppfoljning.ordlista_urls")),
    path("admin/", admin.site.urls),
]
