"""The template library: every template makes a valid questionnaire in one click."""

import pytest
from django.urls import reverse

from arenden.models import Tema
from enkater.mallar import MALLAR, skapa_fran_mall
from enkater.models import Formular, Fraga, FragaTyp, Malgrupp

pytestmark = pytest.mark.django_db


def test_the_library_has_the_three_common_cases():
    assert {m.namn: (m.malgrupp, m.anonymt) for m in MALLAR.values()} == {
        "Frågeformulär till leverantörens ledning": (Malgrupp.LEVERANTOR, False),
        "Enkät till socialsekreterare": (Malgrupp.PERSONAL, True),
        "Egenrapportering för verksamheter": (Malgrupp.VERKSAMHET, False),
    }


@pytest.mark.parametrize("nyckel", list(MALLAR))
def test_each_template_makes_a_valid_questionnaire(nyckel, alice):
    teman_before = Tema.objects.count()
    formular = skapa_fran_mall(nyckel, alice)
    formular.full_clean()
    version = formular.versioner.get()
    assert (version.nummer, version.fryst) == (1, None)
    fragor = list(Fraga.objects.filter(sektion__version=version).select_related("sektion"))
    assert len(fragor) == MALLAR[nyckel].antal_fragor
    for fraga in fragor:
        fraga.full_clean()
        assert fraga.tema is None or fraga.tema.pk
    for fraga in fragor:
        if fraga.villkor_fraga_id:
            villkor = fraga.villkor_fraga
            assert villkor.sektion.version_id == version.pk
            key = (villkor.sektion.ordning, villkor.ordning)
            assert key < (fraga.sektion.ordning, fraga.ordning)  # asked before
    # The seeded themes are used; none is added.
    assert Tema.objects.count() == teman_before


def test_the_social_worker_survey_covers_its_themes(alice):
    formular = skapa_fran_mall("socialsekreterare", alice)
    rubriker = list(formular.versioner.get().sektioner.values_list("rubrik", flat=True))
    assert rubriker == [
        "Bemanning och kompetens",
        "Matchning och nöjdhet",
        "Samverkan och information",
        "Avvikelser",
        "Rapportering och genomförandeplan",
    ]
    assert formular.anonymt


def test_the_self_report_asks_for_the_staffing_schedule_and_has_a_condition(alice):
    formular = skapa_fran_mall("egenrapportering", alice)
    fragor = Fraga.objects.filter(sektion__version__formular=formular)
    dokument = fragor.get(typ=FragaTyp.DOKUMENT)
    assert "bemanningsschema" in dokument.text
    assert fragor.filter(villkor_fraga__isnull=False).exists()


def test_a_missing_theme_is_created(alice):
    Tema.objects.filter(namn="Meddelarfrihet").delete()
    skapa_fran_mall("leverantorens-ledning", alice)
    assert Tema.objects.filter(namn="Meddelarfrihet").count() == 1


def test_skapa_fran_mall_is_one_post(client, alice):
    client.force_login(alice)
    response = client.post(reverse("enkater:formular_fran_mall", args=["egenrapportering"]))
    formular = Formular.objects.get()
    assert response["Location"] == reverse("enkater:formular", args=[formular.pk])
    assert client.post(reverse("enkater:formular_fran_mall", args=["okand"])).status_code == 404
    page = client.get(reverse("enkater:formular_list")).content.decode()
    assert "Egenrapportering för verksamheter" in page and "Skapa från mall" in page
