"""Requirements, questionnaires, send-outs, answering and review (under /enkater/).

One block per area; the answer pages for suppliers and units (besvara) are the
only ones outside login, listed in tests/uppfoljning/test_url_protection.py.
"""

from django.urls import path

from enkater.views import besvara as besvara_views
from enkater.views import formular as formular_views
from enkater.views import granskning as granskning_views
from enkater.views import krav
from enkater.views import resultat as resultat_views
from enkater.views import utskick as utskick_views

app_name = "enkater"

# --- Requirements (avtalskrav) --------------------------------------------
krav_patterns = [
    path("ramavtal/<int:ramavtal_pk>/krav/", krav.krav_list, name="krav_list"),
    path("ramavtal/<int:ramavtal_pk>/krav/ny/", krav.krav_create, name="krav_create"),
    path("ramavtal/<int:ramavtal_pk>/krav/import/", krav.krav_import, name="krav_import"),
    path("krav/<int:pk>/", krav.krav_update, name="krav_update"),
    path("krav/<int:pk>/avaktivera/", krav.krav_retire, name="krav_retire"),
]

# --- Questionnaire builder ------------------------------------------------
formular_patterns = [
    path("formular/", formular_views.formular_list, name="formular_list"),
    path("formular/ny/", formular_views.formular_create, name="formular_create"),
    path(
        "formular/mall/<slug:nyckel>/",
        formular_views.formular_fran_mall,
        name="formular_fran_mall",
    ),
    path("formular/<int:pk>/", formular_views.formular_detail, name="formular"),
    path("formular/<int:pk>/andra/", formular_views.formular_update, name="formular_update"),
    path("formular/<int:pk>/kopiera/", formular_views.formular_copy, name="formular_copy"),
    path("formular/<int:pk>/ny-version/", formular_views.version_create, name="version_create"),
    path("version/<int:pk>/", formular_views.version_detail, name="version_detail"),
    path("version/<int:pk>/sektion/ny/", formular_views.sektion_create, name="sektion_create"),
    path("sektion/<int:pk>/", formular_views.sektion_update, name="sektion_update"),
    path("sektion/<int:pk>/fraga/ny/", formular_views.fraga_create, name="fraga_create"),
    path("fraga/<int:pk>/", formular_views.fraga_update, name="fraga_update"),
    path("fraga/<int:pk>/flytta/", formular_views.fraga_move, name="fraga_move"),
    path("fraga/<int:pk>/ta-bort/", formular_views.fraga_delete, name="fraga_delete"),
]

# --- Send-outs and reminders ----------------------------------------------
utskick_patterns = [
    path(
        "uppfoljning/<int:uppfoljning_pk>/utskick/ny/",
        utskick_views.utskick_create,
        name="utskick_create",
    ),
    path("utskick/<int:pk>/", utskick_views.utskick_detail, name="utskick"),
    path("utskick/<int:pk>/status/", utskick_views.utskick_status, name="utskick_status"),
    path("utskick/<int:pk>/skicka/", utskick_views.utskick_send, name="utskick_send"),
    path("mottagare/<int:pk>/aterkalla/", utskick_views.mottagare_revoke, name="mottagare_revoke"),
    path(
        "mottagare/<int:pk>/ny-lank/", utskick_views.mottagare_new_link, name="mottagare_new_link"
    ),
    path("medarbetare/", utskick_views.medarbetarenhet_list, name="medarbetarenhet_list"),
]

# --- Answering (personal link, and staff) ---------------------------------
besvara_patterns = [
    path("svar/<str:token>/", besvara_views.besvara, name="besvara"),
    path("svar/<str:token>/fil/<int:fraga_pk>/", besvara_views.besvara_fil, name="besvara_fil"),
    path("mina/", besvara_views.personal_lista, name="personal_lista"),
    path("mina/<int:pk>/", besvara_views.personal_svara, name="personal_svara"),
]

# --- Review, findings and results -----------------------------------------
granskning_patterns = [
    path("granskning/<int:pk>/", granskning_views.svar_granska, name="svar_granska"),
    path("granskning/<int:pk>/godkann/", granskning_views.svar_godkann, name="svar_godkann"),
    path(
        "granskning/<int:pk>/brist/<int:fraga_pk>/",
        granskning_views.brist_fran_svar_view,
        name="brist_fran_svar",
    ),
    path("fil/<int:pk>/", granskning_views.svarfil, name="svarfil"),
    path("utskick/<int:pk>/resultat/", resultat_views.resultat, name="resultat"),
    path(
        "utskick/<int:pk>/resultat/export/",
        resultat_views.resultat_export,
        name="resultat_export",
    ),
]

urlpatterns = [
    *krav_patterns,
    *formular_patterns,
    *utskick_patterns,
    *besvara_patterns,
    *granskning_patterns,
]
