"""Access as a matrix: every URL pattern × every identity × GET and POST, answered as written.

The expected answers live in tests/access_matrix_table.py (one row per URL name,
one column per identity). A new URL pattern fails test_every_pattern_is_in_the_table
until someone decides who may reach it. URL arguments point at one object of each
kind, built once for the module (world below); each request runs in a savepoint
that is rolled back, so a POST (always with an empty body: a form redisplays or
nothing is done) cannot change what the next identity sees.

Object-level rules (hidden visits, protected addresses, own deviations) are tested
at the end: whoever may not see an object gets the same answer for it as for an id
that does not exist, so the answer never tells that it exists.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests import access_matrix_table as table
from tests.helpers import PASSWORD
from uppfoljning import roles

D = datetime.date


def iter_patterns(patterns=None, prefix="", namespace=None):
    """(url name, route, callback) of every pattern under the root URLconf."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_patterns(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern), entry.callback


PATTERNS = list(iter_patterns())
APP_PATTERNS = [p for p in PATTERNS if not p[1].startswith("admin/")]
ADMIN_PATTERNS = [p for p in PATTERNS if p[1].startswith("admin/")]


def admin_key(name, route):
    """An admin pattern's row: its route (some have no name), but the app index by name,
    whose route lists the app labels in registration order."""
    return name if name == "admin:app_list" else route


# --- The world: one object of each kind ----------------------------------------


def _user(username, role=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def build_world(media_root):
    """Everything a URL argument may name, and the seven identities."""
    from administration.models import Kommuninstallning
    from arenden.models import (
        Avvikelse,
        Brist,
        Informationsbegaran,
        IvoKontroll,
        Kontrollschema,
        Kontrollsvep,
        Kontrolltyp,
        Platsbesok,
        Signal,
        SignalKalla,
        Stickprov,
        StickprovFaktura,
        StickprovKalla,
        Svepanledning,
        Uppfoljning,
        UppfoljningTyp,
    )
    from ramavtal.models import Niva, Riskbedomning, Riskniva
    from rapporter.models import JobbStatus, JobbTyp, Rapportjobb, Rapportversion
    from rapporter.services import dokument_skapa
    from tests.arenden.factories import ForetradareFactory, RegisterkontrollFactory
    from tests.arenden.factories_sarskild import MetodFactory, SarskildFactory, UrvalRadFactory
    from tests.factories import (
        AvtalFactory,
        AvtalsomradeFactory,
        PlaceringFactory,
        VerksamhetFactory,
    )
    from tests.helpers import pause
    from uppfoljning.models import Heartbeat

    w = {
        "S": _user("alice", roles.STRATEG),
        "P": _user("sam", roles.PLACERINGSSAMORDNARE),
        "C": _user("charlotte", roles.CHEF),
        "SS": _user("sixten", roles.SOCIALSEKRETERARE),
        "A": _user("ada", roles.ADMINISTRATOR, is_staff=True),
        # Staff without a role and without superuser: the admin shows it nothing.
        "staff": _user("stina", is_staff=True),
    }
    # The user pages act on someone who is none of the identities.
    w["anvandare"] = _user("target", roles.CHEF)
    alice = w["S"]
    avtal = AvtalFactory(leverantor__namn="Solgården AB")
    w["avtal"] = avtal
    w["ramavtal"] = avtal.ramavtal
    w["avtalsomrade"] = AvtalsomradeFactory(ramavtal=avtal.ramavtal)
    w["leverantor"] = avtal.leverantor
    w["verksamhet"] = VerksamhetFactory(leverantor=avtal.leverantor, namn="Solgården HVB")
    w["skyddad"] = VerksamhetFactory(
        leverantor=avtal.leverantor, namn="Skyddat", skyddat_boende=True, adress="Gatan 1"
    )
    avtal.verksamheter.add(w["verksamhet"])
    w["foretradare"] = ForetradareFactory(leverantor=avtal.leverantor)
    # A decision, on a contract of its own so the first stays active for call-offs.
    pause(AvtalFactory(leverantor=avtal.leverantor), alice)
    Niva.objects.create(ramavtal=avtal.ramavtal, namn="Nivå 1")
    Riskbedomning.objects.create(
        ramavtal=avtal.ramavtal,
        niva=Riskniva.HOG,
        datum=D(2024, 1, 10),
        motivering="Barn placeras.",
        bedomd_av=alice,
    )
    Heartbeat.objects.create(name="beat", last_seen=timezone.now())
    Kommuninstallning.objects.create(pk=Kommuninstallning.SINGLETON_PK, kommunens_namn="Exempel")
    w["placering"] = PlaceringFactory(avtal=avtal, verksamhet=w["verksamhet"])
    w["registerkontroll"] = RegisterkontrollFactory(
        foretradare=w["foretradare"], registrerad_av=alice
    )
    case = Uppfoljning.objects.create(
        typ=UppfoljningTyp.HANDELSSTYRD,
        rubrik="Signal från IVO",
        leverantor=avtal.leverantor,
        ansvarig=alice,
        oppnad=D(2024, 3, 1),
    )
    w["uppfoljning"] = case
    w["begaran"] = Informationsbegaran.objects.create(
        uppfoljning=case, vad="Bemanningsschema", skickad=D(2024, 3, 2), svar_senast=D(2024, 3, 20)
    )
    w["besok"] = Platsbesok.objects.create(
        uppfoljning=case,
        verksamhet=w["verksamhet"],
        tidpunkt=timezone.make_aware(datetime.datetime(2024, 3, 10, 19, 30)),
        genomfort=True,
    )
    w["dolt_besok"] = Platsbesok.objects.create(
        uppfoljning=case,
        verksamhet=w["verksamhet"],
        tidpunkt=timezone.make_aware(datetime.datetime(2027, 3, 10, 19, 30)),
        anmalt=False,
    )
    w["brist"] = Brist.objects.create(
        uppfoljning=case,
        leverantor=avtal.leverantor,
        verksamhet=w["verksamhet"],
        beskrivning="Ingen nattpersonal.",
        krav="Bemanna natten.",
        konstaterad=D(2024, 3, 10),
        atgard_senast=D(2024, 4, 10),
    )
    w["avvikelse"] = Avvikelse.objects.create(
        leverantor=avtal.leverantor,
        kategori_id="bemanning",
        datum=D(2024, 3, 5),
        beskrivning="Rapporterad av sixten.",
        rapporterad_av=w["SS"],
    )
    w["signal"] = Signal.objects.create(
        leverantor=avtal.leverantor,
        kalla=SignalKalla.IVO,
        datum=D(2024, 3, 1),
        beskrivning="IVO har öppnat ett tillsynsärende.",
        registrerad_av=alice,
    )
    sarskild = SarskildFactory(ramavtal=avtal.ramavtal, ansvarig=alice)
    w["sarskild"] = sarskild
    w["urval"] = UrvalRadFactory(uppfoljning=sarskild, leverantor=avtal.leverantor)
    w["stickprov"] = Stickprov.objects.create(
        namn="Stickprov våren 2024",
        datum=D(2024, 5, 2),
        kalla=StickprovKalla.PLACERINGAR,
        fran=D(2024, 1, 1),
        till=D(2024, 4, 30),
        seed=3,
        utford_av=alice,
    )
    w["faktura"] = StickprovFaktura.objects.create(
        stickprov=w["stickprov"], placering=w["placering"], ordning=1
    )
    Kontrollschema.objects.get_or_create(typ=Kontrolltyp.IVO, defaults={"nasta": timezone.now()})
    w["svep"] = Kontrollsvep.objects.create(
        typ=Kontrolltyp.IVO, adapter="demo", anledning=Svepanledning.MANUELL, startad_av=alice
    )
    ivo = IvoKontroll.objects.create(
        verksamhet=w["verksamhet"], kalla="manuell", status="ok", tillstand="giltigt"
    )
    ivo.underlag.save("underlag.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    w["ivokontroll"] = ivo
    w["metod"] = MetodFactory(namn="Intervju med personal (matrisen)")
    for dokumenttyp in ("arsrapport", "plan"):
        dokument_skapa(dokumenttyp=dokumenttyp, ar=2024, user=alice)
    # A finished PDF job ordered by the manager (only its orderer may fetch it).
    jobb = Rapportjobb.objects.create(
        typ=JobbTyp.PDF,
        dokumenttyp="arsrapport",
        ar=2024,
        status=JobbStatus.KLAR,
        framsteg=100,
        skapad_av=w["C"],
    )
    jobb.pdf.save("arsrapport-2024.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    w["jobb"] = jobb
    w.update(_enkater_world(w, sarskild))
    w["version"] = Rapportversion.objects.create(
        dokumenttyp="arsrapport",
        ar=2024,
        version=1,
        titel="Uppföljning av privata utförare 2024",
        pdf=ContentFile(b"%PDF-1.7\n%%EOF\n", name="v1.pdf"),
        sha256="0" * 64,
        storlek=15,
        faststalld_av=alice,
    )
    return w


# URL kwargs per URL name: a world key (its pk) or a literal value.
ARGS = {
    "satt_losenord": {"uidb64": "=MQ", "token": "=ogiltig-token"},
    # The answer pages: an invalid token (404 for everyone), the real token's file question
    # (the world's answer has no file: 404 too); the real link is shown in
    # tests/enkater/test_besvara.py (200 to anonymous visitors).
    "enkater:besvara": {"token": "=ogiltig"},
    "enkater:besvara_fil": {"token": "token", "fraga_pk": "fraga"},
    "enkater:personal_svara": {"pk": "personalmottagare"},
    "administration:anvandare": {"pk": "anvandare"},
    "administration:anvandare_update": {"pk": "anvandare"},
    "administration:anvandare_inbjudan": {"pk": "anvandare"},
    "administration:anvandare_avaktivera": {"pk": "anvandare"},
    "administration:anvandare_aktivera": {"pk": "anvandare"},
    "ramavtal:detail": {"pk": "ramavtal"},
    "ramavtal:update": {"pk": "ramavtal"},
    "ramavtal:avtalsomrade_create": {"pk": "ramavtal"},
    "ramavtal:avtalsomrade_update": {"pk": "ramavtal", "omrade_pk": "avtalsomrade"},
    "ramavtal:niva_create": {"pk": "ramavtal"},
    "ramavtal:risk_create": {"pk": "ramavtal"},
    "leverantorer:detail": {"pk": "leverantor"},
    "leverantorer:update": {"pk": "leverantor"},
    "leverantorer:verksamhet_create": {"leverantor_pk": "leverantor"},
    "leverantorer:verksamhet_update": {"leverantor_pk": "leverantor", "pk": "verksamhet"},
    "leverantorer:foretradare_create": {"leverantor_pk": "leverantor"},
    "leverantorer:foretradare_update": {"leverantor_pk": "leverantor", "pk": "foretradare"},
    "leverantorer:avtal_create": {"leverantor_pk": "leverantor"},
    "leverantorer:avtal_update": {"leverantor_pk": "leverantor", "pk": "avtal"},
    "leverantorer:avtal": {"pk": "avtal"},
    "leverantorer:beslut_create": {"pk": "avtal"},
    "leverantorer:placering": {"pk": "placering"},
    "leverantorer:placering_update": {"pk": "placering"},
    "kontroller:kontrollera_nu": {"verksamhet_pk": "verksamhet"},
    "kontroller:svep": {"pk": "svep"},
    "kontroller:svep_status": {"pk": "svep"},
    "kontroller:kontroll_underlag": {"typ": "=ivo", "pk": "ivokontroll"},
    "arenden:avrop_verdict": {"avtal_pk": "avtal", "verksamhet_pk": "verksamhet"},
    "arenden:avropsordning": {"ramavtal_pk": "ramavtal"},
    "arenden:avrop_ivo": {"verksamhet_pk": "verksamhet"},
    "arenden:avrop_kredit": {"leverantor_pk": "leverantor"},
    "arenden:avvikelse": {"pk": "avvikelse"},
    "arenden:avvikelse_assess": {"pk": "avvikelse"},
    "arenden:signal": {"pk": "signal"},
    "arenden:signal_assess": {"pk": "signal"},
    "arenden:uppfoljning": {"pk": "uppfoljning"},
    "arenden:begaran_create": {"pk": "uppfoljning"},
    "arenden:begaran_answered": {"pk": "begaran"},
    "arenden:besok_create": {"pk": "uppfoljning"},
    "arenden:besok_update": {"pk": "besok"},
    "arenden:brist_create": {"pk": "uppfoljning"},
    "arenden:uppfoljning_close": {"pk": "uppfoljning"},
    "arenden:brist": {"pk": "brist"},
    "arenden:brist_fixed": {"pk": "brist"},
    "arenden:brist_escalate": {"pk": "brist"},
    "arenden:sarskild": {"pk": "sarskild"},
    "arenden:sarskild_urval": {"pk": "sarskild"},
    "arenden:sarskild_urval_update": {"pk": "urval"},
    "arenden:sarskild_urval_bulk": {"pk": "sarskild"},
    "arenden:sarskild_urval_export": {"pk": "sarskild"},
    "arenden:sarskild_urval_import": {"pk": "sarskild"},
    "arenden:sarskild_dokument": {"pk": "sarskild"},
    "arenden:sarskild_observation": {"pk": "sarskild"},
    "arenden:sarskild_bedomning": {"pk": "sarskild"},
    "arenden:stickprov": {"pk": "stickprov"},
    "arenden:faktura_update": {"pk": "faktura"},
    "arenden:registerkontroll_create": {"foretradare_pk": "foretradare"},
    "arenden:registerkontroll_update": {"pk": "registerkontroll"},
    "rapporter:create": {"dokumenttyp": "=arsrapport"},
    "rapporter:arsrapport": {"ar": "=2024"},
    "rapporter:plan": {"ar": "=2024"},
    "rapporter:edit": {"dokumenttyp": "=arsrapport", "ar": "=2024"},
    "rapporter:draft": {"dokumenttyp": "=arsrapport", "ar": "=2024"},
    "rapporter:preview": {"dokumenttyp": "=arsrapport", "ar": "=2024"},
    "rapporter:order": {"dokumenttyp": "=arsrapport", "ar": "=2024", "typ": "=pdf"},
    "rapporter:jobb": {"pk": "jobb"},
    "rapporter:jobb_pdf": {"pk": "jobb"},
    "rapporter:version": {"pk": "version"},
    "ordlistor:lista": {"slug": "=metoder"},
    "ordlistor:create": {"slug": "=metoder"},
    "ordlistor:update": {"slug": "=metoder", "pk": "metod"},
    "ordlistor:toggle": {"slug": "=metoder", "pk": "metod"},
    "enkater:formular_fran_mall": {"nyckel": "=socialsekreterare"},
    "enkater:formular": {"pk": "formular"},
    "enkater:formular_update": {"pk": "formular"},
    "enkater:formular_copy": {"pk": "formular"},
    "enkater:version_create": {"pk": "formular"},
    "enkater:version_detail": {"pk": "fversion"},
    "enkater:sektion_create": {"pk": "fversion"},
    "enkater:sektion_update": {"pk": "sektion"},
    "enkater:fraga_create": {"pk": "sektion"},
    "enkater:fraga_update": {"pk": "fraga"},
    "enkater:fraga_move": {"pk": "fraga"},
    "enkater:fraga_delete": {"pk": "fraga"},
    "enkater:krav_list": {"ramavtal_pk": "ramavtal"},
    "enkater:krav_create": {"ramavtal_pk": "ramavtal"},
    "enkater:krav_import": {"ramavtal_pk": "ramavtal"},
    "enkater:krav_update": {"pk": "krav"},
    "enkater:krav_retire": {"pk": "krav"},
    "enkater:utskick_create": {"uppfoljning_pk": "sarskild"},
    "enkater:utskick": {"pk": "utskick"},
    "enkater:utskick_status": {"pk": "utskick"},
    "enkater:utskick_send": {"pk": "utskick"},
    "enkater:mottagare_revoke": {"pk": "mottagare"},
    "enkater:mottagare_new_link": {"pk": "mottagare"},
    "enkater:svar_granska": {"pk": "svar"},
    "enkater:svar_godkann": {"pk": "svar"},
    "enkater:brist_fran_svar": {"pk": "svar", "fraga_pk": "fraga"},
    # The world's answer has no uploaded document: those allowed get 404, others 403.
    "enkater:svarfil": {"pk": "svar"},
    "enkater:resultat": {"pk": "utskick"},
    "enkater:resultat_export": {"pk": "utskick"},
}


def url_for(world, name, route):
    """The concrete URL of a pattern, its arguments taken from ARGS (or the admin rule)."""
    if route.startswith("admin/"):
        return admin_url(world, name, route)
    kwargs = {}
    for key, source in ARGS.get(name, {}).items():
        if source.startswith("="):
            kwargs[key] = source[1:]
        else:  # a world object's pk, or a world value that is a plain string (w["token"])
            value = world[source]
            kwargs[key] = value if isinstance(value, str) else value.pk
    return reverse(name, kwargs=kwargs)


def admin_url(world, name, route):
    """A concrete admin URL: its model's first object where the route takes an object id."""
    from django.apps import apps

    if route == "admin/(?P<url>.*)$":  # the catch-all behind every other admin URL
        return "/admin/finns-inte/"
    if name == "admin:app_list":
        return reverse(name, kwargs={"app_label": "leverantorer"})
    if name == "admin:view_on_site":
        return reverse(name, kwargs={"content_type_id": 1, "object_id": 1})
    parts = route.split("/")
    if not any(arg in route for arg in ("<path:object_id>", "<id>", HISTORY_RECORD)):
        return "/" + route
    model = apps.get_model(parts[1], parts[2])
    obj = model._default_manager.order_by("pk").first()
    object_id = str(obj.pk) if obj is not None else "999999"
    url = route.replace("<path:object_id>", object_id).replace("<id>", object_id)
    if HISTORY_RECORD in url:  # django-simple-history's view of one past version
        records = getattr(model, "history", None)
        record = records.filter(pk__isnull=False).order_by("pk").first() if records else None
        history_id = record.history_id if record is not None else "999999"
        url = url.replace(HISTORY_RECORD, f"{object_id}/history/{history_id}/")
    return "/" + url


HISTORY_RECORD = "^([^/]+)/history/([^/]+)/$"


def _enkater_world(w, sarskild):
    """Requirements, a questionnaire sent to the sampled unit and to a colleague, answers."""
    from enkater.models import (
        EnkatPaminnelse,
        Komplettering,
        Medarbetarenhet,
        Mottagare,
        Svar,
        SvarStatus,
    )
    from enkater.versioner import frys
    from tests.enkater.factories import (
        AvtalskravFactory,
        FragaFactory,
        MottagareFactory,
        SvarFactory,
        UtskickFactory,
    )

    e = {"krav": AvtalskravFactory(ramavtal=w["ramavtal"], nummer="5.3.2")}
    fraga = FragaFactory(sektion__version__formular__ramavtal=w["ramavtal"])
    fraga.krav.add(e["krav"])
    e.update(fraga=fraga, sektion=fraga.sektion, fversion=fraga.sektion.version)
    e["formular"] = e["fversion"].formular
    frys(e["fversion"])
    e["utskick"] = UtskickFactory(uppfoljning=sarskild, version=e["fversion"], skapad_av=w["S"])
    e["mottagare"] = MottagareFactory(
        utskick=e["utskick"], leverantor=w["leverantor"], verksamhet=w["verksamhet"]
    )
    e["token"] = e["mottagare"].token
    e["svar"] = SvarFactory(mottagare=e["mottagare"], status=SvarStatus.INSKICKAT)
    e["komplettering"] = Komplettering.objects.create(
        svar=e["svar"],
        runda=1,
        fraga=fraga,
        kommentar="Bifoga bemanningsschemat.",
        svar_senast=D(2026, 12, 20),
        begard_av=w["S"],
    )
    # Sixten (Socialsekreterare) is asked, logged in, about the sampled supplier.
    e["personalmottagare"] = Mottagare.objects.create(
        utskick=e["utskick"], leverantor=w["leverantor"], anvandare=w["SS"]
    )
    EnkatPaminnelse.objects.create(mottagare=e["mottagare"], tillfalle="fore")
    Medarbetarenhet.objects.create(anvandare=w["SS"], placerande_enhet="barn_ungdom")
    assert Svar.objects.count() == 1
    return e


# --- Running the matrix --------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The objects and identities, loaded once inside a transaction rolled back after."""
    from django.conf import settings

    media = tmp_path_factory.mktemp("matrix-media")
    old_media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = media
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world(media)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            settings.MEDIA_ROOT = old_media


def answer(world, identity, method, url):
    """The status one identity gets, the request rolled back after."""
    client = Client(raise_request_exception=False)  # a 500 is an answer the table shows
    if identity != "anon":
        client.force_login(world[identity])
    with transaction.atomic():
        response = getattr(client, method.lower())(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)  # read to the end: the client closes the file
        transaction.set_rollback(True)
    if identity == "anon" and response.status_code == 302:
        location = response.headers["Location"]
        login = (reverse("login"), reverse("admin:login"))
        assert location.startswith(login), f"{url}: anonymous redirected to {location}"
    return response.status_code


def observed(world, name, route):
    url = url_for(world, name, route)
    return {
        method: tuple(answer(world, identity, method, url) for identity in table.IDENTITIES)
        for method in ("GET", "POST")
    }


def test_every_pattern_is_in_the_table():
    app_names = [name for name, _route, _cb in APP_PATTERNS]
    admin_routes = [admin_key(name, route) for name, route, _cb in ADMIN_PATTERNS]
    assert len(set(app_names)) == len(app_names), "two app patterns share a name"
    missing = sorted(set(app_names) - set(table.APP)) + sorted(set(admin_routes) - set(table.ADMIN))
    assert not missing, f"decide who may reach these and add them to the table: {missing}"
    stale = sorted(set(table.APP) - set(app_names)) + sorted(set(table.ADMIN) - set(admin_routes))
    assert not stale, f"no longer URL patterns: {stale}"


def test_it_walks_every_pattern():
    # 110 app patterns and 126 admin patterns when this was written (issue 14).
    assert len(APP_PATTERNS) >= 110
    assert len(ADMIN_PATTERNS) >= 100


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "route"), [(n, r) for n, r, _cb in APP_PATTERNS], ids=[n for n, _r, _c in APP_PATTERNS]
)
def test_app_page_answers_as_the_table_says(world, name, route):
    got = observed(world, name, route)
    assert got == table.expected(table.APP[name]), table.row(got)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "route"),
    [(n, r) for n, r, _cb in ADMIN_PATTERNS],
    ids=[admin_key(n, r) for n, r, _c in ADMIN_PATTERNS],
)
def test_admin_page_answers_as_the_table_says(world, name, route):
    got = observed(world, name, route)
    assert got == table.expected(table.ADMIN[admin_key(name, route)]), table.row(got)


# --- Object-level rules: hidden is indistinguishable from missing ----------------

MISSING = 999999

# (url name, kwargs builder) for pages about one object someone may not see:
# a planned unannounced visit, a unit at a protected address, another's deviation.
OBJECT_PAGES = {
    "hidden visit": [("arenden:besok_update", lambda w, pk: {"pk": pk}, "dolt_besok")],
    "protected address": [
        (
            "leverantorer:verksamhet_update",
            lambda w, pk: {"leverantor_pk": w["leverantor"].pk, "pk": pk},
            "skyddad",
        )
    ],
    "own deviation": [
        ("arenden:avvikelse", lambda w, pk: {"pk": pk}, "avvikelse"),
        ("arenden:avvikelse_assess", lambda w, pk: {"pk": pk}, "avvikelse"),
    ],
}

# Who may see the object itself (the rest must not learn it exists).
ENTITLED = {
    "hidden visit": {"S"},  # Platsbesok.objects.visible_to: strategists only
    "protected address": {"S", "P"},  # leverantorer.view_skyddad_adress
    "own deviation": {"S", "C", "SS"},  # all deviations, or the reporter (sixten)
}


@pytest.mark.django_db
@pytest.mark.parametrize("rule", sorted(OBJECT_PAGES))
def test_a_hidden_object_answers_like_a_missing_one(world, rule):
    for name, kwargs, key in OBJECT_PAGES[rule]:
        existing = reverse(name, kwargs=kwargs(world, world[key].pk))
        missing = reverse(name, kwargs=kwargs(world, MISSING))
        for identity in table.IDENTITIES:
            if identity in ENTITLED[rule]:
                continue
            for method in ("GET", "POST"):
                hidden = answer(world, identity, method, existing)
                absent = answer(world, identity, method, missing)
                assert hidden == absent, (rule, name, identity, method, hidden, absent)
                assert hidden in (302, 403, 404, 405), (rule, name, identity, method, hidden)


@pytest.mark.django_db
def test_another_reporters_deviation_is_not_found(world):
    # The coordinator reports deviations too, but sees only their own: 404, as if missing.
    url = reverse("arenden:avvikelse", args=[world["avvikelse"].pk])
    assert answer(world, "P", "GET", url) == 404
    assert answer(world, "SS", "GET", url) == 200


@pytest.mark.django_db
def test_a_hidden_visit_is_left_out_of_the_case_page_for_all_but_strategists(world):
    url = reverse("arenden:uppfoljning", args=[world["uppfoljning"].pk])
    for identity in ("S", "P", "C"):
        client = Client()
        client.force_login(world[identity])
        page = client.get(url).content.decode()
        assert "Anmält" in page  # the announced visit, done, is shown to all three
        assert ("Oanmält" in page) is (identity == "S"), identity


@pytest.mark.django_db
def test_a_protected_address_is_shown_only_to_those_allowed(world):
    url = reverse("leverantorer:detail", args=[world["leverantor"].pk])
    for identity in ("S", "P", "C", "A"):
        client = Client()
        client.force_login(world[identity])
        page = client.get(url).content.decode()
        assert ("Gatan 1" in page) is (identity in ENTITLED["protected address"]), identity
        assert "Skyddat" in page  # the unit itself is listed; only its address is withheld
