"""A pause's re-assessment date may be the decision day itself, never before it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from leverantorer.beslut import validate_beslut
from leverantorer.models import AvtalStatus, BeslutTyp

DECISION_DAY = datetime.date(2024, 6, 3)


def validate(omprovning_datum):
    validate_beslut(
        status=AvtalStatus.AKTIV,
        typ=BeslutTyp.PAUS,
        faktaunderlag="IVO har öppnat ett tillsynsärende.",
        omprovning_datum=omprovning_datum,
        datum=DECISION_DAY,
    )


def test_a_re_assessment_the_day_before_the_decision_is_refused():
    with pytest.raises(ValidationError) as raised:
        validate(datetime.date(2024, 6, 2))
    assert raised.value.message_dict == {
        "omprovning_datum": ["Omprövningen kan inte ligga före beslutsdatum."]
    }


@pytest.mark.parametrize(
    "omprovning_datum",
    [DECISION_DAY, datetime.date(2024, 6, 4)],
    ids=["on the decision day", "the day after"],
)
def test_a_re_assessment_on_or_after_the_decision_day_is_allowed(omprovning_datum):
    validate(omprovning_datum)  # raises nothing
