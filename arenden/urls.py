from django.urls import path

from arenden.views import (
    avrop,
    avvikelser,
    registerkontroller,
    sarskild,
    sarskild_oversikt,
    sarskild_per_omrade,
    stickprov,
    uppfoljningar,
    urval_bulk,
)

app_name = "arenden"

urlpatterns = [
    # Avropskontroll: the coordinators' check before a call-off.
    path("avrop/", avrop.avrop_search, name="avrop_search"),
    path(
        "avrop/avtal/<int:avtal_pk>/verksamhet/<int:verksamhet_pk>/",
        avrop.avrop_verdict,
        name="avrop_verdict",
    ),
    path("avrop/kontroller/", avrop.avrop_records, name="avrop_records"),
    path("avrop/ordning/<int:ramavtal_pk>/", avrop.avropsordning, name="avropsordning"),
    path("avrop/ivo/<int:verksamhet_pk>/", avrop.avrop_ivo, name="avrop_ivo"),
    path("avrop/kredit/<int:leverantor_pk>/", avrop.avrop_kredit, name="avrop_kredit"),
    # Löpande: deviations and signals, the strategists' inbox, the escalation rule.
    path("avvikelser/", avvikelser.avvikelse_list, name="avvikelse_list"),
    path("avvikelser/ny/", avvikelser.avvikelse_create, name="avvikelse_create"),
    path("avvikelser/<int:pk>/", avvikelser.avvikelse_detail, name="avvikelse"),
    path("avvikelser/<int:pk>/bedomd/", avvikelser.avvikelse_assess, name="avvikelse_assess"),
    path("signaler/ny/", avvikelser.signal_create, name="signal_create"),
    path("signaler/<int:pk>/", avvikelser.signal_detail, name="signal"),
    path("signaler/<int:pk>/bedomd/", avvikelser.signal_assess, name="signal_assess"),
    path("inkorg/", avvikelser.inbox, name="inbox"),
    path("eskaleringsregel/", avvikelser.rule_update, name="rule_update"),
    # Händelsestyrd: cases, requests, visits, findings, closing with an outcome.
    path("uppfoljningar/", uppfoljningar.uppfoljning_list, name="uppfoljning_list"),
    path("uppfoljningar/ny/", uppfoljningar.handelsstyrd_create, name="handelsstyrd_create"),
    path("uppfoljningar/<int:pk>/", uppfoljningar.uppfoljning_detail, name="uppfoljning"),
    path("uppfoljningar/<int:pk>/begaran/", uppfoljningar.begaran_create, name="begaran_create"),
    path("begaran/<int:pk>/besvarad/", uppfoljningar.begaran_answered, name="begaran_answered"),
    path("uppfoljningar/<int:pk>/besok/", uppfoljningar.besok_create, name="besok_create"),
    path("besok/<int:pk>/", uppfoljningar.besok_update, name="besok_update"),
    path("uppfoljningar/<int:pk>/brist/", uppfoljningar.brist_create, name="brist_create"),
    path(
        "uppfoljningar/<int:pk>/avsluta/", uppfoljningar.uppfoljning_close, name="uppfoljning_close"
    ),
    path("brister/", uppfoljningar.brist_list, name="brist_list"),
    path("brister/<int:pk>/", uppfoljningar.brist_detail, name="brist"),
    path("brister/<int:pk>/atgardad/", uppfoljningar.brist_fixed, name="brist_fixed"),
    path("brister/<int:pk>/eskalera/", uppfoljningar.brist_escalate, name="brist_escalate"),
    # Särskild: planned follow-ups per agreement and year.
    path("sarskild/oversikt/", sarskild_oversikt.sarskild_oversikt, name="sarskild_oversikt"),
    path("sarskild/ny/", sarskild.sarskild_create, name="sarskild_create"),
    path(
        "sarskild/per-omrade/",
        sarskild_per_omrade.sarskild_per_omrade,
        name="sarskild_per_omrade",
    ),
    path("sarskild/<int:pk>/", sarskild.sarskild_detail, name="sarskild"),
    path("sarskild/<int:pk>/urval/", sarskild.urval_add, name="sarskild_urval"),
    path("sarskild/urval/<int:pk>/", sarskild.urval_update, name="sarskild_urval_update"),
    path("sarskild/<int:pk>/urval/andra/", urval_bulk.urval_bulk, name="sarskild_urval_bulk"),
    path("sarskild/<int:pk>/urval/export/", urval_bulk.urval_export, name="sarskild_urval_export"),
    path("sarskild/<int:pk>/urval/import/", urval_bulk.urval_import, name="sarskild_urval_import"),
    path("sarskild/<int:pk>/dokument/", sarskild.dokument_create, name="sarskild_dokument"),
    path(
        "sarskild/<int:pk>/observation/", sarskild.observation_create, name="sarskild_observation"
    ),
    path("sarskild/<int:pk>/bedomning/", sarskild.bedomning_update, name="sarskild_bedomning"),
    # Stickprov på fakturor.
    path("stickprov/", stickprov.stickprov_list, name="stickprov_list"),
    path("stickprov/nytt/", stickprov.stickprov_create, name="stickprov_create"),
    path("stickprov/<int:pk>/", stickprov.stickprov_detail, name="stickprov"),
    path("stickprov/faktura/<int:pk>/", stickprov.faktura_update, name="faktura_update"),
    # Registerkontroller av företrädare.
    path("registerkontroller/", registerkontroller.kontroll_list, name="registerkontroll_list"),
    path(
        "registerkontroller/ny/<int:foretradare_pk>/",
        registerkontroller.kontroll_create,
        name="registerkontroll_create",
    ),
    path(
        "registerkontroller/<int:pk>/",
        registerkontroller.kontroll_update,
        name="registerkontroll_update",
    ),
]
