"""Pages for checks: progress, starting sweeps, "Kontrollera nu", the supplier page."""

import json

import pytest
from django.urls import reverse

from arenden.kontroller.parsing import KontrollFel, parse_ivo, parse_kredit
from arenden.kontroller.storage import store_check
from arenden.kontroller.sweeps import sweep_start
from arenden.models import Kontrollsvep
from tests.arenden.kontroller.stubserver import ivo_answer, kredit_answer
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory
from tests.querycount import count_queries
from uppfoljning.celery import app


@pytest.fixture
def broker_down():
    """Point Celery at a closed port on 127.0.0.1, as when Redis is down."""
    saved = (app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_transport_options)
    app.conf.broker_url = app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    app.conf.broker_transport_options = {"max_retries": 0}
    _reset_pools()
    yield
    app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_transport_options = saved
    _reset_pools()


def _reset_pools():
    # Connections made for the previous broker must not be reused.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def svep(settings):
    settings.KONTROLL_IVO_ADAPTER = "demo"
    avtal = AvtalFactory()
    for _ in range(3):
        VerksamhetFactory(leverantor=avtal.leverantor)
    return sweep_start(typ="ivo", anledning="schema")[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("charlotte", 200), ("sam", 403), ("sixten", 403)]
)
def test_strategists_and_managers_follow_sweeps(client, request, svep, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("kontroller:svep_list")).status_code == status
    assert client.get(svep.get_absolute_url()).status_code == status
    assert client.get(reverse("kontroller:svep_status", args=[svep.pk])).status_code == status


@pytest.mark.django_db
def test_the_progress_page_shows_counts_and_loads_the_poll_script(client, alice, svep):
    Kontrollsvep.objects.filter(pk=svep.pk).update(klara=1, misslyckade=1, signaler=1)
    client.force_login(alice)
    page = client.get(svep.get_absolute_url()).content.decode()
    assert '<progress id="svep-bar" max="100" value="67">' in page
    assert 'data-status="pagar"' in page
    assert "js/kontrollsvep.js" in page
    assert "<script>" not in page  # CSP: no inline scripts
    status = client.get(reverse("kontroller:svep_status", args=[svep.pk])).json()
    assert status == {
        "status": "pagar",
        "status_text": "Pågår",
        "totalt": 3,
        "gjorda": 2,
        "klara": 1,
        "misslyckade": 1,
        "signaler": 1,
        "procent": 67,
        "felmeddelande": "",
    }


@pytest.mark.django_db
def test_sweep_pages_cost_a_fixed_number_of_queries(client, alice, svep):
    client.force_login(alice)
    url = reverse("kontroller:svep_list")
    few = count_queries(client, url)
    for _ in range(5):
        Kontrollsvep.objects.create(
            typ="kredit", adapter="demo", anledning="manuell", status="klar", startad_av=alice
        )
    assert count_queries(client, url) == few
    # 7: the sweep page also writes its access log row (uppfoljning.atkomst).
    assert count_queries(client, svep.get_absolute_url()) <= 7


@pytest.mark.django_db
def test_a_strategist_starts_a_sweep(client, alice, settings):
    settings.KONTROLL_KREDIT_ADAPTER = "demo"
    AvtalFactory()
    client.force_login(alice)
    response = client.post(reverse("kontroller:svep_start"), {"typ": "kredit"}, follow=True)
    svep = Kontrollsvep.objects.get()
    assert response.redirect_chain == [(svep.get_absolute_url(), 302)]
    assert (
        "Kreditkontroll av leverantörer är startad: 1 att kontrollera." in response.content.decode()
    )
    assert (svep.typ, svep.anledning, svep.startad_av, svep.totalt) == (
        "kredit",
        "manuell",
        alice,
        1,
    )
    # A second press while it runs shows the running one.
    client.post(reverse("kontroller:svep_start"), {"typ": "kredit"})
    assert Kontrollsvep.objects.count() == 1


@pytest.mark.django_db
def test_starting_needs_post_and_permission(client, charlotte, alice):
    client.force_login(alice)
    assert client.get(reverse("kontroller:svep_start")).status_code == 405
    client.force_login(charlotte)
    assert client.post(reverse("kontroller:svep_start"), {"typ": "ivo"}).status_code == 403


@pytest.mark.django_db
def test_the_verdict_page_has_the_button_and_it_queues_both_checks(client, sam, settings):
    settings.KONTROLL_IVO_ADAPTER = "demo"
    avtal = AvtalFactory()
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    verdict = reverse("arenden:avrop_verdict", args=[avtal.pk, unit.pk])
    button = reverse("kontroller:kontrollera_nu", args=[unit.pk])
    client.force_login(sam)
    page = client.get(verdict).content.decode()
    assert f'action="{button}"' in page and "Kontrollera nu" in page
    response = client.post(button, {"next": verdict}, follow=True)
    assert response.redirect_chain == [(verdict, 302)]
    assert "Kontroll av" in response.content.decode()
    sweeps = Kontrollsvep.objects.order_by("typ")
    assert [(s.typ, s.omfattning, s.amnen, s.status) for s in sweeps] == [
        ("ivo", "enstaka", [unit.pk], "pagar"),
        ("kredit", "enstaka", [avtal.leverantor_id], "pagar"),
    ]
    # Pressed again before the worker got to it: the same two sweeps.
    client.post(button, {"next": verdict})
    assert Kontrollsvep.objects.count() == 2


@pytest.mark.django_db
def test_the_button_says_so_in_swedish_when_the_broker_is_down(client, sam, broker_down):
    avtal = AvtalFactory()
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    client.force_login(sam)
    response = client.post(reverse("kontroller:kontrollera_nu", args=[unit.pk]), follow=True)
    assert response.status_code == 200
    assert "kön för bakgrundsjobb svarar inte" in response.content.decode()
    assert set(Kontrollsvep.objects.values_list("status", flat=True)) == {"avbruten"}


@pytest.fixture
def queued_then_broker_down(client, sam, settings):
    """A unit whose checks one press queued before the broker went down."""
    settings.KONTROLL_IVO_ADAPTER = "demo"
    avtal = AvtalFactory()
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    client.force_login(sam)
    client.post(reverse("kontroller:kontrollera_nu", args=[unit.pk]))
    assert set(Kontrollsvep.objects.values_list("status", flat=True)) == {"pagar"}
    return unit


@pytest.mark.django_db
def test_a_press_with_the_broker_down_leaves_an_earlier_press_queued(
    client, queued_then_broker_down, broker_down
):
    url = reverse("kontroller:kontrollera_nu", args=[queued_then_broker_down.pk])
    response = client.post(url, follow=True)
    assert "kön för bakgrundsjobb svarar inte" in response.content.decode()
    # The checks the first press queued still run when a worker takes them.
    assert list(Kontrollsvep.objects.values_list("status", flat=True)) == ["pagar", "pagar"]


@pytest.mark.django_db
def test_the_button_refuses_get_foreign_redirects_and_roles_without_checks(client, sam, charlotte):
    unit = VerksamhetFactory()
    url = reverse("kontroller:kontrollera_nu", args=[unit.pk])
    client.force_login(sam)
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == unit.leverantor.get_absolute_url()
    client.force_login(charlotte)
    assert client.post(url).status_code == 403


@pytest.mark.django_db
def test_the_button_is_protected_by_csrf(sam):
    from django.test import Client

    unit = VerksamhetFactory()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(sam)
    response = strict.post(reverse("kontroller:kontrollera_nu", args=[unit.pk]))
    assert response.status_code == 403
    assert not Kontrollsvep.objects.exists()


def ivo(**overrides):
    return parse_ivo(json.dumps(ivo_answer(**overrides)).encode())


@pytest.mark.django_db
def test_the_supplier_page_shows_what_changed_between_two_checks(client, alice):
    avtal = AvtalFactory(ramavtal=RamavtalFactory(ansvarig_strateg=alice))
    unit = VerksamhetFactory(leverantor=avtal.leverantor, namn="Hemmet")
    store_check(typ="ivo", amne_id=unit.pk, utfall=ivo(), kalla="http")
    store_check(typ="ivo", amne_id=unit.pk, utfall=ivo(oppna_tillsynsarenden=2), kalla="http")
    store_check(
        typ="ivo", amne_id=unit.pk, utfall=KontrollFel("Tjänsten svarade inte."), kalla="http"
    )
    raw = json.dumps(kredit_answer()).encode()
    store_check(typ="kredit", amne_id=avtal.leverantor_id, utfall=parse_kredit(raw), kalla="demo")
    client.force_login(alice)
    page = client.get(avtal.leverantor.get_absolute_url()).content.decode()
    assert "IVO- och kreditkontroller" in page
    assert "<strong>Försämring:</strong> Öppna tillsynsärenden: 0 → 2" in page
    assert "Okänt – kunde inte genomföras" in page and "Tjänsten svarade inte." in page
    assert "Jämförelse kräver två genomförda kontroller." in page  # credit: one check
    assert reverse("kontroller:kontrollera_nu", args=[unit.pk]) in page


@pytest.mark.django_db
def test_the_supplier_page_costs_the_same_queries_with_more_units_and_checks(client, alice):
    avtal = AvtalFactory()
    url = avtal.leverantor.get_absolute_url()
    client.force_login(alice)

    def add_unit():
        unit = VerksamhetFactory(leverantor=avtal.leverantor)
        for n in range(3):
            store_check(
                typ="ivo", amne_id=unit.pk, utfall=ivo(oppna_tillsynsarenden=n), kalla="http"
            )

    add_unit()
    few = count_queries(client, url)
    for _ in range(4):
        add_unit()
    assert count_queries(client, url) == few


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("kontroller:svep_list", [], "/leverantorer/kontroller/"),
        ("kontroller:svep_start", [], "/leverantorer/kontroller/starta/"),
        ("kontroller:kontrollfil", [], "/leverantorer/kontroller/fil/"),
        ("kontroller:svep", [7], "/leverantorer/kontroller/7/"),
        ("kontroller:svep_status", [7], "/leverantorer/kontroller/7/status/"),
        ("kontroller:kontroll_underlag", ["ivo", 7], "/leverantorer/kontroller/ivo/7/underlag/"),
        ("kontroller:kontrollera_nu", [7], "/leverantorer/verksamheter/7/kontrollera/"),
    ],
)
def test_the_check_pages_keep_their_paths_from_the_register(name, args, path):
    # Mounted from arenden since the move; bookmarks and old links still work.
    assert reverse(name, args=args) == path
