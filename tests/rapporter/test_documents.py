"""The registry of document types: one entry per kind, found by value or by document."""

import pytest

from rapporter.documents import (
    ARSRAPPORT,
    DOCUMENT_TYPES,
    PLAN,
    document_type,
    document_type_of,
)
from rapporter.forms import ArsrapportForm, UppfoljningsplanForm
from rapporter.models import Arsrapport, Dokumenttyp, Uppfoljningsplan
from rapporter.services import dokument_skapa

EXPECTED = [
    # (type, value, model, form, template, detail url, form prefix, label)
    (
        ARSRAPPORT,
        "arsrapport",
        Arsrapport,
        ArsrapportForm,
        "rapporter/dokument/arsrapport.html",
        "rapporter:arsrapport",
        "rapport",
        "Årsrapport",
    ),
    (
        PLAN,
        "plan",
        Uppfoljningsplan,
        UppfoljningsplanForm,
        "rapporter/dokument/plan.html",
        "rapporter:plan",
        "plan",
        "Plan",
    ),
]


def test_every_dokumenttyp_has_exactly_one_entry():
    assert set(DOCUMENT_TYPES) == set(Dokumenttyp.values)


@pytest.mark.parametrize(
    ("kind", "value", "model", "form", "template", "detail_url", "prefix", "label"), EXPECTED
)
def test_each_type_says_what_it_is_made_of(
    kind, value, model, form, template, detail_url, prefix, label
):
    assert document_type(value) is kind
    assert (kind.model, kind.form, kind.template) == (model, form, template)
    assert (kind.detail_url, kind.form_prefix, kind.label) == (detail_url, prefix, label)


@pytest.mark.parametrize(
    ("kind", "view", "add", "change", "freeze"),
    [
        (
            ARSRAPPORT,
            "rapporter.view_arsrapport",
            "rapporter.add_arsrapport",
            "rapporter.change_arsrapport",
            "rapporter.faststall_arsrapport",
        ),
        (
            PLAN,
            "rapporter.view_uppfoljningsplan",
            "rapporter.add_uppfoljningsplan",
            "rapporter.change_uppfoljningsplan",
            "rapporter.faststall_uppfoljningsplan",
        ),
    ],
)
def test_each_type_names_its_permissions(kind, view, add, change, freeze):
    assert (kind.view_permission, kind.add_permission) == (view, add)
    assert (kind.change_permission, kind.freeze_permission) == (change, freeze)


def test_each_type_names_its_files():
    assert ARSRAPPORT.download_filename(2024) == "Årsrapport 2024.pdf"
    assert PLAN.download_filename(2025) == "Plan 2025.pdf"
    assert ARSRAPPORT.version_filename(2024, 3) == "arsrapport-2024-v3.pdf"
    assert PLAN.version_filename(2025, 1) == "plan-2025-v1.pdf"
    assert ARSRAPPORT.pdf_filename(Arsrapport(ar=2024)) == (
        "Uppföljning av privata utförare 2024.pdf"
    )
    assert PLAN.pdf_filename(Uppfoljningsplan(ar=2025)) == (
        "Plan för uppföljning av privata utförare 2025.pdf"
    )


def test_a_document_finds_its_type():
    assert document_type_of(Arsrapport(ar=2024)) is ARSRAPPORT
    assert document_type_of(Uppfoljningsplan(ar=2024)) is PLAN


def test_an_unknown_type_is_not_found():
    with pytest.raises(KeyError):
        document_type("avrop")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "model", "first_words"),
    [
        ("arsrapport", Arsrapport, "Ärendet har beretts av avtalsansvariga strateger."),
        ("plan", Uppfoljningsplan, "Ärendet har beretts inom förvaltningen."),
    ],
)
def test_a_new_document_gets_its_types_standard_wording_and_its_creator_in_history(
    alice, value, model, first_words
):
    dokument = dokument_skapa(dokumenttyp=value, ar=2025, user=alice)

    assert isinstance(dokument, model)
    assert model.objects.get(ar=2025).beredning == first_words
    assert [h.history_user for h in dokument.history.all()] == [alice]
