import django_filters
from django.db.models import F, Q
from django.utils import timezone

from ramavtal.models import Malgrupp, Ramavtal, Riskniva
from uppfoljning.params import SafeFilterSet


class OpenEndLastOrdering(django_filters.OrderingFilter):
    """Ordering where an empty end date (a choice system running until further
    notice) sorts as the latest end, on every database."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            field = self.get_ordering_value(param)
            name = field.lstrip("-")
            expression = F(name)
            if field.startswith("-"):
                ordering.append(expression.desc(nulls_first=True))
            else:
                ordering.append(expression.asc(nulls_last=True))
        return qs.order_by(*ordering)


class RamavtalFilter(SafeFilterSet):
    q = django_filters.CharFilter(label="Sök", method="search")
    malgrupp = django_filters.ChoiceFilter(
        label="Målgrupp", choices=Malgrupp.choices, empty_label="Alla"
    )
    risk = django_filters.ChoiceFilter(
        label="Risk", choices=Riskniva.choices, field_name="aktuell_risk", empty_label="Alla"
    )
    aktuella = django_filters.BooleanFilter(
        label="Bara gällande",
        method="filter_current",
        widget=django_filters.widgets.BooleanWidget(),
    )
    ordning = OpenEndLastOrdering(
        label="Sortera",
        fields=(("namn", "namn"), ("startdatum", "start"), ("slutdatum_inkl_option", "slut")),
        field_labels={"namn": "Namn", "start": "Startdatum", "slut": "Slutdatum inkl. option"},
    )

    class Meta:
        model = Ramavtal
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(namn__icontains=value) | Q(diarienummer__icontains=value))

    def filter_current(self, queryset, name, value):
        if value:
            return queryset.current(timezone.localdate())
        return queryset
