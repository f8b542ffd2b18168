"""The sample table as a form: bulk actions, markera alla, status filter, query count, import."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arenden.models import EjGenomfordOrsak, PlaneradStatus, PlaneradUtfall, UppfoljningLeverantor
from arenden.urval_import import export_rader
from tests.arenden.factories_sarskild import BristFactory, SarskildFactory, UrvalRadFactory
from tests.arenden.test_utfallstrappa import beslut
from tests.factories import AvtalFactory, VerksamhetFactory
from tests.querycount import count_queries
from tests.spreadsheets import csv_bytes


def sample(uppfoljning, n):
    rows = []
    for i in range(n):
        verksamhet = VerksamhetFactory(namn=f"Enhet {i:03d}")
        rows.append(
            UrvalRadFactory(
                uppfoljning=uppfoljning, verksamhet=verksamhet, leverantor=verksamhet.leverantor
            )
        )
    return rows


def detail(uppfoljning):
    return reverse("arenden:sarskild", args=[uppfoljning.pk])


@pytest.mark.django_db
def test_it_sets_the_checked_rows_and_says_how_many(client, alice):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 50)
    client.force_login(alice)
    response = client.post(
        reverse("arenden:sarskild_urval_bulk", args=[uppfoljning.pk]),
        {"rader": [row.pk for row in rows[:45]], "status": PlaneradStatus.PAGAR},
        follow=True,
    )
    assert "45 rader är uppdaterade." in response.text
    assert UppfoljningLeverantor.objects.filter(status=PlaneradStatus.PAGAR).count() == 45


@pytest.mark.django_db
def test_a_refused_bulk_change_shows_why_and_writes_nothing(client, alice):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 3)
    client.force_login(alice)
    response = client.post(
        reverse("arenden:sarskild_urval_bulk", args=[uppfoljning.pk]),
        {"rader": [row.pk for row in rows], "status": PlaneradStatus.FLYTTAD},
        follow=True,
    )
    assert "3 rader kan inte uppdateras. Ingenting har sparats." in response.text
    assert "Enhet 000: Ange varför uppföljningen inte genomförs som planerat." in response.text
    assert not UppfoljningLeverantor.objects.filter(status=PlaneradStatus.FLYTTAD).exists()

    orsak = EjGenomfordOrsak.objects.get(namn="Omprioritering")
    response = client.post(
        reverse("arenden:sarskild_urval_bulk", args=[uppfoljning.pk]),
        {"rader": [row.pk for row in rows], "status": PlaneradStatus.FLYTTAD, "orsak": orsak.pk},
        follow=True,
    )
    assert "3 rader är uppdaterade." in response.text


@pytest.mark.django_db
def test_only_strategists_change_many_rows(client, sam):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 1)
    client.force_login(sam)
    response = client.post(
        reverse("arenden:sarskild_urval_bulk", args=[uppfoljning.pk]),
        {"rader": [rows[0].pk], "status": PlaneradStatus.PAGAR},
    )
    assert response.status_code == 403
    page = client.get(detail(uppfoljning)).text
    assert 'name="rader"' not in page
    assert "Exportera urvalet" in page


@pytest.mark.django_db
def test_the_table_has_a_labelled_checkbox_per_row_and_markera_alla_without_js(client, alice):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 2)
    client.force_login(alice)
    page = client.get(detail(uppfoljning)).text
    box = f'<input type="checkbox" name="rader" value="{rows[0].pk}" id="rad-{rows[0].pk}">'
    assert box in page
    assert f'<label for="rad-{rows[0].pk}" class="visually-hidden">Välj Enhet 000</label>' in page
    assert "Markera alla</a>" in page
    page = client.get(detail(uppfoljning) + "?markera=alla").text
    assert page.count('name="rader"') == page.count(" checked>") == 2
    assert f'id="rad-{rows[1].pk}" checked>' in page
    assert "Avmarkera alla</a>" in page


@pytest.mark.django_db
def test_the_status_filter_shows_only_that_status(client, alice):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 2)
    UppfoljningLeverantor.objects.filter(pk=rows[1].pk).update(
        status=PlaneradStatus.GENOMFORD, utfall=PlaneradUtfall.INGA_ANMARKNINGAR
    )
    client.force_login(alice)
    page = client.get(detail(uppfoljning) + "?status=genomford").text
    assert "Enhet 001" in page
    assert "Enhet 000" not in page
    assert "Utan anmärkning" in page


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_for_10_and_150_rows(client, alice):
    small, big = SarskildFactory(), SarskildFactory()
    sample(small, 10)
    sample(big, 150)
    client.force_login(alice)
    count_queries(client, detail(small))  # warm caches (session, permissions)
    assert count_queries(client, detail(small)) == count_queries(client, detail(big))


@pytest.mark.django_db
def test_upload_preview_confirm_applies_the_file(client, alice):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 2)
    header, data = export_rader(uppfoljning)
    data = [["" if v is None else str(v) for v in row] for row in data]
    data[0][4] = "Pågår"
    content = csv_bytes(header, data)
    client.force_login(alice)
    page = reverse("arenden:sarskild_urval_import", args=[uppfoljning.pk])
    response = client.post(page, {"fil": SimpleUploadedFile("urval.csv", content)})
    assert "1 ändras, 1 oförändrade." in response.text
    assert "status: Planerad → Pågår" in response.text
    assert UppfoljningLeverantor.objects.get(pk=rows[0].pk).status == PlaneradStatus.PLANERAD
    token = response.context["token"]
    response = client.post(page, {"token": token}, follow=True)
    assert "Importen är klar: 1 rader ändrade, 1 oförändrade." in response.text
    assert UppfoljningLeverantor.objects.get(pk=rows[0].pk).status == PlaneradStatus.PAGAR


@pytest.mark.django_db
def test_the_row_page_offers_only_the_suppliers_evidence_and_applies_the_ladder(client, alice):
    uppfoljning = SarskildFactory()
    (row,) = sample(uppfoljning, 1)
    own = BristFactory(leverantor=row.leverantor, beskrivning="Egen brist")
    BristFactory(beskrivning="Annans brist")
    vite = beslut(AvtalFactory(leverantor=row.leverantor), "vite", alice, belopp=Decimal("25000"))
    beslut(AvtalFactory(), "vite", alice, belopp=Decimal("1000"))
    client.force_login(alice)
    page = reverse("arenden:sarskild_urval_update", args=[row.pk])

    response = client.get(page)
    assert list(response.context["form"].fields["brist"].queryset) == [own]
    assert list(response.context["form"].fields["beslut"].queryset) == [vite]
    assert "Enhet 000 i " in response.text

    data = {"status": PlaneradStatus.GENOMFORD, "utfall": PlaneradUtfall.VITE, "skal": ""}
    response = client.post(page, data)
    assert "Vite kräver ett beslut om vite för leverantörens avtal." in response.text
    response = client.post(page, {**data, "beslut": vite.pk})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.utfall, row.beslut) == (PlaneradUtfall.VITE, vite)
    assert "Sanktion (vite eller hävning)" in client.get(detail(uppfoljning)).text
