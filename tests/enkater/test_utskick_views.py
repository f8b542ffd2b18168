"""The send-out pages: create, progress (constant queries, anonymity), send, revoke, new link."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from enkater.models import (
    Malgrupp,
    Medarbetarenhet,
    Mottagare,
    SvarStatus,
    Utskick,
    UtskickStatus,
)
from tests.arenden.factories_sarskild import SarskildFactory, UrvalRadFactory
from tests.clock import DEFAULT
from tests.enkater.factories import (
    FormularFactory,
    MottagareFactory,
    SvarFactory,
    UtskickFactory,
    VersionFactory,
)
from tests.factories import AvtalFactory, LeverantorFactory, VerksamhetFactory
from tests.querycount import count_queries

D = datetime.date
SENT = datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC)

# The dates below are written out around the suite's default day (tests/clock.py).
pytestmark = [pytest.mark.today(DEFAULT), pytest.mark.django_db]


@pytest.fixture
def strateg(client, alice):
    client.force_login(alice)
    return client


def self_report():
    case = SarskildFactory(ar=2026)
    lev = LeverantorFactory(namn="Alfa AB", epost="")
    AvtalFactory(leverantor=lev, ramavtal=case.ramavtal)
    UrvalRadFactory(uppfoljning=case, leverantor=lev)
    med = VerksamhetFactory(leverantor=lev, namn="Hem med adress", epost="hem@alfa.example")
    utan = VerksamhetFactory(leverantor=lev, namn="Hem utan adress", epost="")
    formular = FormularFactory(namn="Egenrapport", malgrupp=Malgrupp.VERKSAMHET)
    VersionFactory(formular=formular, nummer=1)
    latest = VersionFactory(formular=formular, nummer=2)
    return case, formular, latest, med, utan


def test_create_preselects_the_units_and_disables_those_without_email(strateg):
    case, formular, latest, med, utan = self_report()
    url = reverse("enkater:utskick_create", args=[case.pk])
    page = strateg.get(url)
    assert page.status_code == 200
    assert "Egenrapport" in page.text
    page = strateg.get(url, {"formular": formular.pk})
    html = page.text
    assert f'value="v-{med.pk}" id="mottagare-v-{med.pk}" checked' in html
    assert f'value="v-{utan.pk}" id="mottagare-v-{utan.pk}" disabled' in html
    assert reverse("leverantorer:verksamhet_update", args=[utan.leverantor_id, utan.pk]) in html

    response = strateg.post(
        f"{url}?formular={formular.pk}",
        {"svar_senast": "2026-12-15", "respit_dagar": "7", "mottagare": [f"v-{med.pk}"]},
    )
    utskick = Utskick.objects.get()
    assert response.status_code == 302 and response.url == utskick.get_absolute_url()
    assert utskick.version == latest and utskick.status == UtskickStatus.UTKAST
    assert [(m.verksamhet, m.epost) for m in utskick.mottagare.all()] == [(med, "hem@alfa.example")]


def test_a_unit_without_email_cannot_be_posted(strateg):
    case, formular, _latest, _med, utan = self_report()
    url = reverse("enkater:utskick_create", args=[case.pk]) + f"?formular={formular.pk}"
    response = strateg.post(
        url, {"svar_senast": "2026-12-15", "respit_dagar": "7", "mottagare": [f"v-{utan.pk}"]}
    )
    assert response.status_code == 200
    assert not Utskick.objects.exists()
    assert "mottagare_error" in response.text


def test_a_deadline_before_today_is_refused(strateg):
    case, formular, _latest, med, _utan = self_report()
    url = reverse("enkater:utskick_create", args=[case.pk]) + f"?formular={formular.pk}"
    response = strateg.post(
        url, {"svar_senast": "2026-11-19", "respit_dagar": "7", "mottagare": [f"v-{med.pk}"]}
    )
    assert "Sista svarsdag kan inte ligga före i dag." in response.text


def test_sending_from_the_page(strateg, django_capture_on_commit_callbacks, eager_celery):
    utskick = UtskickFactory()
    MottagareFactory(utskick=utskick)
    with django_capture_on_commit_callbacks(execute=True):
        response = strateg.post(reverse("enkater:utskick_send", args=[utskick.pk]))
    assert response.status_code == 302
    utskick.refresh_from_db()
    assert utskick.status == UtskickStatus.SKICKAT and utskick.version.fryst is not None
    assert len(mail.outbox) == 1


def add_recipients(utskick, n):
    for _i in range(n):
        m = MottagareFactory(utskick=utskick, skickad=SENT, forsta_besok=SENT)
        SvarFactory(mottagare=m, status=SvarStatus.INSKICKAT)


def test_the_progress_page_costs_the_same_queries_for_more_recipients(strateg):
    utskick = UtskickFactory(status=UtskickStatus.SKICKAT)
    add_recipients(utskick, 2)
    url = utskick.get_absolute_url()
    few = count_queries(strateg, url)
    add_recipients(utskick, 8)
    assert count_queries(strateg, url) == few


def test_the_progress_counts(strateg):
    utskick = UtskickFactory(status=UtskickStatus.SKICKAT, svar_senast=D(2026, 11, 15))
    add_recipients(utskick, 1)
    draft = MottagareFactory(utskick=utskick, skickad=SENT, forsta_besok=SENT)
    SvarFactory(mottagare=draft, status=SvarStatus.UTKAST)
    MottagareFactory(utskick=utskick, skickad=SENT)
    page = strateg.get(utskick.get_absolute_url())
    f = page.context["framsteg"]
    assert (f.antal, f.skickade, f.oppnade, f.utkast, f.inskickade, f.forsenade) == (
        3,
        3,
        2,
        1,
        1,
        2,
    )


def test_an_anonymous_survey_shows_no_colleague_as_answered(strateg, sixten):
    formular = FormularFactory(malgrupp=Malgrupp.PERSONAL, anonymt=True)
    utskick = UtskickFactory(version__formular=formular, status=UtskickStatus.SKICKAT)
    Mottagare.objects.create(
        utskick=utskick,
        leverantor=LeverantorFactory(),
        anvandare=sixten,
        skickad=SENT,
        forsta_besok=SENT,
        senaste_besok=SENT,
        besvarad=True,
    )
    page = strateg.get(utskick.get_absolute_url())
    (rad,) = page.context["framsteg"].rader
    assert rad.status == "Skickat" and not rad.visa_besok
    assert page.context["framsteg"].inskickade == 1
    assert "2026-11-01" not in page.text


def test_the_status_json_and_the_no_js_reload_link(strateg):
    utskick = UtskickFactory(status=UtskickStatus.SKICKAS, antal_mottagare=5, antal_skickade=2)
    data = strateg.get(reverse("enkater:utskick_status", args=[utskick.pk])).json()
    assert data == {
        "status": "skickas",
        "status_text": "Skickas",
        "antal_skickade": 2,
        "antal_mottagare": 5,
        "klart": False,
    }
    page = strateg.get(utskick.get_absolute_url()).text
    assert 'data-field="antal_skickade">2</span> av <span data-field="antal_mottagare">5' in page
    assert "Uppdatera sidan" in page and "js/utskick.js" in page
    assert "http-equiv" not in page


def test_revoke_and_new_link_from_the_page(strateg, settings):
    utskick = UtskickFactory(status=UtskickStatus.SKICKAT)
    m = MottagareFactory(utskick=utskick, skickad=SENT)
    old = m.token_hash
    strateg.post(reverse("enkater:mottagare_new_link", args=[m.pk]))
    m.refresh_from_db()
    assert m.token_hash != old and len(mail.outbox) == 1
    strateg.post(reverse("enkater:mottagare_revoke", args=[m.pk]))
    m.refresh_from_db()
    assert m.aterkallad is not None


def test_a_chef_sees_the_progress_but_no_actions(client, charlotte):
    utskick = UtskickFactory(status=UtskickStatus.SKICKAT)
    MottagareFactory(utskick=utskick, skickad=SENT)
    client.force_login(charlotte)
    page = client.get(utskick.get_absolute_url())
    assert page.status_code == 200
    assert "Återkalla" not in page.text


def test_setting_a_colleagues_placing_unit(strateg, sixten):
    url = reverse("enkater:medarbetarenhet_list")
    assert strateg.get(url).status_code == 200
    response = strateg.post(url, {f"enhet_{sixten.pk}": "vuxen"})
    assert response.status_code == 302
    assert Medarbetarenhet.objects.get(anvandare=sixten).placerande_enhet == "vuxen"
    strateg.post(url, {f"enhet_{sixten.pk}": ""})
    assert not Medarbetarenhet.objects.filter(anvandare=sixten).exists()


def test_the_follow_up_panel_lists_the_send_outs(rf, alice, charlotte, sam):
    from arenden.hooks import panels

    utskick = UtskickFactory(antal_mottagare=3)
    request = rf.get("/")
    request.user = alice
    (panel,) = [p for p in panels(request, utskick.uppfoljning) if "enkat_utskick" in p]
    assert panel["enkat_utskick"] == [utskick]
    assert panel["enkat_nytt_url"] == f"/enkater/uppfoljning/{utskick.uppfoljning.pk}/utskick/ny/"
    request.user = charlotte
    (panel,) = [p for p in panels(request, utskick.uppfoljning) if "enkat_utskick" in p]
    assert panel["enkat_nytt_url"] is None
    request.user = sam
    assert not [p for p in panels(request, utskick.uppfoljning) if "enkat_utskick" in p]
