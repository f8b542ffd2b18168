"""Fastställ numbers versions per document and year: each starts at 1."""

import pytest

from rapporter import services
from rapporter.models import Arsrapport, Dokumenttyp, Rapportversion, Uppfoljningsplan
from rapporter.pdf import Rendered
from rapporter.services import rapport_faststall

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fake_pdf(monkeypatch):
    """The numbering does not depend on the PDF: skip WeasyPrint, keep distinct bytes."""

    def document_pdf(dokumenttyp, dokument, *, archive=False):
        return Rendered(html="", pdf=f"%PDF-1.7 {dokumenttyp} {dokument.ar}".encode())

    monkeypatch.setattr(services, "document_pdf", document_pdf)


def complete(model, ar):
    """A document of the year with every required section written."""
    return model.objects.create(ar=ar, **{name: "Ifylld text." for name in model.REQUIRED_FIELDS})


def numbers():
    return sorted(Rapportversion.objects.values_list("dokumenttyp", "ar", "version"))


def test_each_year_numbers_its_own_versions_from_1(charlotte):
    rapport_2024 = complete(Arsrapport, 2024)
    rapport_2025 = complete(Arsrapport, 2025)
    rapport_faststall(dokument=rapport_2024, user=charlotte)
    rapport_faststall(dokument=rapport_2024, user=charlotte)
    first_2025 = rapport_faststall(dokument=rapport_2025, user=charlotte)
    assert first_2025.version == 1
    assert numbers() == [
        (Dokumenttyp.ARSRAPPORT, 2024, 1),
        (Dokumenttyp.ARSRAPPORT, 2024, 2),
        (Dokumenttyp.ARSRAPPORT, 2025, 1),
    ]
    assert rapport_faststall(dokument=rapport_2024, user=charlotte).version == 3


def test_the_plan_and_the_report_of_one_year_number_apart(charlotte):
    rapport = complete(Arsrapport, 2025)
    plan = complete(Uppfoljningsplan, 2025)
    rapport_faststall(dokument=rapport, user=charlotte)
    rapport_faststall(dokument=rapport, user=charlotte)
    assert rapport_faststall(dokument=plan, user=charlotte).version == 1
    assert numbers() == [
        (Dokumenttyp.ARSRAPPORT, 2025, 1),
        (Dokumenttyp.ARSRAPPORT, 2025, 2),
        (Dokumenttyp.PLAN, 2025, 1),
    ]
