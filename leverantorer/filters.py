import django_filters
from django.db.models import Q

from leverantorer.models import AvtalStatus, Leverantor, Placering
from ramavtal.models import Ramavtal, Riskniva
from uppfoljning.params import DatumFilter, IdChoiceFilter, SafeFilterSet
from uppfoljning.widgets import DateInput


def _ramavtal_choices(request):
    return Ramavtal.objects.order_by("namn")


class LeverantorFilter(SafeFilterSet):
    q = django_filters.CharFilter(label="Sök namn eller org.nr", method="search")
    ramavtal = IdChoiceFilter(
        label="Ramavtal",
        queryset=_ramavtal_choices,
        field_name="avtal__ramavtal",
        distinct=True,
        empty_label="Alla",
    )
    status = django_filters.ChoiceFilter(
        label="Avtalsstatus",
        choices=AvtalStatus.choices,
        field_name="avtal__status",
        distinct=True,
        empty_label="Alla",
    )
    region = django_filters.CharFilter(label="Län/region", lookup_expr="icontains")
    risk = django_filters.ChoiceFilter(
        label="Ramavtalets risk", choices=Riskniva.choices, method="filter_risk", empty_label="Alla"
    )
    ordning = django_filters.OrderingFilter(
        label="Sortera",
        fields=(("namn", "namn"), ("ort", "ort"), ("antal_verksamheter", "verksamheter")),
        field_labels={"namn": "Namn", "ort": "Ort", "verksamheter": "Antal verksamheter"},
    )

    class Meta:
        model = Leverantor
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(namn__icontains=value) | Q(organisationsnummer__startswith=value))

    def filter_risk(self, queryset, name, value):
        # Suppliers with a contract under an agreement whose latest risk
        # assessment has this level.
        ramavtal = Ramavtal.objects.with_current_risk().filter(aktuell_risk=value)
        return queryset.filter(avtal__ramavtal__in=ramavtal).distinct()


class PlaceringFilter(SafeFilterSet):
    ramavtal = IdChoiceFilter(
        label="Ramavtal",
        queryset=_ramavtal_choices,
        field_name="avtal__ramavtal",
        empty_label="Alla",
    )
    leverantor = IdChoiceFilter(
        label="Leverantör",
        queryset=lambda request: Leverantor.objects.order_by("namn"),
        field_name="verksamhet__leverantor",
        empty_label="Alla",
    )
    fran = DatumFilter(label="Pågående från", method="filter_period", widget=DateInput())
    till = DatumFilter(label="till", method="filter_period", widget=DateInput())
    direktupphandling = django_filters.BooleanFilter(
        label="Direktupphandling",
        field_name="avtal",
        lookup_expr="isnull",
        widget=django_filters.widgets.BooleanWidget(),
    )
    ordning = django_filters.OrderingFilter(
        label="Sortera",
        fields=(("startdatum", "start"), ("referens", "referens"), ("kostnad_totalt", "kostnad")),
        field_labels={"start": "Startdatum", "referens": "Referens", "kostnad": "Kostnad"},
    )

    class Meta:
        model = Placering
        fields = []

    def filter_period(self, queryset, name, value):
        # Handled together in .qs so that "from" and "to" form one overlap test.
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        data = getattr(self.form, "cleaned_data", {})
        fran, till = data.get("fran"), data.get("till")
        if fran and till:
            return queryset.overlapping(fran, till)
        if fran:
            return queryset.filter(Q(slutdatum__isnull=True) | Q(slutdatum__gte=fran))
        if till:
            return queryset.filter(startdatum__lte=till)
        return queryset
