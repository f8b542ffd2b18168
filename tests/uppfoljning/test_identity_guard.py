"""Every free-text field of every domain model carries the identity guard."""

import pytest
from django.apps import apps
from django.db import models

from uppfoljning.validators import NoPersonalIdentity

DOMAIN_APPS = ("administration", "ramavtal", "leverantorer", "arenden", "rapporter")

# Text fields without the guard, and why.
EXEMPT = {
    ("leverantorer", "leverantor", "organisationsnummer"): "a sole trader's is a personnummer",
}


def free_text_fields():
    for app_label in DOMAIN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.get_fields():
                # Non-editable fields are derived by the application, never typed.
                if not getattr(field, "editable", False):
                    continue
                if isinstance(field, models.CharField | models.TextField) and not field.choices:
                    if isinstance(field, models.EmailField):
                        continue
                    yield app_label, model._meta.model_name, field


FIELDS = list(free_text_fields())


def test_it_finds_the_free_text_fields():
    names = {(app, model, field.name) for app, model, field in FIELDS}
    assert ("leverantorer", "placering", "referens") in names
    assert ("arenden", "avvikelse", "beskrivning") in names
    assert set(EXEMPT) <= names, "an exemption names a field that no longer exists"


GUARDED = [(a, m, f) for a, m, f in FIELDS if (a, m, f.name) not in EXEMPT]


@pytest.mark.parametrize(
    ("app", "model", "field"), GUARDED, ids=[f"{a}.{m}.{f.name}" for a, m, f in GUARDED]
)
def test_every_free_text_field_refuses_identity_numbers(app, model, field):
    assert any(isinstance(v, NoPersonalIdentity) for v in field.validators), (
        f"{app}.{model}.{field.name} lacks the identity guard"
    )
