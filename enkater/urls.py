"""Requirements, questionnaires, send-outs, answering and review (under /enkater/).

One block per area; the answer pages for suppliers and units (besvara) are the
only ones outside login, listed in tests/uppfoljning/test_url_protection.py.
"""

from django.urls import path  # noqa: F401 - the blocks below fill in

from enkater.views import besvara as besvara_views

app_name = "enkater"

# --- Requirements (avtalskrav) --------------------------------------------
krav_patterns = []

# --- Questionnaire builder ------------------------------------------------
formular_patterns = []

# --- Send-outs and reminders ----------------------------------------------
utskick_patterns = []

# --- Answering (personal link, and staff) ---------------------------------
besvara_patterns = [
    path("svar/<str:token>/", besvara_views.besvara, name="besvara"),
    path("svar/<str:token>/fil/<int:fraga_pk>/", besvara_views.besvara_fil, name="besvara_fil"),
    path("mina/", besvara_views.personal_lista, name="personal_lista"),
    path("mina/<int:pk>/", besvara_views.personal_svara, name="personal_svara"),
]

# --- Review, findings and results -----------------------------------------
granskning_patterns = []

urlpatterns = [
    *krav_patterns,
    *formular_patterns,
    *utskick_patterns,
    *besvara_patterns,
    *granskning_patterns,
]
