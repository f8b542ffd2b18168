"""The form-page glue in uppfoljning/editing.py: service errors, edit and child pages."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from leverantorer.forms import LeverantorForm
from leverantorer.models import Leverantor
from ramavtal.forms import AvtalsomradeForm
from ramavtal.models import Avtalsomrade
from tests.factories import AvtalsomradeFactory, LeverantorFactory, RamavtalFactory
from uppfoljning import editing


class DatedForm(forms.Form):
    namn = forms.CharField(required=False)
    beslutsdatum = forms.DateField(required=False)


def checked_form():
    form = DatedForm({"namn": "Ett namn", "beslutsdatum": "2026-03-05"})
    assert form.is_valid()
    return form


def test_it_puts_a_rules_messages_on_the_fields_the_form_shows():
    form = checked_form()
    editing.add_errors(form, ValidationError({"namn": "Namnet är upptaget."}))
    assert form.errors == {"namn": ["Namnet är upptaget."]}
    assert "namn" not in form.cleaned_data


def test_it_puts_messages_for_other_fields_and_no_field_on_the_form():
    form = checked_form()
    error = ValidationError({"status": "Statusen har ändrats.", "__all__": "Försök igen."})
    editing.add_errors(form, error)
    assert form.errors == {"__all__": ["Statusen har ändrats.", "Försök igen."]}


def test_it_puts_a_plain_message_on_the_form():
    form = checked_form()
    editing.add_errors(form, ValidationError(["Första felet.", "Andra felet."]))
    assert form.non_field_errors() == ["Första felet.", "Andra felet."]


def test_it_follows_renamed_fields():
    form = checked_form()
    error = ValidationError({"datum": "Beslutet kan inte ligga före det förra."})
    editing.add_errors(form, error, renamed={"datum": "beslutsdatum"})
    assert form.errors == {"beslutsdatum": ["Beslutet kan inte ligga före det förra."]}


def test_it_keeps_the_codes_and_fills_in_the_params():
    form = checked_form()
    error = ValidationError(
        {"namn": ValidationError("Högst %(max)s tecken.", code="max", params={"max": 5})}
    )
    editing.add_errors(form, error)
    assert form.errors == {"namn": ["Högst 5 tecken."]}
    assert form.has_error("namn", code="max")


@pytest.fixture
def rendered(monkeypatch):
    """The template and context the page renders, instead of the HTML."""
    pages = []

    def render(request, template, context):
        pages.append((template, context))
        return HttpResponse("page")

    monkeypatch.setattr(editing, "render", render)
    return pages


def request_for(user, method="get", data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request.user = user
    request._messages = CookieStorage(request)
    return request


def texts(request):
    return [str(message) for message in get_messages(request)]


def supplier_data(leverantor, **changes):
    data = {
        "namn": leverantor.namn,
        "organisationsnummer": leverantor.organisationsnummer,
        "ort": leverantor.ort,
        "region": leverantor.region,
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_an_edit_page_shows_the_form_with_a_way_back(alice, rendered):
    leverantor = LeverantorFactory()
    response = editing.edit_page(
        request_for(alice), LeverantorForm, instance=leverantor, title="Ändra", intro="Om sidan."
    )
    assert response.status_code == 200
    [(template, context)] = rendered
    assert template == "form_page.html"
    assert not context["form"].is_bound
    assert (context["title"], context["intro"]) == ("Ändra", "Om sidan.")
    assert context["cancel_url"] == f"/leverantorer/{leverantor.pk}/"


@pytest.mark.django_db
def test_a_new_objects_page_has_no_way_back_unless_told(alice, rendered):
    editing.edit_page(request_for(alice), LeverantorForm, title="Ny leverantör")
    assert rendered[0][1]["cancel_url"] is None


@pytest.mark.django_db
def test_an_edit_page_saves_says_so_and_goes_to_the_object(alice, rendered):
    leverantor = LeverantorFactory(namn="Gamla namnet AB")
    request = request_for(alice, "post", supplier_data(leverantor, namn="Nya namnet AB"))
    response = editing.edit_page(request, LeverantorForm, instance=leverantor, title="Ändra")
    assert (response.status_code, response["Location"]) == (302, f"/leverantorer/{leverantor.pk}/")
    assert Leverantor.objects.get(pk=leverantor.pk).namn == "Nya namnet AB"
    assert texts(request) == ["Ändringarna är sparade."]
    assert rendered == []


@pytest.mark.django_db
def test_an_empty_post_is_checked_not_ignored(alice, rendered):
    leverantor = LeverantorFactory(namn="Gamla namnet AB")
    request = request_for(alice, "post")
    editing.edit_page(request, LeverantorForm, instance=leverantor, title="Ändra")
    form = rendered[0][1]["form"]
    assert form.is_bound
    assert form.errors["namn"] == ["Detta fält måste fyllas i."]
    assert Leverantor.objects.get(pk=leverantor.pk).namn == "Gamla namnet AB"
    assert texts(request) == []


@pytest.mark.django_db
def test_a_child_page_adds_the_row_to_its_parent_and_goes_back(alice, rendered):
    ramavtal = RamavtalFactory()
    request = request_for(alice, "post", {"nummer": 2, "namn": "Familjehem grundnivå"})
    response = editing.child_page(
        request,
        AvtalsomradeForm,
        parent=ramavtal,
        field="ramavtal",
        title="Nytt avtalsområde",
        success_message=lambda omrade: f"{omrade} är tillagt.",
    )
    assert (response.status_code, response["Location"]) == (302, f"/ramavtal/{ramavtal.pk}/")
    omrade = Avtalsomrade.objects.get()
    assert (omrade.ramavtal, omrade.nummer, omrade.namn) == (ramavtal, 2, "Familjehem grundnivå")
    assert texts(request) == ["2 Familjehem grundnivå är tillagt."]


@pytest.mark.django_db
def test_a_child_page_checks_the_constraints_that_include_the_parent(alice, rendered):
    ramavtal = RamavtalFactory()
    AvtalsomradeFactory(ramavtal=ramavtal, nummer=1, namn="Jourhem")
    request = request_for(alice, "post", {"nummer": 1, "namn": "Ett till jourhem"})
    response = editing.child_page(
        request, AvtalsomradeForm, parent=ramavtal, field="ramavtal", title="Nytt avtalsområde"
    )
    assert response.status_code == 200
    context = rendered[0][1]
    assert context["form"].non_field_errors() == [
        "Ramavtalet har redan ett avtalsområde med det numret."
    ]
    assert context["cancel_url"] == f"/ramavtal/{ramavtal.pk}/"
    assert Avtalsomrade.objects.count() == 1
    assert texts(request) == []


@pytest.mark.django_db
def test_a_child_page_may_go_elsewhere(alice, rendered):
    ramavtal = RamavtalFactory()
    editing.child_page(
        request_for(alice),
        AvtalsomradeForm,
        parent=ramavtal,
        field="ramavtal",
        back="/ramavtal/",
        title="Nytt avtalsområde",
    )
    assert rendered[0][1]["cancel_url"] == "/ramavtal/"
