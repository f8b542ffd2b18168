import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from leverantorer.models import DirektupphandlingSkal, Leverantor, normalize_orgnr
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
