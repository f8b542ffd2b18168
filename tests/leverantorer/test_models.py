import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from leverantorer.models import (
    Avtal,
    Beslut,
    DirektupphandlingSkal,
    Leverantor,
    normalize_orgnr,
    units_of,
)
from tests.conftest import make_user
from tests.factories import (
    AvtalFactory,
    AvtalsomradeFactory,
    LeverantorFactory,
    PlaceringFactory,
    RamavtalFactory,
    VerksamhetFactory,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("556000-0001", "556000-0001"),
        ("5560000001", "556000-0001"),
        ("16556000-0001", "556000-0001"),
        (" 556000 0001 ", "556000-0001"),
    ],
)
def test_it_normalises_valid_organisationsnummer(value, expected):
    assert normalize_orgnr(value) == expected


@pytest.mark.parametrize("value", ["556000-0002", "12345", "abcdef-ghij", ""])
def test_it_refuses_invalid_organisationsnummer_in_swedish(value):
    with pytest.raises(ValidationError, match="Ogiltigt organisationsnummer"):
        normalize_orgnr(value)


@pytest.mark.django_db
def test_a_sole_traders_number_is_accepted_and_treated_as_personal_data():
    leverantor = Leverantor(namn="Anna Andersson Konsult", organisationsnummer="811218-9876")
    leverantor.full_clean()
    assert leverantor.enskild_firma is True
    assert leverantor.organisationsnummer_visas == "811218-****"


@pytest.mark.django_db
def test_a_company_number_is_shown_in_full():
    leverantor = Leverantor(namn="Ekliden AB", organisationsnummer="5560000001")
    leverantor.full_clean()
    assert leverantor.organisationsnummer == "556000-0001"
    assert leverantor.enskild_firma is False
    assert leverantor.organisationsnummer_visas == "556000-0001"


@pytest.mark.django_db
def test_organisationsnummer_is_unique():
    LeverantorFactory(organisationsnummer="556000-0001")
    duplicate = Leverantor(namn="Kopia AB", organisationsnummer="556000-0001")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "organisationsnummer" in error.value.message_dict


@pytest.mark.django_db
def test_a_placement_cannot_end_before_it_starts():
    placering = PlaceringFactory.build(
        avtal=AvtalFactory(),
        startdatum=datetime.date(2024, 5, 1),
        slutdatum=datetime.date(2024, 4, 1),
    )
    placering.verksamhet = VerksamhetFactory(leverantor=placering.avtal.leverantor)
    with pytest.raises(ValidationError) as error:
        placering.full_clean()
    assert error.value.message_dict["slutdatum"] == ["Slutdatum kan inte ligga före startdatum."]


@pytest.mark.django_db
def test_a_placement_outside_the_agreements_needs_a_reason():
    verksamhet = VerksamhetFactory()
    placering = PlaceringFactory.build(avtal=None, verksamhet=verksamhet)
    with pytest.raises(ValidationError) as error:
        placering.full_clean()
    assert "direktupphandling_skal" in error.value.message_dict
    placering.direktupphandling_skal = DirektupphandlingSkal.INGEN_PLATS
    placering.full_clean()
    assert placering.ar_direktupphandling


@pytest.mark.django_db
def test_a_placement_unit_must_belong_to_the_contracts_supplier():
    placering = PlaceringFactory.build(avtal=AvtalFactory(), verksamhet=VerksamhetFactory())
    with pytest.raises(ValidationError) as error:
        placering.full_clean()
    assert error.value.message_dict["verksamhet"] == [
        "Verksamheten hör inte till avtalets leverantör."
    ]


@pytest.mark.django_db
def test_a_placement_area_must_belong_to_the_contracts_agreement():
    avtal = AvtalFactory()
    placering = PlaceringFactory.build(
        avtal=avtal,
        verksamhet=VerksamhetFactory(leverantor=avtal.leverantor),
        avtalsomrade=AvtalsomradeFactory(ramavtal=RamavtalFactory()),
    )
    with pytest.raises(ValidationError) as error:
        placering.full_clean()
    assert "avtalsomrade" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["referens", "anteckning"])
def test_a_placement_refuses_a_personnummer_in_free_text(field):
    avtal = AvtalFactory()
    placering = PlaceringFactory.build(
        avtal=avtal, verksamhet=VerksamhetFactory(leverantor=avtal.leverantor)
    )
    setattr(placering, field, "19811218-9876")
    with pytest.raises(ValidationError) as error:
        placering.full_clean()
    assert "personnummer" in error.value.message_dict[field][0]


@pytest.mark.django_db
def test_a_negative_cost_is_refused():
    avtal = AvtalFactory()
    placering = PlaceringFactory.build(
        avtal=avtal,
        verksamhet=VerksamhetFactory(leverantor=avtal.leverantor),
        kostnad_per_dygn=Decimal("-1"),
    )
    with pytest.raises(ValidationError) as error:
        placering.full_clean()
    assert "kostnad_per_dygn" in error.value.message_dict


@pytest.mark.django_db
def test_protected_records_cannot_be_hard_deleted():
    from django.db.models import ProtectedError

    placering = PlaceringFactory()
    with pytest.raises(ProtectedError):
        placering.avtal.leverantor.delete()
    with pytest.raises(ProtectedError):
        placering.avtal.ramavtal.delete()


# --- The register's shared reads: which contracts count, and what they cover ----


@pytest.mark.django_db
def test_each_status_set_of_contracts_has_its_own_method():
    ramavtal = RamavtalFactory()
    made = {
        status: AvtalFactory(ramavtal=ramavtal, status=status, leverantor__namn=status)
        for status in ("aktiv", "pausad", "uppsagt", "havt", "upphort")
    }

    def names(queryset):
        return sorted(a.leverantor.namn for a in queryset)

    assert names(Avtal.objects.aktiva()) == ["aktiv"]
    assert names(Avtal.objects.i_kraft()) == ["aktiv", "pausad"]
    assert names(Avtal.objects.bevakade()) == ["aktiv", "pausad", "uppsagt"]
    # The manager comes from the QuerySet: reverse relations have the methods too.
    assert names(ramavtal.avtal.i_kraft()) == ["aktiv", "pausad"]
    assert names(made["aktiv"].leverantor.avtal.bevakade()) == ["aktiv"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "startdatum", "ended", "expected"),
    [
        ("aktiv", datetime.date(2024, 12, 31), None, True),  # begun on the last day
        ("aktiv", datetime.date(2025, 1, 1), None, False),  # joined after the year
        ("aktiv", None, None, True),  # no start date recorded
        ("pausad", datetime.date(2021, 3, 1), None, True),
        ("upphort", datetime.date(2021, 3, 1), datetime.date(2024, 1, 2), True),
        ("upphort", datetime.date(2021, 3, 1), datetime.date(2024, 1, 1), False),  # on day one
        ("havt", datetime.date(2021, 3, 1), datetime.date(2023, 6, 1), False),
        ("uppsagt", datetime.date(2021, 3, 1), datetime.date(2024, 6, 1), True),
        ("upphort", datetime.date(2021, 3, 1), None, False),  # ended with no decision
    ],
)
def test_a_contract_is_in_force_during_a_period(alice, status, startdatum, ended, expected):
    avtal = AvtalFactory(status=status, startdatum=startdatum)
    if ended:
        typ = {"upphort": "upphorande", "havt": "havning", "uppsagt": "uppsagning"}[status]
        Beslut.objects.create(
            avtal=avtal,
            typ=typ,
            datum=ended,
            beslutsfattare="Socialnämnden",
            skal_id="annat",
            faktaunderlag="Underlag",
            foregaende_status="aktiv",
            ny_status=status,
            registrerat_av=alice,
        )
    during = Avtal.objects.i_kraft_under(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert list(during) == ([avtal] if expected else [])


@pytest.mark.django_db
def test_a_contract_covers_the_units_it_names_else_all_its_suppliers():
    leverantor = LeverantorFactory()
    first = VerksamhetFactory(leverantor=leverantor, namn="Björkgården")
    second = VerksamhetFactory(leverantor=leverantor, namn="Almgården")
    elsewhere = VerksamhetFactory(namn="Annans gård")
    naming = AvtalFactory(leverantor=leverantor)
    naming.verksamheter.add(first)
    whole = AvtalFactory(leverantor=leverantor)
    other = AvtalFactory(leverantor=elsewhere.leverantor)

    assert units_of([naming, whole, other]) == {
        naming.pk: [first],
        whole.pk: [second, first],  # by name
        other.pk: [elsewhere],
    }
    # The same rule read from the unit's side.
    assert set(Avtal.objects.omfattar(first)) == {naming, whole}
    assert set(Avtal.objects.omfattar(second.pk)) == {whole}
    assert set(Avtal.objects.omfattar(elsewhere)) == {other}


@pytest.mark.django_db
def test_a_suppliers_responsible_strategists_come_from_its_watched_contracts(
    alice, django_user_model
):
    bob = make_user(django_user_model, "bob")
    carl = make_user(django_user_model, "carl")
    gone = make_user(django_user_model, "gone", is_active=False)
    dora = make_user(django_user_model, "dora")
    leverantor = LeverantorFactory()
    for namn, strateg, status in [
        ("A", bob, "pausad"),
        ("B", alice, "aktiv"),
        ("C", carl, "uppsagt"),  # serving notice: still watched
        ("D", gone, "aktiv"),  # left: counts as nobody
        ("E", dora, "upphort"),  # ended: no longer responsible
    ]:
        AvtalFactory(
            leverantor=leverantor,
            ramavtal=RamavtalFactory(namn=namn, ansvarig_strateg=strateg),
            status=status,
        )
    ranked = Avtal.objects.filter(leverantor=leverantor).med_ansvarig_strateg()
    # Active contracts first, then by agreement name.
    assert list(ranked.values_list("ramavtal__ansvarig_strateg", flat=True)) == [
        alice.pk,
        bob.pk,
        carl.pk,
    ]
