import datetime

from django import forms
from django.utils import translation


class DateForm(forms.Form):
    datum = forms.DateField()


def test_it_accepts_iso_dates():
    with translation.override("sv"):
        form = DateForm({"datum": "2026-03-05"})
        assert form.is_valid()
        assert form.cleaned_data["datum"] == datetime.date(2026, 3, 5)


def test_it_refuses_american_dates_in_swedish():
    with translation.override("sv"):
        form = DateForm({"datum": "05/03/2026"})
        assert not form.is_valid()
        assert form.errors["datum"] == ["Fyll i ett giltigt datum."]


def test_it_shows_dates_in_iso_form():
    from django.utils.formats import date_format

    with translation.override("sv"):
        assert date_format(datetime.date(2026, 3, 5), "SHORT_DATE_FORMAT") == "2026-03-05"
