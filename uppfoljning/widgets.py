"""Form widgets every app shares: the browser's own date and time pickers.

Both render their value in ISO form, the only one the browser's pickers read
and the only one DATE_INPUT_FORMATS accepts (uppfoljning/formats/sv/formats.py).
"""

from django import forms


class DateInput(forms.DateInput):
    """A date as <input type="date">, its value written YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    """A date and time as <input type="datetime-local">, written YYYY-MM-DDTHH:MM."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)
