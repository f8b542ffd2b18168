"""Every text a user or an import can fill passes the personnummer guard.

The walk is over what exists, so a new model, field or form without the
guard fails here without anyone listing it: the only lists are the
exemptions, each with its reason. Questionnaires (Formular, Fraga, Svar) do
not exist yet; their answer fields will be CharField/TextField (walked) or
JSONField (which must be exempted by name, with a reason, or fail).
"""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from uppfoljning.tabular import Column
from uppfoljning.validators import NoPersonalIdentity, looks_like_identity_number

OUR_APPS = ("uppfoljning", "administration", "ramavtal", "leverantorer", "arenden", "rapporter")
# Apps with forms but no models of their own.
FORM_APPS = (*OUR_APPS, "oversikt", "demo")

# Text fields of our models without the guard, and why. Fields with `choices`
# are exempt by rule instead (see test_a_choice_field_only_takes_its_listed_values).
MODEL_EXEMPT = {
    ("uppfoljning", "heartbeat", "name"): "the process kind, written by the code (beat/worker)",
    ("uppfoljning", "atkomsthandelse", "sokvag"): (
        "request.path of a logged view, written by the code; their URL arguments are ids"
    ),
    ("leverantorer", "leverantor", "organisationsnummer"): (
        "its own format rule (normalize_orgnr); a sole trader's is a personnummer by law, "
        "stored as the supplier's identity and masked when shown"
    ),
    ("leverantorer", "leverantor", "sokbar_namn"): "derived from the guarded namn",
    ("leverantorer", "verksamhet", "sokbar_namn"): "derived from the guarded namn",
    ("leverantorer", "beslutskal", "kod"): "a slug written by the migrations, not editable",
    ("arenden", "avvikelsekategori", "kod"): "a slug written by the migrations, not editable",
    ("arenden", "signal", "dedupe_nyckel"): "made by the code from ids and a date",
    ("arenden", "ivokontroll", "svar_sha256"): "a hex digest of the answer",
    ("arenden", "kreditkontroll", "svar_sha256"): "a hex digest of the answer",
    ("arenden", "kontrollfil", "sha256"): "a hex digest of the guarded rows",
    ("arenden", "paminnelse", "tillfalle"): "made by the code from a date and ids",
    ("arenden", "paminnelse", "text"): "made by the code from guarded fields",
    ("arenden", "paminnelse", "url"): "a reversed URL of the application",
    ("rapporter", "rapportversion", "titel"): "made by the code from the year and document kind",
    ("rapporter", "rapportversion", "sha256"): "a hex digest of the PDF",
    ("rapporter", "rapportjobb", "steg"): "the job's step, written by the code",
    ("rapporter", "rapportjobb", "fel"): "the renderer's own error text, written by the code",
    ("rapporter", "rapportjobb", "arbetare"): "the worker's hostname and pid, written by the code",
}

# JSON fields can hold text the walk cannot see into: each is named here.
JSON_EXEMPT = {
    ("ramavtal", "riskbedomning", "faktorer"): "codes chosen from Riskfaktor in the form",
    ("arenden", "avropskontroll", "skal"): "the verdict's reasons, written by avropskontroll",
    ("arenden", "kontrollsvep", "amnen"): "ids of the planned subjects",
    ("arenden", "kontrollfil", "rader"): "rows read by uppfoljning.tabular, every cell guarded",
}

# Form fields without the guard (on the form field or, for a ModelForm, on the model field).
FORM_EXEMPT = {
    ("administration.forms", "ForstaStartForm", "password1"): "a password: hashed, never shown",
    ("administration.forms", "ForstaStartForm", "password2"): "a password: hashed, never shown",
    ("leverantorer.forms", "LeverantorForm", "organisationsnummer"): (
        "normalize_orgnr in clean_organisationsnummer (see MODEL_EXEMPT)"
    ),
}


def guarded(validators):
    return any(isinstance(v, NoPersonalIdentity) for v in validators)


def our_models():
    for app_label in OUR_APPS:
        for model in apps.get_app_config(app_label).get_models():
            # simple-history's copies take what the guarded original held.
            if model.__name__.startswith("Historical"):
                continue
            yield app_label, model


def model_fields(kind):
    for app_label, model in our_models():
        for field in model._meta.get_fields():
            if isinstance(field, kind):
                yield (app_label, model._meta.model_name, field.name), field


TEXT_FIELDS = dict(model_fields((models.CharField, models.TextField)))
CHOICE_FIELDS = {key: field for key, field in TEXT_FIELDS.items() if field.choices}
MUST_GUARD = {
    key: field
    for key, field in TEXT_FIELDS.items()
    if not field.choices and key not in MODEL_EXEMPT
}
JSON_FIELDS = dict(model_fields(models.JSONField))


def test_the_walk_finds_the_fields_the_finding_named():
    assert ("arenden", "avvikelse", "beskrivning") in MUST_GUARD
    assert ("leverantorer", "placering", "referens") in MUST_GUARD
    assert ("leverantorer", "leverantor", "telefon") in MUST_GUARD
    assert ("leverantorer", "leverantor", "epost") in MUST_GUARD
    assert len(MUST_GUARD) > 80


def test_every_exemption_names_a_field_that_exists_and_has_no_choices():
    assert set(MODEL_EXEMPT) <= set(TEXT_FIELDS)
    assert not set(MODEL_EXEMPT) & set(CHOICE_FIELDS)
    assert set(JSON_EXEMPT) <= set(JSON_FIELDS)


@pytest.mark.parametrize("key", sorted(MUST_GUARD), ids=".".join)
def test_every_free_text_field_of_every_model_has_the_guard(key):
    assert guarded(MUST_GUARD[key].validators), f"{'.'.join(key)} lacks no_personal_identity"


@pytest.mark.parametrize("key", sorted(CHOICE_FIELDS), ids=".".join)
def test_a_choice_field_only_takes_its_listed_values(key):
    """The rule that exempts choice fields: full_clean and forms refuse any other value."""
    field = CHOICE_FIELDS[key]
    values = [str(value) for value, _label in field.flatchoices]
    assert values
    assert not any(looks_like_identity_number(value) for value in values)


@pytest.mark.parametrize("key", sorted(JSON_FIELDS), ids=".".join)
def test_every_json_field_is_exempted_by_name(key):
    assert key in JSON_EXEMPT, f"{'.'.join(key)}: guard its text or exempt it with a reason"


def our_form_classes():
    found = {}
    for app in FORM_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            # Migrations and commands define no forms; tests are not our apps.
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__.split(".")[0] in FORM_APPS:
                    found[(cls.__module__, cls.__name__)] = cls
    return found


FORMS = our_form_classes()


def model_validates(form_class, name):
    """The ModelForm's model field of that name, if model validation runs on it."""
    meta = getattr(form_class, "_meta", None)
    model = getattr(meta, "model", None)
    if model is None:
        return None
    if meta.fields not in (None, "__all__") and name not in meta.fields:
        return None  # a declared field the form does not save: no model validation
    if meta.exclude and name in meta.exclude:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def form_char_fields():
    for (module, name), form_class in FORMS.items():
        for field_name, field in form_class.base_fields.items():
            if isinstance(field, forms.CharField):
                yield (module, name, field_name), form_class, field


FORM_FIELDS = {key: (form_class, field) for key, form_class, field in form_char_fields()}
FORM_MUST_GUARD = {k: v for k, v in FORM_FIELDS.items() if k not in FORM_EXEMPT}


def test_the_walk_finds_the_forms_of_every_app():
    modules = {module for module, _name in FORMS}
    assert {"administration.forms", "ramavtal.forms", "leverantorer.forms"} <= modules
    assert {"arenden.forms.avvikelser", "arenden.forms.avrop", "rapporter.forms"} <= modules
    assert ("arenden.forms.avvikelser", "AvvikelseForm", "beskrivning") in FORM_MUST_GUARD
    assert ("leverantorer.forms", "LeverantorForm", "telefon") in FORM_MUST_GUARD
    assert set(FORM_EXEMPT) <= set(FORM_FIELDS)


@pytest.mark.parametrize("key", sorted(FORM_MUST_GUARD), ids=".".join)
def test_every_text_field_of_every_form_has_the_guard(key):
    form_class, field = FORM_MUST_GUARD[key]
    model_field = model_validates(form_class, key[2])
    assert guarded(field.validators) or (
        model_field is not None and guarded(model_field.validators)
    ), f"{'.'.join(key)} lacks no_personal_identity (on the form field or its model field)"


def import_columns():
    """Every tabular Column any module of ours declares (COLUMNS lists, dicts of lists)."""
    found = {}
    for app in FORM_APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            module = importlib.import_module(info.name)
            for attribute, value in vars(module).items():
                lists = value.values() if isinstance(value, dict) else [value]
                for candidate in lists:
                    if isinstance(candidate, list | tuple):
                        for column in candidate:
                            if isinstance(column, Column):
                                found[(info.name, attribute, str(column.name))] = column
    return found


COLUMNS = import_columns()


def test_the_walk_finds_every_import():
    modules = {module for module, _attribute, _name in COLUMNS}
    assert modules == {
        "leverantorer.imports.leverantorslista",
        "leverantorer.imports.placeringar",
        "arenden.fakturalista",
        "arenden.urval_import",
        "arenden.kontroller.fil",
    }


@pytest.mark.parametrize("key", sorted(COLUMNS), ids=".".join)
def test_every_import_column_goes_through_the_guard(key):
    column = COLUMNS[key]
    # Organisationsnummer columns are read by normalize_orgnr alone: the
    # supplier's own identity, which for a sole trader is a personnummer.
    assert column.check_identity or column.parse == "orgnr", f"{'.'.join(key)} is unguarded"
