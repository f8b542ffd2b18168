"""Pages of the special follow-up: who may do what, the sample, secrecy of visits."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from arenden.models import (
    Dokumentbegaran,
    Metod,
    Observation,
    PlaneradStatus,
    PlaneradUtfall,
    Uppfoljning,
)
from tests.arenden.factories_sarskild import (
    BristFactory,
    DokumentbegaranFactory,
    ObservationFactory,
    PlatsbesokFactory,
    SarskildFactory,
    TemaFactory,
    UrvalRadFactory,
)
from tests.factories import AvtalFactory, PlaceringFactory, VerksamhetFactory
from tests.querycount import count_queries


def url(name, pk):
    return reverse(f"arenden:{name}", args=[pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("sam", 200), ("charlotte", 200), ("sixten", 403)]
)
def test_who_may_read_a_special_follow_up(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("sarskild", SarskildFactory().pk)).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("sam", 403), ("charlotte", 403), ("sixten", 403)]
)
def test_only_strategists_plan_and_record(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    row = UrvalRadFactory()
    uppfoljning = row.uppfoljning
    DokumentbegaranFactory(uppfoljning=uppfoljning, leverantor=row.leverantor)
    pages = [
        reverse("arenden:sarskild_create"),
        url("sarskild_urval", uppfoljning.pk),
        url("sarskild_urval_update", row.pk),
        url("sarskild_dokument", uppfoljning.pk),
        url("sarskild_dokument", uppfoljning.pk) + f"?andra={uppfoljning.dokument.get().pk}",
        url("sarskild_observation", uppfoljning.pk),
        url("sarskild_bedomning", uppfoljning.pk),
    ]
    assert [client.get(page).status_code for page in pages] == [status] * len(pages)
    # A POST is refused the same way and writes nothing.
    response = client.post(url("sarskild_bedomning", uppfoljning.pk), {"bedomning": "Bra."})
    assert response.status_code == (302 if status == 200 else 403)


@pytest.mark.django_db
def test_an_event_driven_case_is_not_shown_as_a_special_one(client, alice):
    client.force_login(alice)
    case = SarskildFactory(typ="handelsstyrd", leverantor=UrvalRadFactory().leverantor)
    assert client.get(url("sarskild", case.pk)).status_code == 404


@pytest.mark.django_db
def test_a_strategist_creates_a_follow_up_with_the_registers_sample(client, alice):
    top = AvtalFactory(leverantor__namn="Vibor Stödboende AB")
    ramavtal = top.ramavtal
    # Samples are of units: Vibor's three placements are at one unit.
    PlaceringFactory.create_batch(
        3,
        avtal=top,
        verksamhet=VerksamhetFactory(leverantor=top.leverantor, namn="Vibor"),
        startdatum=datetime.date(2023, 3, 1),
        slutdatum=datetime.date(2023, 3, 10),
    )
    PlaceringFactory(
        avtal=AvtalFactory(ramavtal=ramavtal, leverantor__namn="Utslussen Vård AB"),
        startdatum=datetime.date(2023, 5, 1),
        slutdatum=datetime.date(2023, 5, 2),
    )
    idle = AvtalFactory(ramavtal=ramavtal, leverantor__namn="Utan placeringar AB")
    VerksamhetFactory(leverantor=idle.leverantor)
    metod = Metod.objects.get(namn="Oanmält besök")
    client.force_login(alice)

    assert (
        "Utan placeringar AB"
        in client.get(reverse("arenden:sarskild_create") + f"?ramavtal={ramavtal.pk}").text
    )
    response = client.post(
        reverse("arenden:sarskild_create"),
        {
            "ramavtal": ramavtal.pk,
            "ar": 2024,
            "rubrik": "",
            "metoder": [metod.pk],
            "urvalsregel": "hogst_inkopsvarde",
            "urval_fran": "2023-01-01",
            "urval_till": "2024-04-30",
            "antal": 5,
        },
    )
    uppfoljning = Uppfoljning.objects.get()
    assert response.headers["Location"] == url("sarskild", uppfoljning.pk)
    assert uppfoljning.rubrik == f"Särskild uppföljning {ramavtal.namn} 2024"
    assert uppfoljning.ansvarig == alice
    assert list(uppfoljning.metoder.all()) == [metod]
    assert uppfoljning.urvalskriterier == (
        "De 2 verksamheter med högst inköpsvärde 2023-01-01 – 2024-04-30"
    )
    assert uppfoljning.urvalsregel == "hogst_inkopsvarde"

    page = client.get(url("sarskild", uppfoljning.pk)).text
    # 3 placements × 10 days × 3 000 kr = 90 000 kr = 0,1 mkr; 2 days = 6 000 kr = 0,0 mkr.
    assert '<th scope="row" class="col-namn"><a href=' in page
    # The row is the unit; its supplier has a column of its own.
    assert (
        "Vibor</a></th>\n        <td>0,1</td>\n        <td>3</td>\n"
        "        <td>Vibor Stödboende AB</td>" in page
    )
    assert "<td>0,0</td>\n        <td>1</td>\n        <td>Utslussen Vård AB</td>" in page
    assert "Planerad: 2 · Pågår: 0 · Genomförd: 0 · Flyttad till nästa år: 0 · Inställd: 0" in page
    assert "Oanmält besök" in page


@pytest.mark.django_db
def test_a_hand_picked_sample_without_criteria_gets_a_swedish_message(client, alice):
    avtal = AvtalFactory(leverantor__namn="Allviken Vård AB")
    unit = VerksamhetFactory(leverantor=avtal.leverantor, namn="Allviken")
    other = VerksamhetFactory(leverantor=AvtalFactory(leverantor__namn="Annat avtal AB").leverantor)
    client.force_login(alice)
    data = {
        "ramavtal": avtal.ramavtal.pk,
        "ar": 2025,
        "rubrik": "Stödboende 2025",
        "urvalsregel": "hand",
        "verksamheter": [unit.pk],
    }
    response = client.post(reverse("arenden:sarskild_create"), data)
    assert response.status_code == 200
    assert "Beskriv hur verksamheterna valdes ut när urvalet görs för hand." in response.text
    # A unit without a contract under the agreement is not on offer.
    response = client.post(
        reverse("arenden:sarskild_create"),
        {**data, "verksamheter": [other.pk], "urvalskriterier": "Signal från IVO"},
    )
    assert "Välj ett giltigt alternativ" in response.text
    assert not Uppfoljning.objects.exists()

    response = client.post(
        reverse("arenden:sarskild_create"), {**data, "urvalskriterier": "Signal från IVO"}
    )
    uppfoljning = Uppfoljning.objects.get()
    assert response.status_code == 302
    assert [(r.verksamhet, r.leverantor) for r in uppfoljning.urval.all()] == [
        (unit, avtal.leverantor)
    ]


@pytest.mark.django_db
def test_a_status_change_follows_the_models_rules_in_swedish(client, alice):
    row = UrvalRadFactory()
    client.force_login(alice)
    page = url("sarskild_urval_update", row.pk)

    response = client.post(page, {"status": PlaneradStatus.FLYTTAD, "skal": "", "utfall": ""})
    assert "Ange varför uppföljningen inte genomförs som planerat." in response.text
    response = client.post(page, {"status": PlaneradStatus.GENOMFORD, "skal": "", "utfall": ""})
    assert "Ange utfallet av en genomförd uppföljning." in response.text
    row.refresh_from_db()
    assert row.status == PlaneradStatus.PLANERAD

    # Rättelse needs a finding (the outcome ladder): none chosen, none made, refused.
    data = {"status": PlaneradStatus.GENOMFORD, "utfall": PlaneradUtfall.RATTELSE}
    response = client.post(page, data)
    assert "Rättelse begärd kräver en brist med sista dag för åtgärd" in response.text
    # Made from the row: a Brist of the row's supplier in this follow-up.
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        page,
        {
            **data,
            "ny_brist_beskrivning": "Bemanningsschema saknas för kvällstid.",
            "ny_brist_krav": "Inkom med bemanningsschema.",
            "ny_brist_atgard_senast": deadline.isoformat(),
        },
    )
    assert response.headers["Location"] == url("sarskild", row.uppfoljning_id)
    row.refresh_from_db()
    assert (row.status, row.utfall) == (PlaneradStatus.GENOMFORD, PlaneradUtfall.RATTELSE)
    assert (row.brist.leverantor, row.brist.uppfoljning, row.brist.atgard_senast) == (
        row.leverantor,
        row.uppfoljning,
        deadline,
    )
    # The row's own history shows who changed the status.
    assert "Genomförd" in client.get(page).text


@pytest.mark.django_db
def test_documents_observations_and_the_assessment_are_recorded(client, alice):
    row = UrvalRadFactory(leverantor__namn="Ramnäs HVB AB")
    uppfoljning = row.uppfoljning
    tema = TemaFactory(namn="Bemanning och kompetens")
    uppfoljning.teman.add(tema)
    client.force_login(alice)

    client.post(
        url("sarskild_dokument", uppfoljning.pk),
        {
            "leverantor": row.leverantor.pk,
            "dokument": "Kvalitetsberättelse",
            "begart": "2024-09-02",
        },
    )
    dok = Dokumentbegaran.objects.get()
    edit = url("sarskild_dokument", uppfoljning.pk) + f"?andra={dok.pk}"
    data = {"leverantor": row.leverantor.pk, "dokument": "Kvalitetsberättelse"}
    response = client.post(edit, {**data, "begart": "2024-09-02", "inkommet": "2024-09-01"})
    assert "Dokumentet kan inte komma in före begäran." in response.text
    client.post(edit, {**data, "begart": "2024-09-02", "inkommet": "2024-09-20"})
    dok.refresh_from_db()
    assert dok.inkommet == datetime.date(2024, 9, 20)

    outsider = AvtalFactory(ramavtal=uppfoljning.ramavtal).leverantor
    response = client.post(
        url("sarskild_observation", uppfoljning.pk),
        {"leverantor": outsider.pk, "tema": tema.pk, "text": "x"},
    )
    assert "Välj ett giltigt alternativ" in response.text
    client.post(
        url("sarskild_observation", uppfoljning.pk),
        {"leverantor": row.leverantor.pk, "tema": tema.pk, "text": "Schemat följs även kvällstid."},
    )
    assert Observation.objects.get().text == "Schemat följs även kvällstid."

    client.post(url("sarskild_bedomning", uppfoljning.pk), {"bedomning": "Inga större brister."})
    page = client.get(url("sarskild", uppfoljning.pk)).text
    assert "<td>2024-09-20</td>" in page
    assert "<h3>Ramnäs HVB AB</h3>" in page
    assert "<dt>Bemanning och kompetens</dt>" in page
    assert "Schemat följs även kvällstid." in page
    assert "Inga större brister." in page


@pytest.mark.django_db
def test_a_unit_is_added_to_the_sample_by_hand(client, alice):
    uppfoljning = SarskildFactory()
    avtal = AvtalFactory(ramavtal=uppfoljning.ramavtal, leverantor__namn="Morgården AB")
    unit = VerksamhetFactory(leverantor=avtal.leverantor, namn="Morgården Norra")
    VerksamhetFactory(leverantor=avtal.leverantor, namn="Morgården Södra")
    client.force_login(alice)
    response = client.post(
        url("sarskild_urval", uppfoljning.pk),
        {"verksamhet": unit.pk, "inkopsvarde": "2600000", "antal_placeringar": 4},
    )
    assert response.status_code == 302
    row = uppfoljning.urval.get()
    assert (row.verksamhet, row.leverantor, row.inkopsvarde) == (
        unit,
        avtal.leverantor,
        Decimal("2600000"),
    )
    assert "<td>2,6</td>" in client.get(url("sarskild", uppfoljning.pk)).text
    # Already in the sample: not offered again; the supplier's other unit still is.
    page = client.get(url("sarskild_urval", uppfoljning.pk)).text
    assert "Morgården Norra" not in page
    assert "Morgården Södra (Morgården AB)" in page


@pytest.mark.django_db
def test_a_planned_unannounced_visit_is_shown_only_to_strategists(client, alice, charlotte):
    uppfoljning = SarskildFactory()
    PlatsbesokFactory(
        uppfoljning=uppfoljning, verksamhet__namn="Hemliga gården", anmalt=False, kvall=True
    )
    PlatsbesokFactory(uppfoljning=uppfoljning, verksamhet__namn="Anmälda gården")
    PlatsbesokFactory(
        uppfoljning=uppfoljning, verksamhet__namn="Gjorda gården", anmalt=False, genomfort=True
    )
    page = url("sarskild", uppfoljning.pk)

    client.force_login(charlotte)
    shown = client.get(page).text
    assert "Hemliga gården" not in shown
    assert "Anmälda gården" in shown and "Gjorda gården" in shown

    client.force_login(alice)
    assert "Hemliga gården" in client.get(page).text


@pytest.mark.django_db
def test_the_detail_page_query_count_does_not_grow_with_rows(client, alice):
    uppfoljning = SarskildFactory()
    client.force_login(alice)

    def grow():
        row = UrvalRadFactory(uppfoljning=uppfoljning, inkopsvarde=Decimal("1000000"))
        tema = TemaFactory()
        uppfoljning.teman.add(tema)
        uppfoljning.metoder.add(Metod.objects.filter(aktiv=True).order_by("?").first())
        DokumentbegaranFactory(uppfoljning=uppfoljning, leverantor=row.leverantor)
        ObservationFactory(uppfoljning=uppfoljning, leverantor=row.leverantor, tema=tema)
        PlatsbesokFactory(
            uppfoljning=uppfoljning, verksamhet=VerksamhetFactory(leverantor=row.leverantor)
        )
        BristFactory(uppfoljning=uppfoljning, leverantor=row.leverantor, tema=tema)

    grow()
    before = count_queries(client, url("sarskild", uppfoljning.pk))
    for _ in range(4):
        grow()
    assert count_queries(client, url("sarskild", uppfoljning.pk)) == before


@pytest.mark.django_db
def test_visits_and_findings_are_recorded_for_suppliers_in_the_sample(client, alice):
    uppfoljning = SarskildFactory()
    in_sample = VerksamhetFactory(namn="Cederängen")
    outside = VerksamhetFactory(namn="Utanför urvalet")
    uppfoljning.urval.create(leverantor=in_sample.leverantor)
    client.force_login(alice)

    form = client.get(url("besok_create", uppfoljning.pk)).text
    assert "Cederängen" in form and "Utanför urvalet" not in form
    client.post(
        url("besok_create", uppfoljning.pk),
        {
            "verksamhet": in_sample.pk,
            "tidpunkt": "2024-10-01T19:00",
            "kvall": "on",
            "genomfort": "on",
            "iakttagelser": "Bemanning enligt schema.",
        },
    )
    refused = client.post(
        url("brist_create", uppfoljning.pk),
        {
            "leverantor": outside.leverantor.pk,
            "beskrivning": "B",
            "allvarlighet": "medel",
            "krav": "K",
            "atgard_senast": "2024-12-01",
        },
    )
    assert refused.status_code == 200
    client.post(
        url("brist_create", uppfoljning.pk),
        {
            "leverantor": in_sample.leverantor.pk,
            "verksamhet": in_sample.pk,
            "beskrivning": "Rutin för flytt är tunn",
            "allvarlighet": "lag",
            "krav": "Utveckla rutinen",
            "atgard_senast": "2024-12-01",
        },
    )
    page = client.get(url("sarskild", uppfoljning.pk)).text
    assert "Bemanning enligt schema." in page
    assert "Rutin för flytt är tunn" in page
    assert uppfoljning.brister.get().leverantor == in_sample.leverantor


@pytest.mark.django_db
def test_the_sample_table_rounds_purchase_value_half_up(client, alice):
    uppfoljning = SarskildFactory()
    UrvalRadFactory(
        uppfoljning=uppfoljning, leverantor__namn="Halva AB", inkopsvarde=Decimal("1250000")
    )
    UrvalRadFactory(uppfoljning=uppfoljning, leverantor__namn="Okänd AB", inkopsvarde=None)
    client.force_login(alice)
    page = client.get(url("sarskild", uppfoljning.pk))
    assert {r.leverantor.namn: r.inkopsvarde_mkr for r in page.context["urval"]} == {
        "Halva AB": Decimal("1.3"),
        "Okänd AB": None,
    }
    assert "Halva AB</a></th>\n        <td>1,3</td>" in page.text
    assert "Okänd AB</a></th>\n        <td>–</td>" in page.text


@pytest.mark.django_db
def test_a_rows_page_links_to_a_vite_for_its_unit_on_the_suppliers_contract(client, alice):
    unit = VerksamhetFactory(namn="Hem Björken")
    case = SarskildFactory()
    avtal = AvtalFactory(leverantor=unit.leverantor, ramavtal=case.ramavtal)
    row = UrvalRadFactory(uppfoljning=case, verksamhet=unit, leverantor=unit.leverantor)
    client.force_login(alice)
    response = client.get(url("sarskild_urval_update", row.pk))
    beslut = reverse("leverantorer:beslut_create", args=[avtal.pk])
    back = url("sarskild_urval_update", row.pk)  # `urlencode` keeps "/" as it is
    assert f'href="{beslut}?typ=vite&amp;verksamhet={unit.pk}&amp;next={back}"' in response.text
    assert 'Fatta beslut om vite<span class="visually-hidden"> för Hem Björken' in response.text


@pytest.mark.django_db
def test_a_sample_without_figures_shows_no_empty_figure_columns(client, alice):
    uppfoljning = SarskildFactory()
    unit = VerksamhetFactory(namn="Hemtjänst Norr")
    UrvalRadFactory(uppfoljning=uppfoljning, verksamhet=unit, leverantor=unit.leverantor)
    client.force_login(alice)
    page = client.get(url("sarskild", uppfoljning.pk)).text
    assert "Hemtjänst Norr</a></th>" in page
    assert "Inköpsvärde mkr" not in page
    assert "Antal placeringar" not in page

    UrvalRadFactory(uppfoljning=uppfoljning, antal_placeringar=4)
    page = client.get(url("sarskild", uppfoljning.pk)).text
    assert '<th scope="col">Inköpsvärde mkr</th><th scope="col">Antal placeringar</th>' in page
