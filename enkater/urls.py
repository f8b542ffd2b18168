"""Requirements, questionnaires, send-outs, answering and review (under /enkater/).

One block per area; the answer pages for suppliers and units (besvara) are the
only ones outside login, listed in tests/uppfoljning/test_url_protection.py.
"""

from django.urls import path  # noqa: F401 - the blocks below fill in

from enkater.views import krav

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
formular_patterns = []

# --- Send-outs and reminders ----------------------------------------------
utskick_patterns = []

# --- Answering (personal link, and staff) ---------------------------------
besvara_patterns = []

# --- Review, findings and results -----------------------------------------
granskning_patterns = []

urlpatterns = [
    *krav_patterns,
    *formular_patterns,
    *utskick_patterns,
    *besvara_patterns,
    *granskning_patterns,
]
