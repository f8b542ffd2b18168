"""The questionnaire builder: pages, order, conditions, and what a frozen version refuses."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from enkater import versioner
from enkater.models import Formular, Fraga, FragaTyp, Malgrupp
from tests.enkater.factories import (
    AvtalskravFactory,
    FragaFactory,
    SektionFactory,
    VersionFactory,
)
from tests.factories import RamavtalFactory
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def strateg(client, alice):
    client.force_login(alice)
    return client


def _builder(formular):
    return reverse("enkater:formular", args=[formular.pk])


def test_a_new_questionnaire_gets_its_first_version(strateg):
    response = strateg.post(
        reverse("enkater:formular_create"),
        {"namn": "Egenrapportering HVB 2026", "malgrupp": Malgrupp.VERKSAMHET},
    )
    formular = Formular.objects.get(namn="Egenrapportering HVB 2026")
    assert response.status_code == 302
    assert response["Location"] == _builder(formular)
    version = formular.versioner.get()
    assert (version.nummer, version.fryst) == (1, None)
    assert formular.skapad_av.username == "alice"


def test_anonymous_only_for_own_staff(strateg):
    response = strateg.post(
        reverse("enkater:formular_create"),
        {"namn": "Till leverantören", "malgrupp": Malgrupp.LEVERANTOR, "anonymt": "on"},
    )
    assert response.status_code == 200
    assert "Bara enkäter till egen personal kan vara anonyma." in response.content.decode()


def test_sections_and_questions_are_added_in_order(strateg):
    version = VersionFactory()
    for rubrik in ("Bemanning", "Avvikelser"):
        response = strateg.post(
            reverse("enkater:sektion_create", args=[version.pk]), {"rubrik": rubrik}
        )
        assert response.status_code == 302
    bemanning, avvikelser = version.sektioner.order_by("ordning")
    assert [bemanning.rubrik, avvikelser.rubrik] == ["Bemanning", "Avvikelser"]
    assert [bemanning.ordning, avvikelser.ordning] == [1, 2]
    url = reverse("enkater:fraga_create", args=[bemanning.pk])
    strateg.post(
        url,
        {
            "typ": FragaTyp.JA_NEJ,
            "text": "Finns vaken natt?",
            "obligatorisk": "on",
            "skala_min": 1,
            "skala_max": 5,
        },
    )
    strateg.post(
        url,
        {
            "typ": FragaTyp.DOKUMENT,
            "text": "Bifoga bemanningsschema.",
            "skala_min": 1,
            "skala_max": 5,
        },
    )
    fragor = list(bemanning.fragor.order_by("ordning"))
    assert [(f.ordning, f.typ, f.obligatorisk) for f in fragor] == [
        (1, FragaTyp.JA_NEJ, True),
        (2, FragaTyp.DOKUMENT, False),
    ]
    page = strateg.get(_builder(version.formular)).content.decode()
    assert page.index("Finns vaken natt?") < page.index("Bifoga bemanningsschema.")
    assert "Måste besvaras" in page


def _fraga_data(**data):
    return {"skala_min": 1, "skala_max": 5, **data}


def test_the_model_messages_show_on_the_fields(strateg):
    sektion = SektionFactory()
    response = strateg.post(
        reverse("enkater:fraga_create", args=[sektion.pk]),
        _fraga_data(typ=FragaTyp.ETT_VAL, text="Hur ordnas natten?", alternativ="Vaken natt"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["alternativ"] == ["Ange minst två svarsalternativ, ett per rad."]
    assert 'id="id_alternativ_error"' in response.content.decode()


def test_a_condition_offers_only_earlier_choice_questions_of_the_version(strateg):
    sektion = SektionFactory()
    ja_nej = FragaFactory(sektion=sektion, typ=FragaTyp.JA_NEJ, text="Anlitas underleverantörer?")
    FragaFactory(sektion=sektion, typ=FragaTyp.KORT_TEXT, text="Fritext")
    FragaFactory(typ=FragaTyp.JA_NEJ, text="I ett annat formulär")
    response = strateg.get(reverse("enkater:fraga_create", args=[sektion.pk]))
    field = response.context["form"].fields["villkor_fraga"]
    assert list(field.queryset) == [ja_nej]
    assert list(field.choices)[1][1] == "Fråga 1: Anlitas underleverantörer?"
    # The second select lists each candidate's answers under its question.
    assert response.context["form"].fields["villkor_varde"].choices == [
        ("", "Inget villkor"),
        ("Fråga 1: Anlitas underleverantörer?", [("Ja", "Ja"), ("Nej", "Nej")]),
    ]
    response = strateg.post(
        reverse("enkater:fraga_create", args=[sektion.pk]),
        _fraga_data(
            typ=FragaTyp.KORT_TEXT, text="Vilka?", villkor_fraga=ja_nej.pk, villkor_varde="Ja"
        ),
    )
    assert response.status_code == 302
    villkorad = Fraga.objects.get(text="Vilka?")
    assert (villkorad.villkor_fraga, villkorad.villkor_varde) == (ja_nej, "Ja")


def test_a_condition_without_its_question_is_refused_on_the_field(strateg):
    sektion = SektionFactory()
    FragaFactory(sektion=sektion, typ=FragaTyp.JA_NEJ)
    response = strateg.post(
        reverse("enkater:fraga_create", args=[sektion.pk]),
        _fraga_data(typ=FragaTyp.KORT_TEXT, text="Vilka?", villkor_varde="Ja"),
    )
    assert response.context["form"].errors["villkor_fraga"] == [
        "Välj vilken fråga villkoret gäller."
    ]


def test_krav_are_the_agreements_active_requirements(strateg):
    ramavtal = RamavtalFactory()
    aktivt = AvtalskravFactory(ramavtal=ramavtal, nummer="5.3.2", rubrik="Bemanning natt")
    AvtalskravFactory(ramavtal=ramavtal, nummer="5.4", aktiv=False)
    AvtalskravFactory(nummer="9.9")  # another agreement's
    sektion = SektionFactory(version__formular__ramavtal=ramavtal)
    url = reverse("enkater:fraga_create", args=[sektion.pk])
    assert list(strateg.get(url).context["form"].fields["krav"].queryset) == [aktivt]
    strateg.post(url, _fraga_data(typ=FragaTyp.JA_NEJ, text="Vaken natt?", krav=[aktivt.pk]))
    fraga = Fraga.objects.get(text="Vaken natt?")
    assert list(fraga.krav.all()) == [aktivt]
    assert "Krav 5.3.2" in strateg.get(_builder(sektion.version.formular)).content.decode()


def test_without_an_agreement_there_is_no_krav_field(strateg):
    sektion = SektionFactory()
    form = strateg.get(reverse("enkater:fraga_create", args=[sektion.pk])).context["form"]
    assert "krav" not in form.fields


def test_questions_move_up_and_down(strateg):
    sektion = SektionFactory()
    a, b, c = (FragaFactory(sektion=sektion, ordning=n, text=t) for n, t in enumerate("ABC", 1))
    strateg.post(reverse("enkater:fraga_move", args=[c.pk]), {"riktning": "upp"})
    assert list(sektion.fragor.order_by("ordning").values_list("text", flat=True)) == list("ACB")
    strateg.post(reverse("enkater:fraga_move", args=[a.pk]), {"riktning": "ned"})
    assert list(sektion.fragor.order_by("ordning").values_list("text", flat=True)) == list("CAB")
    # At the top already: nothing moves.
    strateg.post(reverse("enkater:fraga_move", args=[c.pk]), {"riktning": "upp"})
    assert list(sektion.fragor.order_by("ordning").values_list("text", flat=True)) == list("CAB")


def test_a_question_never_moves_before_its_condition(alice):
    sektion = SektionFactory()
    villkor = FragaFactory(sektion=sektion, ordning=1, typ=FragaTyp.JA_NEJ)
    beroende = FragaFactory(
        sektion=sektion,
        ordning=2,
        typ=FragaTyp.KORT_TEXT,
        villkor_fraga=villkor,
        villkor_varde="Ja",
    )
    with pytest.raises(ValidationError):
        versioner.flytta_fraga(beroende, True, alice)
    with pytest.raises(ValidationError):
        versioner.flytta_fraga(villkor, False, alice)


def test_delete_a_draft_question_unless_a_condition_points_at_it(strateg):
    sektion = SektionFactory()
    villkor = FragaFactory(sektion=sektion, typ=FragaTyp.JA_NEJ)
    beroende = FragaFactory(
        sektion=sektion, typ=FragaTyp.KORT_TEXT, villkor_fraga=villkor, villkor_varde="Ja"
    )
    response = strateg.post(reverse("enkater:fraga_delete", args=[villkor.pk]), follow=True)
    assert "Frågan kan inte tas bort" in response.content.decode()
    assert Fraga.objects.filter(pk=villkor.pk).exists()
    strateg.post(reverse("enkater:fraga_delete", args=[beroende.pk]))
    assert not Fraga.objects.filter(pk=beroende.pk).exists()
    strateg.post(reverse("enkater:fraga_delete", args=[villkor.pk]))
    assert not Fraga.objects.filter(pk=villkor.pk).exists()


def test_a_condition_question_keeps_the_answers_its_dependents_test(alice):
    villkor = FragaFactory(typ=FragaTyp.ETT_VAL, alternativ="Ja, alltid\nIbland\nAldrig")
    FragaFactory(
        sektion=villkor.sektion,
        typ=FragaTyp.KORT_TEXT,
        villkor_fraga=villkor,
        villkor_varde="Ibland",
    )
    villkor.alternativ = "Ja, alltid\nAldrig"
    with pytest.raises(ValidationError) as error:
        versioner.spara_fraga(villkor, alice)
    assert "alternativ" in error.value.error_dict
    villkor.typ = FragaTyp.KORT_TEXT
    with pytest.raises(ValidationError) as error:
        versioner.spara_fraga(villkor, alice)
    assert "typ" in error.value.error_dict


def test_the_builder_costs_the_same_queries_for_more_questions(strateg):
    ramavtal = RamavtalFactory()
    krav = AvtalskravFactory(ramavtal=ramavtal)
    sektion = SektionFactory(version__formular__ramavtal=ramavtal)
    formular = sektion.version.formular

    def add_questions(n):
        for _ in range(n):
            villkor = FragaFactory(sektion=sektion, typ=FragaTyp.JA_NEJ)
            villkor.krav.add(krav)
            FragaFactory(
                sektion=SektionFactory(version=sektion.version),
                typ=FragaTyp.KORT_TEXT,
                villkor_fraga=villkor,
                villkor_varde="Ja",
            )

    add_questions(1)
    few = count_queries(strateg, _builder(formular))
    preview_few = count_queries(
        strateg, reverse("enkater:version_detail", args=[sektion.version_id])
    )
    add_questions(6)
    assert count_queries(strateg, _builder(formular)) == few
    assert (
        count_queries(strateg, reverse("enkater:version_detail", args=[sektion.version_id]))
        == preview_few
    )
    assert count_queries(strateg, reverse("enkater:formular_list")) == count_queries(
        strateg, reverse("enkater:formular_list")
    )


def test_the_list_costs_the_same_queries_for_more_questionnaires(strateg):
    VersionFactory()
    few = count_queries(strateg, reverse("enkater:formular_list"))
    for _ in range(5):
        versioner.frys(VersionFactory())
    assert count_queries(strateg, reverse("enkater:formular_list")) == few


def test_the_preview_shows_disabled_inputs(strateg):
    villkor = FragaFactory(typ=FragaTyp.JA_NEJ, text="Anlitas underleverantörer?")
    FragaFactory(
        sektion=villkor.sektion,
        typ=FragaTyp.DOKUMENT,
        text="Bifoga avtalet.",
        villkor_fraga=villkor,
        villkor_varde="Ja",
    )
    page = strateg.get(reverse("enkater:version_detail", args=[villkor.sektion.version_id]))
    html = page.content.decode()
    assert html.count("disabled") == 3  # two radios and the file input
    assert "Visas bara om svaret på fråga 1" in html
    assert 'method="post"' not in html.split('class="form preview"', 1)[1]


def test_the_manager_reads_but_does_not_change(client, charlotte):
    fraga = FragaFactory()
    client.force_login(charlotte)
    page = client.get(_builder(fraga.sektion.version.formular)).content.decode()
    assert "Ny sektion" not in page and "Flytta upp" not in page and "Ändra<" not in page
    assert client.post(reverse("enkater:fraga_delete", args=[fraga.pk])).status_code == 403


def test_the_menu_shows_questionnaires_to_those_who_may_see_them(client, alice, sam):
    client.force_login(alice)
    assert "Frågeformulär" in client.get(reverse("home")).content.decode()
    client.force_login(sam)
    assert "Frågeformulär" not in client.get(reverse("home")).content.decode()
