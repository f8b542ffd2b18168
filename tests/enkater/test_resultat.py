"""Results of a send-out: counts, shares, means, text answers, the anonymity threshold."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from enkater.models import FragaTyp, Malgrupp, Mottagare, Svar, SvarStatus, SvarVarde
from enkater.resultat import FOR_FA_SVAR, resultat
from tests.enkater.factories import (
    FormularFactory,
    FragaFactory,
    MottagareFactory,
    SektionFactory,
    UtskickFactory,
    VersionFactory,
)
from tests.factories import LeverantorFactory, VerksamhetFactory
from tests.querycount import count_queries


def questionnaire(**formular):
    version = VersionFactory(formular=FormularFactory(**formular))
    sektion = SektionFactory(version=version)
    return version, {
        "ja": FragaFactory(sektion=sektion, typ=FragaTyp.JA_NEJ, text="Finns rutin?"),
        "val": FragaFactory(
            sektion=sektion,
            typ=FragaTyp.FLERA_VAL,
            text="Vilka dokument?",
            alternativ="Schema\nRutin\nPlan",
        ),
        "skala": FragaFactory(sektion=sektion, typ=FragaTyp.SKALA, text="Hur nöjd?"),
        "tal": FragaFactory(sektion=sektion, typ=FragaTyp.TAL, text="Antal anställda?"),
        "text": FragaFactory(sektion=sektion, typ=FragaTyp.LANG_TEXT, text="Övrigt?"),
    }


def answer(utskick, leverantor, values, *, verksamhet=None, status=SvarStatus.INSKICKAT):
    mottagare = Mottagare.objects.create(
        utskick=utskick,
        leverantor=leverantor,
        verksamhet=verksamhet,
        epost=f"{Mottagare.objects.count()}@example.se",
    )
    svar = Svar.objects.create(
        utskick=utskick,
        version=utskick.version,
        mottagare=mottagare,
        leverantor=leverantor,
        verksamhet=verksamhet,
        status=status,
    )
    SvarVarde.objects.bulk_create(
        SvarVarde(svar=svar, fraga=fraga, text=text) for fraga, text in values.items()
    )
    return svar


@pytest.fixture
def sent(db):
    version, q = questionnaire()
    utskick = UtskickFactory(version=version)
    a = LeverantorFactory(namn="Alfa Omsorg")
    b = LeverantorFactory(namn="Beta Vård")
    hem = VerksamhetFactory(leverantor=a, namn="Hem Eken")
    answer(
        utskick,
        a,
        {
            q["ja"]: "Ja",
            q["val"]: "Schema\nRutin",
            q["skala"]: "4",
            q["tal"]: "12",
            q["text"]: "Bra samarbete",
        },
        verksamhet=hem,
    )
    answer(utskick, a, {q["ja"]: "Nej", q["val"]: "Schema", q["skala"]: "5", q["tal"]: "8"})
    answer(utskick, b, {q["ja"]: "Ja", q["val"]: "Plan", q["skala"]: "2", q["tal"]: "7,5"})
    # A draft and a recipient who never answered: asked, not counted.
    answer(utskick, b, {q["ja"]: "Nej"}, status=SvarStatus.UTKAST)
    MottagareFactory(utskick=utskick, leverantor=b)
    return utskick, q, a, b


def by_text(r):
    return {row.fraga.text: row for row in r.fragor}


def test_counts_shares_and_means(sent):
    utskick, q, a, b = sent
    r = resultat(utskick)
    assert (r.tillfragade, r.svar, r.svarsfrekvens) == (5, 3, 60)
    assert [(x.namn, x.tillfragade, x.svar, x.svarsfrekvens) for x in r.leverantorer] == [
        ("Alfa Omsorg", 2, 2, 100),
        ("Beta Vård", 3, 1, 33),
    ]
    rows = by_text(r)
    assert rows["Finns rutin?"].totalt.alternativ == [("Ja", 2, 67), ("Nej", 1, 33)]
    # Multiple choice: per alternative, shares of those who answered (3).
    assert rows["Vilka dokument?"].totalt.alternativ == [
        ("Schema", 2, 67),
        ("Rutin", 1, 33),
        ("Plan", 1, 33),
    ]
    skala = rows["Hur nöjd?"].totalt
    assert skala.medel == Decimal("3.67")
    assert skala.alternativ == [("1", 0, 0), ("2", 1, 33), ("3", 0, 0), ("4", 1, 33), ("5", 1, 33)]
    tal = rows["Antal anställda?"].totalt
    assert tal.medel == Decimal("9.17")
    assert tal.alternativ == [("7.5", 1, 33), ("8", 1, 33), ("12", 1, 33)]
    # Side by side: Alfa's two answers, Beta's one.
    [(alfa, fa), (beta, fb)] = rows["Finns rutin?"].per_leverantor
    assert (alfa.namn, fa.alternativ) == ("Alfa Omsorg", [("Ja", 1, 50), ("Nej", 1, 50)])
    assert (beta.namn, fb.alternativ) == ("Beta Vård", [("Ja", 1, 100), ("Nej", 0, 0)])
    assert rows["Hur nöjd?"].per_leverantor[0][1].medel == Decimal("4.50")
    # Text answers name the unit (not anonymous).
    assert rows["Övrigt?"].texter == [("Bra samarbete", "Hem Eken")]


def test_the_page_shows_figures_as_svg_and_tables(sent, alice, client):
    utskick, *_ = sent
    client.force_login(alice)
    page = client.get(reverse("enkater:resultat", args=[utskick.pk])).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "Stapeldiagram, Finns rutin?: Ja 2 (67 %), Nej 1 (33 %)" in page
    assert "<td>67 %</td>" in page
    assert "Bra samarbete" in page


def test_export_has_one_row_per_answer_value(sent, alice, client):
    utskick, *_ = sent
    client.force_login(alice)
    response = client.get(reverse("enkater:resultat_export", args=[utskick.pk]) + "?export=csv")
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Leverantör", "Verksamhet", "Svarande"]
    assert len(lines) == 1 + 5 + 4 + 4  # header + three submitted answers' values


def anonymous_world():
    """The issue's case: four colleagues answer anonymously; three about Alfa, two about Beta."""
    version, q = questionnaire(malgrupp=Malgrupp.PERSONAL, anonymt=True)
    utskick = UtskickFactory(version=version)
    alfa = LeverantorFactory(namn="Alfa Omsorg")
    beta = LeverantorFactory(namn="Beta Vård")
    User = get_user_model()
    people = [User.objects.create_user(f"kollega{n}") for n in range(4)]
    asked = [
        (people[0], alfa),
        (people[1], alfa),
        (people[2], alfa),
        (people[3], beta),
        (people[0], beta),
    ]
    for person, leverantor in asked:
        Mottagare.objects.create(
            utskick=utskick, leverantor=leverantor, anvandare=person, besvarad=True
        )
    for leverantor, ja in ((alfa, "Ja"), (alfa, "Ja"), (alfa, "Nej"), (beta, "Ja"), (beta, "Nej")):
        svar = Svar.objects.create(
            utskick=utskick,
            version=version,
            leverantor=leverantor,
            status=SvarStatus.INSKICKAT,
            inskickad=datetime.date(2026, 11, 19),
        )
        SvarVarde.objects.create(svar=svar, fraga=q["ja"], text=ja)
        SvarVarde.objects.create(svar=svar, fraga=q["text"], text=f"Om {leverantor.namn}")
    return utskick, alfa, beta


@pytest.mark.django_db
def test_anonymous_results_need_three_answers_per_supplier(alice, client):
    utskick, alfa, beta = anonymous_world()
    r = resultat(utskick)
    rows = by_text(r)
    [(a, fa), (b, fb)] = rows["Finns rutin?"].per_leverantor
    assert (a.namn, a.svar, fa.for_fa, fa.alternativ) == (
        "Alfa Omsorg",
        3,
        False,
        [("Ja", 2, 67), ("Nej", 1, 33)],
    )
    assert (b.namn, b.svar, fb.for_fa, fb.alternativ) == ("Beta Vård", 2, True, [])
    # The totals count only the suppliers shown: Beta's two cannot be derived by subtraction.
    assert rows["Finns rutin?"].totalt.alternativ == [("Ja", 2, 67), ("Nej", 1, 33)]
    assert rows["Övrigt?"].texter == [("Om Alfa Omsorg", "")] * 3
    client.force_login(alice)
    page = client.get(reverse("enkater:resultat", args=[utskick.pk])).content.decode()
    assert FOR_FA_SVAR in page
    assert "Om Beta Vård" not in page
    response = client.get(reverse("enkater:resultat_export", args=[utskick.pk]) + "?export=csv")
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert "Svarande" not in header and "Inskickat" not in header


@pytest.mark.django_db
def test_anonymous_survey_with_too_few_answers_shows_nothing_and_exports_nothing(
    alice, client, settings
):
    settings.ENKAT_MINSTA_ANTAL_SVAR = 4
    utskick, alfa, beta = anonymous_world()
    r = resultat(utskick)
    assert r.for_fa
    assert all(f.for_fa for _, f in r.fragor[0].per_leverantor)
    client.force_login(alice)
    response = client.get(reverse("enkater:resultat_export", args=[utskick.pk]) + "?export=csv")
    assert response.status_code == 302


def fill(utskick, q, n):
    leverantorer = [LeverantorFactory(), LeverantorFactory()]
    for i in range(n):
        answer(
            utskick,
            leverantorer[i % 2],
            {
                q["ja"]: "Ja" if i % 3 else "Nej",
                q["skala"]: str(1 + i % 5),
                q["text"]: f"Text {i}",
                q["val"]: "Schema\nPlan",
            },
        )


@pytest.mark.django_db
def test_results_page_query_count_does_not_grow(alice, client):
    client.force_login(alice)
    counts = []
    for n in (10, 200):
        version, q = questionnaire()
        utskick = UtskickFactory(version=version)
        fill(utskick, q, n)
        counts.append(count_queries(client, reverse("enkater:resultat", args=[utskick.pk])))
    assert counts[0] == counts[1]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "code"), [("charlotte", 200), ("alice", 200), ("sam", 403)])
def test_uploaded_document_only_for_those_who_may_see_answers(
    request, client, persona, code, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    version = VersionFactory()
    fraga = FragaFactory(sektion=SektionFactory(version=version), typ=FragaTyp.DOKUMENT)
    utskick = UtskickFactory(version=version)
    svar = answer(utskick, LeverantorFactory(), {})
    varde = SvarVarde(svar=svar, fraga=fraga, filnamn="Bemanning.pdf")
    varde.fil.save("bemanning.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    varde.save()
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("enkater:svarfil", args=[varde.pk]))
    assert response.status_code == code
    if code == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
        response.close()
        assert response["Content-Disposition"] == (
            f'attachment; filename="dokument-svar-{svar.pk}-fraga-{fraga.pk}.pdf"'
        )
