"""The personal-link answer page: which links open, drafts, uploads, submit, deadlines."""

import datetime
import logging

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enkater import besvara
from enkater.models import (
    FragaTyp,
    Komplettering,
    Mottagare,
    Svar,
    SvarStatus,
    SvarVarde,
    UtskickStatus,
)
from enkater.tokens import new_token
from enkater.versioner import frys
from enkater.villkor import synliga_fragor
from tests.clock import DEFAULT
from tests.enkater.factories import (
    FragaFactory,
    MottagareFactory,
    SektionFactory,
    UtskickFactory,
)

# The dates below are written out around the suite's default day (tests/clock.py).
pytestmark = pytest.mark.today(DEFAULT)

D = datetime.date
PDF = b"%PDF-1.7\n1 0 obj\n%%EOF\n"
PNR = "19121212-1212"


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def enkat(db):
    """A frozen questionnaire: yes/no (required), a conditional text, a document, a long text."""
    sektion = SektionFactory(rubrik="Bemanning")
    ja_nej = FragaFactory(
        sektion=sektion, typ=FragaTyp.JA_NEJ, text="Finns rutin?", obligatorisk=True
    )
    villkor = FragaFactory(
        sektion=sektion,
        typ=FragaTyp.KORT_TEXT,
        text="Vad heter rutinen?",
        obligatorisk=True,
        villkor_fraga=ja_nej,
        villkor_varde="Ja",
    )
    dokument = FragaFactory(sektion=sektion, typ=FragaTyp.DOKUMENT, text="Bifoga rutinen")
    fritext = FragaFactory(sektion=sektion, typ=FragaTyp.LANG_TEXT, text="Övrigt")
    frys(sektion.version)
    utskick = UtskickFactory(
        version=sektion.version, svar_senast=D(2026, 12, 15), status=UtskickStatus.SKICKAT
    )
    mottagare = MottagareFactory(utskick=utskick)
    return {
        "utskick": utskick,
        "mottagare": mottagare,
        "ja_nej": ja_nej,
        "villkor": villkor,
        "dokument": dokument,
        "fritext": fritext,
    }


def url(token):
    return reverse("enkater:besvara", kwargs={"token": token})


def f(fraga):
    return f"fraga_{fraga.pk}"


# --- Which links open -------------------------------------------------------------


def test_the_visible_questions_follow_the_conditions_and_a_hidden_condition_hides(db):
    sektion = SektionFactory()
    a = FragaFactory(sektion=sektion, typ=FragaTyp.JA_NEJ)
    b = FragaFactory(sektion=sektion, typ=FragaTyp.JA_NEJ, villkor_fraga=a, villkor_varde="Ja")
    c = FragaFactory(sektion=sektion, typ=FragaTyp.KORT_TEXT, villkor_fraga=b, villkor_varde="Ja")
    fragor = [a, b, c]
    assert synliga_fragor(fragor, {}) == {a.pk}
    assert synliga_fragor(fragor, {a.pk: "Ja", b.pk: "Ja"}) == {a.pk, b.pk, c.pk}
    # b answered Ja earlier, but a is now Nej: b is hidden, so c is hidden too.
    assert synliga_fragor(fragor, {a.pk: "Nej", b.pk: "Ja"}) == {a.pk}


def test_an_open_link_finds_its_recipient(enkat, today):
    m = enkat["mottagare"]
    assert besvara.mottagare_for_token(m.token, today) == m


@pytest.mark.parametrize("case", ["unknown", "revoked", "expired", "stangt", "godkant", "foreign"])
def test_a_link_that_does_not_open_is_404_and_tells_nothing(client, enkat, case, today):
    m = enkat["mottagare"]
    token = m.token
    if case == "unknown":
        token = new_token()[0]
    elif case == "revoked":
        Mottagare.objects.filter(pk=m.pk).update(
            aterkallad=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
        )
    elif case == "expired":
        # Deadline 2026-11-01 plus 7 grace days: the link's last day was 2026-11-08.
        type(enkat["utskick"]).objects.filter(pk=enkat["utskick"].pk).update(
            svar_senast=D(2026, 11, 1)
        )
    elif case == "stangt":
        type(enkat["utskick"]).objects.filter(pk=enkat["utskick"].pk).update(
            status=UtskickStatus.STANGT
        )
    elif case == "godkant":
        Svar.objects.create(
            utskick=m.utskick,
            version=m.utskick.version,
            mottagare=m,
            leverantor=m.leverantor,
            status=SvarStatus.GODKANT,
        )
    elif case == "foreign":
        # Another send-out's recipient: its token opens only its own answer.
        other = MottagareFactory()
        token = other.token
        type(other.utskick).objects.filter(pk=other.utskick_id).update(status=UtskickStatus.STANGT)
    unknown = client.get(url(new_token()[0]))
    response = client.get(url(token))
    assert response.status_code == 404
    assert response.content == unknown.content
    assert enkat["ja_nej"].text.encode() not in response.content
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_foreign_token_opens_its_own_questions_only(client, enkat):
    other = MottagareFactory(utskick=UtskickFactory(status=UtskickStatus.SKICKAT))
    response = client.get(url(other.token))
    assert response.status_code == 200
    assert enkat["ja_nej"].text not in response.content.decode()


# --- Draft, upload, submit ---------------------------------------------------------


def test_a_draft_survives_and_a_new_client_sees_it(client, client_factory, enkat):
    m = enkat["mottagare"]
    response = client.post(url(m.token), {f(enkat["fritext"]): "Vi har en rutin.", "spara": "1"})
    assert response.status_code == 200
    assert "Utkastet är sparat" in response.content.decode()
    fresh = client_factory()
    page = fresh.get(url(m.token)).content.decode()
    assert "Vi har en rutin." in page
    svar = Svar.objects.get(mottagare=m)
    assert svar.status == SvarStatus.UTKAST
    m.refresh_from_db()
    assert m.forsta_besok is not None and m.senaste_besok is not None


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def test_an_upload_is_stored_privately_and_served_to_its_own_link_only(client, enkat, settings):
    m = enkat["mottagare"]
    upload = SimpleUploadedFile("rutin.pdf", PDF, content_type="application/pdf")
    response = client.post(url(m.token), {f(enkat["dokument"]): upload, "spara": "1"})
    assert response.status_code == 200
    varde = SvarVarde.objects.get(svar__mottagare=m, fraga=enkat["dokument"])
    assert varde.filnamn == "rutin.pdf"
    assert varde.fil.name.startswith("enkater/")
    assert (settings.MEDIA_ROOT / varde.fil.name).exists()
    own = client.get(reverse("enkater:besvara_fil", args=[m.token, enkat["dokument"].pk]))
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == PDF
    other = MottagareFactory(utskick=m.utskick)
    foreign = client.get(reverse("enkater:besvara_fil", args=[other.token, enkat["dokument"].pk]))
    assert foreign.status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rutin.exe", b"MZ\x90\x00", "filändelse"),
        ("rutin.pdf", b"GIF89a", "stämmer inte med filtypen"),
        ("rutin.docx", b"%PDF-1.7", "stämmer inte med filtypen"),
    ],
)
def test_a_wrong_upload_is_refused_and_nothing_saved(client, enkat, name, content, message):
    m = enkat["mottagare"]
    upload = SimpleUploadedFile(name, content)
    response = client.post(url(m.token), {f(enkat["dokument"]): upload, "spara": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SvarVarde.objects.filter(svar__mottagare=m).exists()


def test_a_docx_is_accepted(client, enkat):
    m = enkat["mottagare"]
    upload = SimpleUploadedFile("rutin.docx", b"PK\x03\x04rest")
    client.post(url(m.token), {f(enkat["dokument"]): upload, "spara": "1"})
    assert SvarVarde.objects.get(svar__mottagare=m).filnamn == "rutin.docx"


def test_a_too_large_upload_is_refused(client, enkat, monkeypatch):
    from enkater.forms import besvara as form_module

    monkeypatch.setattr(form_module, "DOKUMENT_MAX_BYTES", 10)
    m = enkat["mottagare"]
    upload = SimpleUploadedFile("rutin.pdf", PDF)
    response = client.post(url(m.token), {f(enkat["dokument"]): upload, "spara": "1"})
    assert "för stor" in response.content.decode()
    assert not SvarVarde.objects.exists()


def test_a_personnummer_in_a_text_answer_is_refused_and_nothing_saved(client, enkat):
    m = enkat["mottagare"]
    response = client.post(url(m.token), {f(enkat["fritext"]): f"Gäller {PNR}", "spara": "1"})
    assert response.status_code == 200
    assert "personnummer" in response.content.decode()
    assert not Svar.objects.filter(mottagare=m).exists()


def test_required_and_conditional_questions_are_checked_at_submit(client, enkat):
    m = enkat["mottagare"]
    data = {"skicka": "1"}
    response = client.post(url(m.token), data)
    assert "Frågan måste besvaras" in response.content.decode()
    assert not Svar.objects.filter(mottagare=m, status=SvarStatus.INSKICKAT).exists()
    # Ja makes the conditional question visible, so it is required too.
    response = client.post(url(m.token), {f(enkat["ja_nej"]): "Ja", "skicka": "1"})
    assert response.status_code == 200
    assert not Svar.objects.filter(status=SvarStatus.INSKICKAT).exists()
    # Nej hides it: the answer can be submitted without it.
    response = client.post(url(m.token), {f(enkat["ja_nej"]): "Nej", "skicka": "1"})
    assert response.status_code == 302
    assert Svar.objects.get(mottagare=m).status == SvarStatus.INSKICKAT


def test_the_page_says_which_questions_must_be_answered(client, enkat):
    """Django's `required` is off (visibility decides), so the help text says it, escaped."""
    enkat["fritext"].hjalptext = "Till exempel <b>rutiner</b>."
    enkat["fritext"].save()
    page = client.get(url(enkat["mottagare"].token)).content.decode()
    ja_nej, villkor, fritext = (f(enkat[k]) for k in ("ja_nej", "villkor", "fritext"))
    assert f'<p class="help" id="id_{ja_nej}_helptext">Måste besvaras.</p>' in page
    assert f'<p class="help" id="id_{villkor}_helptext">Måste besvaras.</p>' in page
    assert (
        f'<p class="help" id="id_{fritext}_helptext">Till exempel &lt;b&gt;rutiner&lt;/b&gt;.</p>'
        in page
    )
    assert f'id="id_{f(enkat["dokument"])}_helptext">Pdf, docx' in page  # not required


def test_a_double_submit_is_one_answer(client, enkat, today):
    m = enkat["mottagare"]
    data = {f(enkat["ja_nej"]): "Ja", f(enkat["villkor"]): "Rutin 4", "skicka": "1"}
    assert client.post(url(m.token), data).status_code == 302
    again = client.post(url(m.token), {**data, f(enkat["villkor"]): "Ändrat"})
    assert again.status_code == 200
    page = again.content.decode()
    assert "redan inskickat" in page and "Rutin 4" in page
    svar = Svar.objects.get()
    assert svar.status == SvarStatus.INSKICKAT
    assert svar.inskickad == D(2026, 11, 20)
    assert SvarVarde.objects.get(fraga=enkat["villkor"]).text == "Rutin 4"
    m.refresh_from_db()
    assert m.besvarad
    assert besvara.skicka_in(m, {}, today=today).redan


def test_saving_in_the_grace_days_is_accepted_and_marked(client, enkat):
    # Deadline 2026-11-15, 7 grace days: on 2026-11-20 the link still opens.
    type(enkat["utskick"]).objects.filter(pk=enkat["utskick"].pk).update(
        svar_senast=D(2026, 11, 15)
    )
    m = enkat["mottagare"]
    page = client.get(url(m.token)).content.decode()
    assert "Sista svarsdag har passerat" in page and "2026-11-22" in page
    response = client.post(url(m.token), {f(enkat["fritext"]): "Sent men sparat", "spara": "1"})
    assert "sparades efter sista svarsdag" in response.content.decode()
    assert Svar.objects.get().sparad_efter_sista_dag


def test_a_save_after_the_link_expired_shows_the_typed_text_back(client, enkat):
    m = enkat["mottagare"]
    client.get(url(m.token))
    type(enkat["utskick"]).objects.filter(pk=enkat["utskick"].pk).update(svar_senast=D(2026, 11, 1))
    typed = "Ett långt svar som inte får försvinna."
    response = client.post(url(m.token), {f(enkat["fritext"]): typed, "spara": "1"})
    assert response.status_code == 404
    page = response.content.decode()
    assert "Länken gick ut" in page and "ditt svar kunde inte sparas" in page
    assert typed in page
    assert not Svar.objects.exists()


def test_a_complement_round_opens_only_the_reopened_questions(client, enkat, alice):
    m = enkat["mottagare"]
    client.post(
        url(m.token), {f(enkat["ja_nej"]): "Nej", f(enkat["fritext"]): "Först", "skicka": "1"}
    )
    svar = Svar.objects.get()
    Svar.objects.filter(pk=svar.pk).update(status=SvarStatus.KOMPLETTERING, runda=1)
    Komplettering.objects.create(
        svar=svar,
        runda=1,
        fraga=enkat["fritext"],
        kommentar="Beskriv rutinen närmare.",
        svar_senast=D(2026, 12, 20),
        begard_av=alice,
        tidigare_text="Först",
    )
    page = client.get(url(m.token)).content.decode()
    assert "Beskriv rutinen närmare." in page
    response = client.post(
        url(m.token), {f(enkat["ja_nej"]): "Ja", f(enkat["fritext"]): "Utförligare", "skicka": "1"}
    )
    assert response.status_code == 302
    svar.refresh_from_db()
    assert svar.status == SvarStatus.INSKICKAT
    assert SvarVarde.objects.get(fraga=enkat["ja_nej"]).text == "Nej"  # not re-opened
    assert SvarVarde.objects.get(fraga=enkat["fritext"]).text == "Utförligare"
    assert Komplettering.objects.get().besvarad is not None


# --- Rate limit, CSRF, logs ---------------------------------------------------------


def test_too_many_requests_answer_429(client, enkat, settings):
    settings.ENKATER_SVAR_GRANS = (100, 3)
    m = enkat["mottagare"]
    codes = [client.get(url(m.token)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "För många försök" in client.get(url(m.token)).content.decode()


def test_the_answer_page_is_csrf_protected(enkat):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    m = enkat["mottagare"]
    response = strict.post(url(m.token), {f(enkat["fritext"]): "x", "spara": "1"})
    assert response.status_code == 403
    assert not Svar.objects.exists()


def test_the_token_never_appears_in_full_in_a_log_line_or_the_access_log(client, enkat, caplog):
    from uppfoljning.models import Atkomsthandelse

    m = enkat["mottagare"]
    caplog.set_level(logging.INFO)
    client.get(url(m.token))
    client.post(url(m.token), {f(enkat["fritext"]): "Utkast", "spara": "1"})
    client.get(reverse("enkater:besvara_fil", args=[m.token, enkat["dokument"].pk]))
    client.get(url(m.token[:-1] + "x"))
    client.post(url(m.token), {f(enkat["ja_nej"]): "Nej", "skicka": "1"})
    text = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    assert "besvara" in text and m.token[:6] in text
    assert m.token not in text
    assert m.token[:-1] not in text
    assert not any(m.token[:12] in row.sokvag for row in Atkomsthandelse.objects.all())


def test_no_answer_page_sends_the_token_as_a_referer(client, enkat):
    m = enkat["mottagare"]
    # The form's page: the origin only (no-referrer would make Chromium post Origin: null).
    assert client.get(url(m.token))["Referrer-Policy"] == "strict-origin"
    client.post(url(m.token), {f(enkat["ja_nej"]): "Nej", "skicka": "1"})
    assert client.get(url(m.token))["Referrer-Policy"] == "no-referrer"  # the receipt
    assert client.get(url(new_token()[0]))["Referrer-Policy"] == "no-referrer"


def test_the_answer_page_costs_the_same_queries_however_many_questions(client, enkat):
    from tests.querycount import count_queries

    m = enkat["mottagare"]
    client.post(url(m.token), {f(enkat["fritext"]): "Ett svar", "spara": "1"})
    cache.clear()
    before = count_queries(client, url(m.token))
    for typ in (FragaTyp.FLERA_VAL, FragaTyp.SKALA, FragaTyp.DATUM, FragaTyp.TAL):
        FragaFactory(sektion=enkat["ja_nej"].sektion, typ=typ, alternativ="A\nB")
    SektionFactory(version=enkat["utskick"].version)
    FragaFactory(sektion__version=enkat["utskick"].version, typ=FragaTyp.KORT_TEXT)
    assert count_queries(client, url(m.token)) == before
