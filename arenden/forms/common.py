"""What the follow-up forms share: event dates that default to today, supplier and unit."""

from django import forms
from django.utils import timezone

from leverantorer.models import Leverantor, Verksamhet
from uppfoljning.dates import HANT
from uppfoljning.widgets import DateInput

TODAY_HELP = "Lämna tomt för dagens datum."


def event_date_field(label, help_text=TODAY_HELP):
    """A date of something that has happened: prefilled with today, blank means today."""
    return forms.DateField(
        label=label,
        required=False,
        initial=timezone.localdate,
        widget=DateInput(),
        validators=HANT,
        help_text=help_text,
    )


def default_today(form, cleaned, *names):
    """Fill the blank event dates with today's date (taken at call time)."""
    for name in names:
        if name in form.fields and not cleaned.get(name) and name not in form.errors:
            cleaned[name] = timezone.localdate()


def check_unit_of_supplier(form, cleaned):
    """Add a field error when the chosen unit is not the chosen supplier's."""
    unit, supplier = cleaned.get("verksamhet"), cleaned.get("leverantor")
    if unit and supplier and unit.leverantor_id != supplier.pk:
        form.add_error("verksamhet", "Verksamheten hör inte till leverantören.")


class SupplierUnitForm(forms.ModelForm):
    """Supplier and one of its units, checked together."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leverantor"].queryset = Leverantor.objects.order_by("namn")
        self.fields["verksamhet"].queryset = Verksamhet.objects.select_related("leverantor")
        self.fields["verksamhet"].label_from_instance = lambda v: f"{v} ({v.leverantor})"

    def clean(self):
        cleaned = super().clean()
        check_unit_of_supplier(self, cleaned)
        return cleaned
