"""The browser import end to end: upload, preview, confirm; stale confirms; who may."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leverantorer import views as import_views
from leverantorer.models import Avtal, Leverantor, Verksamhet
from ramavtal.models import Ramavtal
from tests.factories import RamavtalFactory
from tests.leverantorer.test_imports import LEVERANTORER_HEADER, ORGNR_A, ORGNR_B, register_state
from tests.spreadsheets import csv_bytes

pytestmark = pytest.mark.django_db

HVB = "SCN-2019-0437"
STOD = "SCN-2021-00275"
NOT_FOUND = "Importen hittades inte. Ladda upp filen igen."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def agreements():
    return RamavtalFactory(diarienummer=HVB), RamavtalFactory(diarienummer=STOD)


def supplier_file():
    return csv_bytes(
        LEVERANTORER_HEADER,
        [
            [
                ORGNR_A,
                "Solgården Vård AB",
                "Uppsala",
                "Uppsala län",
                HVB,
                "1",
                "Solgården HVB",
                "",
                "",
            ],
            [ORGNR_B, "Björkhagen Omsorg AB", "Gävle", "Gävleborg", STOD, "2", "", "", ""],
        ],
    )


def upload(client, data=None, kind="leverantorer"):
    fil = SimpleUploadedFile("leverantorer.csv", data or supplier_file())
    return client.post(reverse("leverantorer:import"), {"kind": kind, "fil": fil})


def confirm(client, token):
    return client.post(reverse("leverantorer:import_confirm"), {"token": token})


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def kept_files(media):
    folder = media / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_upload_preview_and_confirm_write_the_file(client, alice, agreements, media):
    client.force_login(alice)
    preview = upload(client)
    assert preview.status_code == 200
    assert "2 rader:\n  2 nya, 0 ändras, 0 oförändrade." in preview.text
    token = preview.context["token"]
    assert kept_files(media) == [token]
    assert not Leverantor.objects.exists()  # the preview writes nothing

    response = confirm(client, token)

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("leverantorer:list")
    assert texts(response) == ["Importen är klar: 2 nya, 0 ändrade, 0 oförändrade."]
    assert sorted(Leverantor.objects.values_list("namn", flat=True)) == [
        "Björkhagen Omsorg AB",
        "Solgården Vård AB",
    ]
    assert Avtal.objects.count() == 2
    assert list(Verksamhet.objects.values_list("namn", flat=True)) == ["Solgården HVB"]
    supplier = Leverantor.objects.get(organisationsnummer=ORGNR_A)
    assert supplier.history.get().history_user == alice
    assert kept_files(media) == []  # the upload is gone once confirmed


def test_a_register_change_before_confirm_shows_the_rows_errors_and_writes_nothing(
    client, alice, agreements, media
):
    client.force_login(alice)
    token = upload(client).context["token"]
    # The stödboende agreement's diarienummer is corrected meanwhile.
    Ramavtal.objects.filter(pk=agreements[1].pk).update(diarienummer="SCN-2021-00276")
    before = register_state()

    response = confirm(client, token)

    assert response.status_code == 200
    assert texts(response) == ["Filen innehåller fel och importerades inte."]
    assert (
        "Rad 3, kolumn ”ramavtal”: okänt ramavtal ”SCN-2021-00275”: "
        "inget ramavtal har det diarienumret."
    ) in response.text
    assert response.context["token"] is None  # no button to confirm it again
    assert register_state() == before
    assert kept_files(media) == []


def test_a_register_change_during_the_write_rolls_back_and_says_so(
    client, alice, agreements, media, monkeypatch
):
    """The confirm checks the file, then writes; another user's change in between
    makes the second row fail after the first was written: nothing stays."""
    client.force_login(alice)
    token = upload(client).context["token"]
    apply_import = import_views.apply_import

    def apply_after_a_concurrent_change(preview, *, user):
        Ramavtal.objects.filter(pk=agreements[1].pk).update(diarienummer="SCN-2021-00276")
        return apply_import(preview, user=user)

    monkeypatch.setattr(import_views, "apply_import", apply_after_a_concurrent_change)
    before = register_state()

    response = confirm(client, token)

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("leverantorer:import")
    assert texts(response) == [
        "Rad 3, kolumn ”ramavtal”: okänt ramavtal ”SCN-2021-00275”: "
        "inget ramavtal har det diarienumret.",
        "Ingenting importerades. Ladda upp filen igen.",
    ]
    assert register_state() == before
    assert not Leverantor.objects.exists()
    assert kept_files(media) == []


def test_confirm_without_a_preview_is_refused(client, alice, agreements):
    client.force_login(alice)
    before = register_state()
    response = confirm(client, "0" * 32)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("leverantorer:import")
    assert texts(response) == [NOT_FOUND]
    assert register_state() == before


def test_confirm_with_the_token_of_an_earlier_upload_is_refused(client, alice, agreements, media):
    client.force_login(alice)
    first = upload(client).context["token"]
    second = upload(client).context["token"]  # a second upload replaces the first
    assert kept_files(media) == [second]
    before = register_state()
    response = confirm(client, first)
    assert texts(response) == [NOT_FOUND]
    assert register_state() == before
    # The refused confirm ends the pending import: its file is not left behind.
    assert kept_files(media) == []
    assert texts(confirm(client, second))[-1] == NOT_FOUND
    assert register_state() == before


def test_a_second_confirm_of_the_same_upload_writes_nothing_more(client, alice, agreements):
    client.force_login(alice)
    token = upload(client).context["token"]
    first = confirm(client, token)
    client.get(first.headers["Location"])  # shows (and uses up) the success message
    after_first = register_state()
    response = confirm(client, token)
    assert texts(response) == [NOT_FOUND]
    assert register_state() == after_first


def test_confirm_after_the_kept_file_is_gone_is_refused(client, alice, agreements, media):
    client.force_login(alice)
    token = upload(client).context["token"]
    (media / "imports" / token).unlink()
    before = register_state()
    response = confirm(client, token)
    assert texts(response) == [NOT_FOUND]
    assert register_state() == before


def test_confirm_answers_only_post(client, alice):
    client.force_login(alice)
    assert client.get(reverse("leverantorer:import_confirm")).status_code == 405


@pytest.mark.parametrize("persona", ["alice", "ada"])
def test_strategists_and_administrators_may_import(client, persona, request, agreements):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("leverantorer:import")).status_code == 200
    token = upload(client).context["token"]
    assert confirm(client, token).status_code == 302
    assert Leverantor.objects.count() == 2


@pytest.mark.parametrize("persona", ["sam", "charlotte", "sixten"])
def test_other_roles_may_neither_upload_nor_confirm(client, persona, request, agreements, media):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("leverantorer:import")).status_code == 403
    assert upload(client).status_code == 403
    assert kept_files(media) == []
    assert confirm(client, "0" * 32).status_code == 403
    assert not Leverantor.objects.exists()


def test_a_strategists_pending_import_cannot_be_confirmed_by_a_coordinator(
    client, alice, sam, agreements
):
    client.force_login(alice)
    token = upload(client).context["token"]
    client.force_login(sam)  # a new session, and no permission
    assert confirm(client, token).status_code == 403
    assert not Leverantor.objects.exists()


def test_anonymous_visitors_are_sent_to_login(client):
    for name in ("leverantorer:import", "leverantorer:import_confirm"):
        response = client.post(reverse(name))
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("login"))
