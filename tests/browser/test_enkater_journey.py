"""Issue 15's "Done when", end to end in Chromium through the real pages.

A strategist imports a ramavtal's requirements, builds a self-report questionnaire from
them (a yes/no question tied to a requirement, a question shown only on "Nej", an upload
question), sends it to the three units of a special follow-up; a unit opens its personal
link without logging in, saves a draft, uploads a document, submits; the strategist asks
for a complement on one question, the unit completes it, the strategist accepts and
registers a finding from another answer. Then an anonymous staff survey with four
respondents: figures for the supplier with three answers, "för få svar" for the one with
two. axe-core on every distinct page; the answer page at phone size without a sideways
scroll.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from enkater.besvara import skicka_in
from enkater.models import (
    Avtalskrav,
    BristUnderlag,
    Formular,
    Fraga,
    FragaTyp,
    Komplettering,
    Malgrupp,
    Mottagare,
    Svar,
    SvarStatus,
    SvarVarde,
    Utskick,
    UtskickStatus,
)
from enkater.mottagare import Forslag
from enkater.resultat import FOR_FA_SVAR
from enkater.utskick import mottagare_lagg_till, utskick_skapa, utskick_skicka
from tests.arenden.factories_sarskild import SarskildFactory, TemaFactory, UrvalRadFactory
from tests.browser.conftest import assert_accessible, login
from tests.clock import DEFAULT
from tests.conftest import PASSWORD
from tests.enkater.factories import FormularFactory, FragaFactory, SektionFactory, VersionFactory
from tests.factories import AvtalFactory, LeverantorFactory, RamavtalFactory, VerksamhetFactory

# The dates below are written out around the suite's default day (tests/clock.py).
pytestmark = [
    pytest.mark.today(DEFAULT, tick=True),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TODAY = datetime.date(2026, 11, 20)  # tests/clock.py
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"

NATT = "Har verksamheten vaken personal nattetid?"
BEREDSKAP = "Hur bemannas natten i stället?"
SCHEMA = "Bifoga bemanningsschemat för oktober."
KOMMENTAR = "Ange hur snabbt personalen i beredskap är på plats."


@pytest.fixture(autouse=True)
def _media_and_rate_limit(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def _world():
    """A special follow-up of a ramavtal; two sampled suppliers, three units with e-mail."""
    ramavtal = RamavtalFactory(namn="HVB barn och unga")
    TemaFactory(namn="Bemanning")
    case = SarskildFactory(ramavtal=ramavtal, ar=2026, rubrik="HVB-uppföljning 2026")
    alfa = LeverantorFactory(namn="Alfa Omsorg AB", epost="")
    beta = LeverantorFactory(namn="Beta Vård AB", epost="")
    for lev in (alfa, beta):
        AvtalFactory(leverantor=lev, ramavtal=ramavtal)
        UrvalRadFactory(uppfoljning=case, leverantor=lev)
    VerksamhetFactory(leverantor=alfa, namn="Hem Björken", epost="bjorken@alfa.example")
    VerksamhetFactory(leverantor=alfa, namn="Hem Eken", epost="eken@alfa.example")
    VerksamhetFactory(leverantor=beta, namn="Hem Linden", epost="linden@beta.example")
    return ramavtal, case, alfa, beta


def _link_to(address):
    """The answer page's path from the letter to `address` (the token is only in the mail)."""
    [letter] = [m for m in mail.outbox if m.to == [address] and "/enkater/svar/" in m.body]
    return re.search(r"/enkater/svar/[^/\s]+/", letter.body).group(0)


def _no_horizontal_scroll(page, width=390):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _import_requirements(page, ramavtal, tmp_path):
    fil = tmp_path / "krav.csv"
    fil.write_text(
        "punkt;rubrik;text;tema;avtalsområde\n"
        "5.3.2;Bemanning nattetid;Vaken personal finns nattetid.;Bemanning;\n"
        "5.3;Bemanning dagtid;Personal med rätt kompetens dagtid.;Bemanning;\n"
        "6.1;Bemanningsschema;Leverantören har ett aktuellt bemanningsschema.;Bemanning;\n",
        encoding="utf-8",
    )
    page.goto(f"/ramavtal/{ramavtal.pk}/")
    page.get_by_role("link", name="Krav (0)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Krav i HVB barn och unga"
    assert_accessible(page)
    page.get_by_role("link", name="Importera krav från fil").click()
    assert_accessible(page)
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(str(fil))
    page.get_by_role("button", name="Förhandsgranska").click()
    assert "3 nya, 0 ändras, 0 oförändrade" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Importera").click()
    assert "Importen är klar: 3 nya" in page.content()
    rows = page.locator("tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).inner_text().split()[0] for i in range(3)] == ["5.3", "5.3.2", "6.1"]
    assert_accessible(page)
    assert set(Avtalskrav.objects.filter(ramavtal=ramavtal).values_list("nummer", flat=True)) == {
        "5.3",
        "5.3.2",
        "6.1",
    }


def _new_question(page, sektion, typ, text, *, krav=None, obligatorisk=False):
    page.get_by_role("link", name=f"Ny fråga i sektionen {sektion}", exact=True).click()
    page.locator("#id_typ").select_option(label=typ)
    page.locator("#id_text").fill(text)
    if obligatorisk:
        page.get_by_label("Måste besvaras").check()
    if krav:
        page.get_by_label(krav, exact=True).check()


def _build_questionnaire(page, ramavtal):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Frågeformulär"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name="Nytt frågeformulär").click()
    assert_accessible(page)
    page.get_by_label("Namn").fill("Egenrapportering HVB 2026")
    page.get_by_label("Vem svarar").select_option(label="Verksamheter (egenrapportering)")
    page.get_by_label("Ramavtal").select_option(label=str(ramavtal))
    page.get_by_role("button", name="Spara").click()
    assert "Frågeformuläret är skapat" in page.content()
    assert page.get_by_role("heading", level=1).inner_text() == "Egenrapportering HVB 2026"
    assert_accessible(page)
    builder = page.url

    page.get_by_role("link", name="Ny sektion").click()
    assert_accessible(page)
    page.get_by_label("Rubrik").fill("Bemanning")
    page.get_by_role("button", name="Spara").click()
    assert page.url.startswith(builder)

    # A yes/no question tied to requirement 5.3.2 (the question form: axe-clean).
    _new_question(
        page,
        "Bemanning",
        "Ja eller nej",
        NATT,
        krav="5.3.2 Bemanning nattetid",
        obligatorisk=True,
    )
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    assert page.url.startswith(builder)
    natt = Fraga.objects.get(text=NATT)
    assert [k.nummer for k in natt.krav.all()] == ["5.3.2"]

    # Shown only when the answer to the yes/no question is "Nej".
    _new_question(page, "Bemanning", "Lång text", BEREDSKAP, obligatorisk=True)
    page.locator("#id_villkor_fraga").select_option(value=str(natt.pk))
    page.locator("#id_villkor_varde").select_option(label="Nej")
    page.get_by_role("button", name="Spara").click()
    beredskap = Fraga.objects.get(text=BEREDSKAP)
    assert (beredskap.villkor_fraga, beredskap.villkor_varde) == (natt, "Nej")

    # A document upload, tied to requirement 6.1.
    _new_question(page, "Bemanning", "Dokument (uppladdning)", SCHEMA, krav="6.1 Bemanningsschema")
    page.get_by_role("button", name="Spara").click()
    assert page.url.startswith(builder)

    assert page.locator("ol.fragor > li").count() == 3
    assert (
        page.locator(f"#fraga-{beredskap.pk}")
        .get_by_text("Villkor: visas om fråga 1 är Nej")
        .is_visible()
    )
    assert page.locator(f"#fraga-{natt.pk}").get_by_text("Krav 5.3.2").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Förhandsgranska version 1").click()
    assert_accessible(page)
    return Formular.objects.get(namn="Egenrapportering HVB 2026")


def _send_to_the_units(page, case):
    page.goto(reverse("arenden:sarskild", args=[case.pk]))
    assert page.get_by_role("heading", name="Frågeformulär", level=2).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nytt utskick").click()
    assert_accessible(page)
    page.get_by_label("Frågeformulär").select_option(label="Egenrapportering HVB 2026")
    page.get_by_role("button", name="Fortsätt").click()
    for unit in ("Hem Björken", "Hem Eken", "Hem Linden"):
        assert page.get_by_label(re.compile(f"^{unit} ")).is_checked()
    assert_accessible(page)
    page.get_by_label("Svar senast").fill("2026-12-15")
    page.get_by_role("button", name="Spara utskicket").click()
    assert_accessible(page)
    page.get_by_role("button", name="Skicka till 3 mottagare").click()
    utskick = Utskick.objects.get()
    # The eager task ran in the live server's thread after the commit.
    assert utskick.status == UtskickStatus.SKICKAT
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bjorken@alfa.example",
        "eken@alfa.example",
        "linden@beta.example",
    ]
    page.reload()
    assert page.locator("dd", has_text="Skickat").first.is_visible()
    assert_accessible(page)
    return utskick


def _unit_answers(unit, link):
    """A unit, not logged in: draft, reload, upload, submit."""
    unit.goto(link)
    assert unit.get_by_role("heading", level=1).inner_text() == "Egenrapportering HVB 2026"
    assert not unit.get_by_label(BEREDSKAP).is_visible()  # until "Nej"
    assert_accessible(unit)
    unit.get_by_role("group", name=NATT).get_by_label("Nej").check()
    assert unit.get_by_label(BEREDSKAP).is_visible()
    unit.get_by_label(BEREDSKAP).fill("Personal i beredskap i huset intill.")
    unit.get_by_role("button", name="Spara utkast").click()
    assert unit.get_by_text("Utkastet är sparat").is_visible()
    assert Svar.objects.get().status == SvarStatus.UTKAST

    unit.reload()
    assert unit.get_by_role("group", name=NATT).get_by_label("Nej").is_checked()
    assert unit.get_by_label(BEREDSKAP).input_value() == "Personal i beredskap i huset intill."
    unit.get_by_label(SCHEMA).set_input_files(
        {"name": "schema-oktober.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    unit.get_by_role("button", name="Spara utkast").click()
    assert unit.get_by_role("link", name="schema-oktober.pdf").is_visible()
    unit.get_by_role("button", name="Skicka in").click()
    assert unit.get_by_role("heading", level=1).inner_text() == "Svaret är inskickat"
    assert unit.get_by_text("Inskickat 2026-11-20").is_visible()
    assert_accessible(unit)
    svar = Svar.objects.get()
    assert (svar.status, svar.verksamhet.namn) == (SvarStatus.INSKICKAT, "Hem Björken")
    assert SvarVarde.objects.get(svar=svar, fraga__text=SCHEMA).filnamn == "schema-oktober.pdf"
    return svar


def _ask_for_a_complement(page, utskick, svar):
    page.goto(utskick.get_absolute_url())
    page.get_by_role("link", name=re.compile("granska svaret från Hem Björken")).click()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Granska svar: Svar från Hem Björken"
    )
    assert page.get_by_role("link", name="schema-oktober.pdf").is_visible()
    assert_accessible(page)
    beredskap = Fraga.objects.get(text=BEREDSKAP)
    page.get_by_role("group", name=f"Beslut: {BEREDSKAP}").get_by_label(
        "Begär komplettering"
    ).check()
    page.locator(f"#id_kommentar_{beredskap.pk}").fill(KOMMENTAR)
    page.get_by_label("Komplettera senast").fill("2026-12-04")
    page.get_by_role("button", name="Spara besluten").click()
    assert "Komplettering begärd för 1 fråga" in page.content()
    [round_1] = Komplettering.objects.filter(svar=svar)
    assert (round_1.runda, round_1.fraga, round_1.kommentar, round_1.besvarad) == (
        1,
        beredskap,
        KOMMENTAR,
        None,
    )
    assert round_1.tidigare_text == "Personal i beredskap i huset intill."
    svar.refresh_from_db()
    assert svar.status == SvarStatus.KOMPLETTERING
    [letter] = [m for m in mail.outbox if "Komplett" in m.subject or KOMMENTAR in m.body]
    assert letter.to == ["bjorken@alfa.example"] and KOMMENTAR in letter.body


def _unit_completes(unit, svar):
    unit.reload()  # the same link
    assert unit.get_by_text(KOMMENTAR).is_visible()
    assert_accessible(unit)
    unit.get_by_label(BEREDSKAP).fill(
        "Personal i beredskap i huset intill, på plats inom fem minuter."
    )
    unit.get_by_role("button", name="Skicka in").click()
    assert unit.get_by_role("heading", level=1).inner_text() == "Svaret är inskickat"
    svar.refresh_from_db()
    assert svar.status == SvarStatus.INSKICKAT
    assert Komplettering.objects.get(svar=svar).besvarad is not None
    assert SvarVarde.objects.get(svar=svar, fraga__text=BEREDSKAP).text.endswith(
        "inom fem minuter."
    )


def _accept_and_register_a_finding(page, svar):
    page.reload()
    assert "Runda 1" in page.content()
    assert "kompletterad 2026-11-20" in page.content()
    assert "inom fem minuter." in page.content()
    page.get_by_role("button", name="Godkänn och avsluta svaret").click()
    assert "Svaret är godkänt och avslutat." in page.content()
    svar.refresh_from_db()
    assert (svar.status, svar.granskad_av.username) == (SvarStatus.GODKANT, "alice")
    assert_accessible(page)

    # The finding comes from another answer of the unit: "Nej" to night staff (5.3.2).
    page.get_by_role("link", name=f"Registrera brist för frågan {NATT}").click()
    assert "Krav 5.3.2 Bemanning nattetid" in page.get_by_label("Beskrivning").input_value()
    assert_accessible(page)
    page.get_by_label("Krav på åtgärd").fill("Vaken personal nattetid från januari.")
    page.get_by_label("Åtgärdas senast").fill("2027-01-15")
    page.get_by_role("button", name="Spara").click()
    assert "Bristen är registrerad." in page.content()
    assert page.get_by_text(re.compile(r"Krav 5\.3\.2 Bemanning nattetid")).first.is_visible()
    assert_accessible(page)
    underlag = BristUnderlag.objects.select_related("brist", "krav", "fraga").get()
    assert (underlag.svar_id, underlag.fraga.text, underlag.krav.nummer) == (svar.pk, NATT, "5.3.2")
    assert underlag.brist.verksamhet.namn == "Hem Björken"
    assert underlag.brist.uppfoljning_id == svar.utskick.uppfoljning_id


def _anonymous_staff_survey(case, alfa, beta, alice):
    """Four colleagues; three answer about Alfa, two about Beta (one colleague about both)."""
    version = VersionFactory(
        formular=FormularFactory(
            namn="Enkät till socialsekreterare 2026", malgrupp=Malgrupp.PERSONAL, anonymt=True
        )
    )
    fraga = FragaFactory(
        sektion=SektionFactory(version=version, rubrik="Samverkan"),
        typ=FragaTyp.JA_NEJ,
        text="Får barnen det stöd som avtalats?",
    )
    User = get_user_model()
    people = [
        User.objects.create_user(f"kollega{n}", email=f"kollega{n}@kommun.example")
        for n in range(4)
    ]
    utskick = utskick_skapa(
        case,
        version,
        svar_senast=datetime.date(2026, 12, 15),
        respit_dagar=0,
        meddelande="",
        user=alice,
    )
    asked = [
        (people[0], alfa),
        (people[1], alfa),
        (people[2], alfa),
        (people[3], beta),
        (people[0], beta),
    ]
    forslag = [Forslag(leverantor=lev, anvandare=p, epost=p.email) for p, lev in asked]
    assert mottagare_lagg_till(utskick, forslag, alice) == 5
    utskick_skicka(utskick, alice)  # eager: the letters go at once
    answers = {alfa: ["Ja", "Ja", "Nej"], beta: ["Ja", "Nej"]}
    for lev, values in answers.items():
        recipients = Mottagare.objects.filter(utskick=utskick, leverantor=lev).order_by("pk")
        for mottagare, value in zip(recipients, values, strict=True):
            skicka_in(mottagare, {fraga.pk: value}, today=TODAY)
    # Anonymous: five submitted answers, none linked to a person or a recipient.
    assert Svar.objects.filter(utskick=utskick, status=SvarStatus.INSKICKAT).count() == 5
    assert not Svar.objects.filter(utskick=utskick, mottagare__isnull=False).exists()
    return utskick


def test_the_issue_journey_from_requirements_to_results(
    page, browser, live_server, alice, eager_celery, tmp_path
):
    page.set_viewport_size({"width": 1280, "height": 900})
    ramavtal, case, alfa, beta = _world()
    login(page, "alice", PASSWORD)
    _import_requirements(page, ramavtal, tmp_path)
    _build_questionnaire(page, ramavtal)
    utskick = _send_to_the_units(page, case)

    supplier = browser.new_context(base_url=live_server.url, locale="sv-SE")
    try:
        unit = supplier.new_page()
        unit.set_default_timeout(10_000)
        link = _link_to("bjorken@alfa.example")
        svar = _unit_answers(unit, link)
        _ask_for_a_complement(page, utskick, svar)
        _unit_completes(unit, svar)
        _accept_and_register_a_finding(page, svar)
        # An accepted answer's link is closed, with the neutral page.
        unit.goto(link)
        assert "Länken fungerar inte" in unit.content()
    finally:
        supplier.close()

    # The follow-up's panel: the finding and the round, per unit.
    page.goto(reverse("arenden:sarskild", args=[case.pk]))
    rad = page.locator("tr", has_text="Hem Björken")
    print("PANEL", repr(rad.inner_text()))
    assert "Egenrapportering HVB 2026: Godkänt" in rad.inner_text()
    assert "Krav 5.3.2 Bemanning nattetid" in rad.inner_text()

    staff = _anonymous_staff_survey(case, alfa, beta, alice)
    page.goto(reverse("enkater:resultat", args=[staff.pk]))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Resultat: Enkät till socialsekreterare 2026"
    )
    per_lev = page.get_by_role("region", name="Svar per leverantör, tabell som kan rullas i sidled")
    alfa_rad = per_lev.locator("tr", has_text="Alfa Omsorg AB").inner_text()
    beta_rad = per_lev.locator("tr", has_text="Beta Vård AB").inner_text()
    assert alfa_rad.split("\t")[1:] == ["3", "3", "100 %"]
    assert FOR_FA_SVAR not in alfa_rad
    assert beta_rad.split("\t")[1:3] == ["2", "2"] and FOR_FA_SVAR in beta_rad
    side_by_side = page.get_by_role("region", name=re.compile("^Per leverantör: Får barnen"))
    ja = side_by_side.locator("tr", has_text="Ja").inner_text().split("\t")
    assert ja == ["Ja", "2 (67 %)", FOR_FA_SVAR]
    assert_accessible(page)

    # The answer page at phone size: a unit that has not answered yet.
    phone = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    try:
        small = phone.new_page()
        small.goto(_link_to("eken@alfa.example"))
        assert small.get_by_role("heading", level=1).inner_text() == "Egenrapportering HVB 2026"
        _no_horizontal_scroll(small)
        small.get_by_role("group", name=NATT).get_by_label("Nej").check()
        assert small.get_by_label(BEREDSKAP).is_visible()
        _no_horizontal_scroll(small)
        assert_accessible(small)
        small.screenshot(path=tmp_path / "enkat-svar-390.png", full_page=True)
    finally:
        phone.close()
