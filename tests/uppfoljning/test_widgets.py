"""The shared date and time widgets render the browser's pickers with ISO values."""

import datetime

from uppfoljning.widgets import DateInput, DateTimeInput


def test_it_renders_a_date_picker_with_an_iso_date():
    html = DateInput().render("datum", datetime.date(2026, 3, 5))
    assert 'type="date"' in html
    assert 'value="2026-03-05"' in html


def test_it_renders_a_date_and_time_picker_with_an_iso_value():
    html = DateTimeInput().render("kontrollerad", datetime.datetime(2026, 3, 5, 14, 30, 59))
    assert 'type="datetime-local"' in html
    assert 'value="2026-03-05T14:30"' in html


def test_it_keeps_other_attributes():
    html = DateInput(attrs={"class": "kort"}).render("datum", None)
    assert 'class="kort"' in html
    assert "value=" not in html
