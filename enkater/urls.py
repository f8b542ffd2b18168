"""Requirements, questionnaires, send-outs, answering and review (under /enkater/).

One block per area; the answer pages for suppliers and units (besvara) are the
only ones outside login, listed in tests/uppfoljning/test_url_protection.py.
"""

from django.urls import path  # noqa: F401 - the blocks below fill in

from enkater.views import utskick as utskick_views

app_name = "enkater"

# --- Requirements (avtalskrav) --------------------------------------------
krav_patterns = []

# --- Questionnaire builder ------------------------------------------------
formular_patterns = []

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
