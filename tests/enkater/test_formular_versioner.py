"""Versions: a frozen version never changes (rules and every POST), a new version copies it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from enkater import versioner
from enkater.models import Formular, FormularVersion, Fraga, FragaTyp, Sektion
from tests.enkater.factories import (
    AvtalskravFactory,
    FragaFactory,
    SektionFactory,
    SvarFactory,
    UtskickFactory,
)
from tests.factories import RamavtalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def skickad():
    """A sent version: a yes/no question with a requirement, a conditional one, a scale."""
    ramavtal = RamavtalFactory()
    krav = AvtalskravFactory(ramavtal=ramavtal, nummer="5.3.2")
    sektion = SektionFactory(version__formular__ramavtal=ramavtal, rubrik="Bemanning")
    villkor = FragaFactory(sektion=sektion, ordning=1, typ=FragaTyp.JA_NEJ, text="Vaken natt?")
    villkor.krav.add(krav)
    FragaFactory(
        sektion=sektion,
        ordning=2,
        typ=FragaTyp.LANG_TEXT,
        text="Beskriv nattbemanningen.",
        villkor_fraga=villkor,
        villkor_varde="Nej",
    )
    FragaFactory(
        sektion=SektionFactory(version=sektion.version, rubrik="Nöjdhet"),
        ordning=1,
        typ=FragaTyp.SKALA,
        skala_max_etikett="Mycket nöjd",
        text="Hur nöjd?",
    )
    version = sektion.version
    versioner.frys(version)
    version.refresh_from_db()
    return version


def _snapshot(version):
    return [
        (s.rubrik, s.ordning, [(f.text, f.ordning, f.typ, f.villkor_varde) for f in s.fragor.all()])
        for s in version.sektioner.order_by("ordning")
    ]


def test_every_rule_refuses_a_frozen_version(skickad, alice):
    before = _snapshot(skickad)
    sektion = skickad.sektioner.get(rubrik="Bemanning")
    fraga = sektion.fragor.get(ordning=1)
    fraga.text = "Ändrad?"
    attempts = [
        lambda: versioner.spara_sektion(Sektion(version=skickad, rubrik="Ny"), alice),
        lambda: versioner.spara_sektion(sektion, alice),
        lambda: versioner.spara_fraga(Fraga(sektion=sektion, typ="ja_nej", text="Ny?"), alice),
        lambda: versioner.spara_fraga(fraga, alice),
        lambda: versioner.flytta_fraga(sektion.fragor.get(ordning=2), True, alice),
        lambda: versioner.ta_bort_fraga(sektion.fragor.get(ordning=2), alice),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        datum = timezone.localdate().isoformat()
        assert error.value.messages == [f"Version 1 skickades {datum} och kan inte ändras."]
    assert _snapshot(skickad) == before


def test_a_rule_reads_the_freeze_from_the_database(alice):
    """A version frozen by a send-out meanwhile (another request) is frozen here too."""
    fraga = FragaFactory()
    stale = fraga.sektion.version
    FormularVersion.objects.filter(pk=stale.pk).update(fryst=timezone.now())
    fraga.text = "Ändrad?"
    with pytest.raises(ValidationError):
        versioner.spara_fraga(fraga, alice)


def test_every_post_url_refuses_a_frozen_version(skickad, client, alice):
    client.force_login(alice)
    before = _snapshot(skickad)
    sektion = skickad.sektioner.get(rubrik="Bemanning")
    fraga = sektion.fragor.get(ordning=2)
    posts = [
        (reverse("enkater:sektion_create", args=[skickad.pk]), {"rubrik": "Ny"}),
        (reverse("enkater:sektion_update", args=[sektion.pk]), {"rubrik": "Ändrad"}),
        (
            reverse("enkater:fraga_create", args=[sektion.pk]),
            {"typ": "ja_nej", "text": "Ny?", "skala_min": 1, "skala_max": 5},
        ),
        (
            reverse("enkater:fraga_update", args=[fraga.pk]),
            {"typ": "kort_text", "text": "Ändrad", "skala_min": 1, "skala_max": 5},
        ),
        (reverse("enkater:fraga_move", args=[fraga.pk]), {"riktning": "upp"}),
        (reverse("enkater:fraga_delete", args=[fraga.pk]), {}),
    ]
    builder = reverse("enkater:formular", args=[skickad.formular_id])
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"] == builder
        assert client.get(url).status_code in (302, 405)
    assert _snapshot(skickad) == before
    page = client.get(builder).content.decode()
    assert "och kan inte ändras" in page and "Skapa ny version" in page
    assert "Ny sektion" not in page and "Flytta upp" not in page


def test_the_fixed_settings_stay_once_sent(skickad, alice):
    formular = skickad.formular
    formular.namn = "Nytt namn"
    versioner.spara_formular(formular, alice)  # the name may change
    formular.ramavtal = None
    with pytest.raises(ValidationError) as error:
        versioner.spara_formular(formular, alice)
    assert list(error.value.error_dict) == ["ramavtal"]


def test_a_new_version_copies_sections_questions_conditions_and_krav(skickad, alice):
    ny = versioner.ny_version(skickad, alice)
    assert (ny.nummer, ny.fryst, ny.formular_id) == (2, None, skickad.formular_id)
    assert _snapshot(ny) == _snapshot(skickad)
    gammal_villkor = Fraga.objects.get(sektion__version=skickad, ordning=1, text="Vaken natt?")
    villkor = Fraga.objects.get(sektion__version=ny, text="Vaken natt?")
    beroende = Fraga.objects.get(sektion__version=ny, text="Beskriv nattbemanningen.")
    assert villkor.pk != gammal_villkor.pk
    assert beroende.villkor_fraga == villkor  # the copy, not the old question
    assert list(villkor.krav.values_list("nummer", flat=True)) == ["5.3.2"]
    assert Fraga.objects.get(sektion__version=ny, text="Hur nöjd?").skala_max_etikett == (
        "Mycket nöjd"
    )
    for fraga in Fraga.objects.filter(sektion__version=ny):
        fraga.full_clean()
    # The copy can change; the sent version is as it was.
    villkor.text = "Finns vaken natt alla nätter?"
    versioner.spara_fraga(villkor, alice)
    assert gammal_villkor.__class__.objects.get(pk=gammal_villkor.pk).text == "Vaken natt?"


def test_only_one_unfrozen_version_at_a_time(skickad, alice):
    ny = versioner.ny_version(skickad, alice)
    assert versioner.ny_version(skickad, alice) == ny
    assert versioner.ny_version(ny, alice) == ny
    assert skickad.formular.versioner.count() == 2
    assert versioner.aktuell_version(skickad.formular) == ny


def test_the_builder_button_makes_the_new_version(skickad, client, alice):
    client.force_login(alice)
    response = client.post(reverse("enkater:version_create", args=[skickad.formular_id]))
    assert response.status_code == 302
    assert skickad.formular.versioner.count() == 2
    page = client.get(reverse("enkater:formular", args=[skickad.formular_id])).content.decode()
    assert "Version 2" in page or "2, utkast" in page
    assert "Ny sektion" in page
    client.post(reverse("enkater:version_create", args=[skickad.formular_id]))
    assert skickad.formular.versioner.count() == 2


def test_answers_of_the_old_version_keep_pointing_at_it(skickad, alice):
    utskick = UtskickFactory(version=skickad, svar_senast=datetime.date(2026, 12, 15))
    svar = SvarFactory(mottagare__utskick=utskick)
    ny = versioner.ny_version(skickad, alice)
    svar.refresh_from_db()
    assert svar.version == skickad
    assert svar.version != ny
    assert utskick.version == skickad


def test_copy_is_one_click(skickad, client, alice):
    client.force_login(alice)
    response = client.post(reverse("enkater:formular_copy", args=[skickad.formular_id]))
    kopia = Formular.objects.exclude(pk=skickad.formular_id).get()
    assert response["Location"] == reverse("enkater:formular", args=[kopia.pk])
    assert kopia.kopierat_fran == skickad.formular
    assert kopia.namn == f"{skickad.formular.namn} (kopia)"
    assert kopia.ramavtal == skickad.formular.ramavtal
    version = kopia.versioner.get()
    assert (version.nummer, version.fryst) == (1, None)
    assert _snapshot(version) == _snapshot(skickad)
    beroende = Fraga.objects.get(sektion__version=version, text="Beskriv nattbemanningen.")
    assert beroende.villkor_fraga.sektion.version == version


def test_copy_takes_the_latest_version(skickad, alice):
    ny = versioner.ny_version(skickad, alice)
    fraga = Fraga.objects.get(sektion__version=ny, text="Hur nöjd?")
    fraga.text = "Hur nöjd är du sammantaget?"
    versioner.spara_fraga(fraga, alice)
    kopia = versioner.kopiera_formular(skickad.formular, alice, namn="HVB 2027")
    assert kopia.namn == "HVB 2027"
    texts = set(
        Fraga.objects.filter(sektion__version__formular=kopia).values_list("text", flat=True)
    )
    assert "Hur nöjd är du sammantaget?" in texts


def test_the_update_page_refuses_the_fixed_settings_once_sent(skickad, client, alice):
    client.force_login(alice)
    formular = skickad.formular
    response = client.post(
        reverse("enkater:formular_update", args=[formular.pk]),
        {"namn": "Nytt namn", "malgrupp": "leverantor"},
    )
    assert response.status_code == 200
    assert "malgrupp" in response.context["form"].errors
    formular.refresh_from_db()
    assert formular.namn != "Nytt namn"
