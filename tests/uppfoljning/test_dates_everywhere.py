"""Every date a person or a file can give is held to the sane range (uppfoljning.dates).

Walks every model and every form class of the project instead of a written
list, so a new date field without `rimligt_datum` fails here.
"""

import importlib
import pkgutil

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.db import models

from uppfoljning.dates import rimligt_datum

APPS = ["administration", "ramavtal", "leverantorer", "arenden", "rapporter", "uppfoljning"]
FORM_PACKAGES = [
    "administration.forms",
    "leverantorer.forms",
    "ramavtal.forms",
    "arenden.forms",
    "rapporter.forms",
    "uppfoljning.ordlistor",
]


def _date_fields_of_models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.get_fields():
                if isinstance(field, (models.DateField, models.DateTimeField)):
                    yield model, field


def _form_classes():
    seen = set()
    for package in FORM_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ModuleNotFoundError:
            continue
        names = [package]
        if hasattr(module, "__path__"):
            names += [f"{package}.{m.name}" for m in pkgutil.iter_modules(module.__path__)]
        for name in names:
            for value in vars(importlib.import_module(name)).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, (forms.BaseForm, django_filters.FilterSet))
                    and value.__module__.startswith(package)
                    and value not in seen
                ):
                    seen.add(value)
                    yield value


# Dates no person types: set by the code itself (now, a schedule), or, for
# Kreditkontroll, only ever read from a credit service's answer, whose parser
# holds them to the same range (tests below).
SET_BY_CODE = {
    "Kreditkontroll.betalningsanmarkning_datum",
    "Kreditkontroll.skatteskuld_datum",
    "Kreditkontroll.konkurs_datum",
    "Kreditkontroll.likvidation_datum",
    "Kreditkontroll.avregistrerad_datum",
    "Kontrollsvep.skapad",
    "Kontrollsvep.avslutad",
    "Kontrollsvep.senast_aktiv",
    "Kontrollschema.nasta",
    "Kontrollschema.senast_startad",
    "Kontrollfil.uppladdad",
    "Rapportversion.faststalld",
    "Rapportjobb.startad",
    "Rapportjobb.klar",
    "Heartbeat.last_seen",
    "Atkomsthandelse.tidpunkt",
}


def test_every_editable_date_field_of_every_model_has_the_range_rule():
    missing = [
        f"{model.__name__}.{field.name}"
        for model, field in _date_fields_of_models()
        if field.editable
        and not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
        and rimligt_datum not in field.validators
        and f"{model.__name__}.{field.name}" not in SET_BY_CODE
    ]
    assert missing == [], "\n".join(missing)


def test_the_exceptions_are_not_in_any_form():
    for form_class in _form_classes():
        model = getattr(getattr(form_class, "_meta", None), "model", None)
        for name in getattr(form_class, "base_fields", {}):
            assert f"{getattr(model, '__name__', '')}.{name}" not in SET_BY_CODE


def _covered(form_class, name, field):
    if rimligt_datum in field.validators:
        return True
    # A ModelForm runs the model field's validators in _post_clean.
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    if model is None or not issubclass(form_class, forms.BaseModelForm):
        return False
    try:
        return rimligt_datum in model._meta.get_field(name).validators
    except Exception:  # noqa: BLE001 - a form-only field
        return False


def test_every_date_field_of_every_form_has_the_range_rule():
    found, missing = 0, []
    for form_class in _form_classes():
        fields = getattr(form_class, "base_fields", {})
        for name, field in fields.items():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                found += 1
                if not _covered(form_class, name, field):
                    missing.append(f"{form_class.__name__}.{name}")
    assert found > 20  # the walk reaches the forms at all
    assert missing == [], "\n".join(missing)


def test_a_credit_services_date_outside_the_range_is_a_failed_check():
    import json

    from arenden.kontroller.parsing import KontrollFel, parse_kredit

    answer = {
        "organisationsnummer": "556677-8899",
        "per": "2026-03-01T10:00:00+01:00",
        "rating": "A",
        "score": 50,
        "betalningsanmarkningar": {"finns": False, "antal": 0, "senaste": None},
        "skatteskulder": {"finns": True, "belopp": "100", "sedan": "0001-01-01"},
        "konkurs": {"status": False, "datum": None},
        "likvidation": {"status": False, "datum": None},
        "avregistrerad": {"status": False, "datum": None},
    }
    with pytest.raises(KontrollFel) as failed:
        parse_kredit(json.dumps(answer).encode())
    assert "fältet ”sedan” har ett orimligt datum (0001-01-01)" in failed.value.message
