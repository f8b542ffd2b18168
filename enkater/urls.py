"""Requirements, questionnaires, send-outs, answering and review (under /enkater/).

One block per area; the answer pages for suppliers and units (besvara) are the
only ones outside login, listed in tests/uppfoljning/test_url_protection.py.
"""

from django.urls import path

from enkater.views import granskning as granskning_views
from enkater.views import resultat as resultat_views

app_name = "enkater"

# --- Requirements (avtalskrav) --------------------------------------------
krav_patterns = []

# --- Questionnaire builder ------------------------------------------------
formular_patterns = []

# --- Send-outs and reminders ----------------------------------------------
utskick_patterns = []

# --- Answering (personal link, and staff) ---------------------------------
besvara_patterns = []

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
