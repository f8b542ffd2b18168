"""Filter sets of the follow-up lists: cases, checks before a call-off, register checks."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from arenden.models import (
    Avropskontroll,
    RegisterkontrollUtfall,
    Uppfoljning,
    UppfoljningStatus,
    UppfoljningTyp,
)
from arenden.registerkontroller import Fornyelsestatus
from leverantorer.models import Foretradare, Leverantor
from ramavtal.models import Ramavtal
from uppfoljning import roles
from uppfoljning.params import DatumFilter, IdChoiceFilter, SafeFilterSet
from uppfoljning.widgets import DateInput


class UppfoljningFilter(SafeFilterSet):
    typ = django_filters.ChoiceFilter(
        label="Typ", choices=UppfoljningTyp.choices, empty_label="Alla"
    )
    ramavtal = IdChoiceFilter(
        label="Ramavtal", queryset=Ramavtal.objects.order_by("namn"), empty_label="Alla"
    )
    ar = django_filters.NumberFilter(
        label="År", method="filter_year", min_value=2000, max_value=2100
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=UppfoljningStatus.choices, empty_label="Alla"
    )
    ansvarig = IdChoiceFilter(
        label="Ansvarig",
        queryset=lambda request: roles_users(roles.STRATEG),
        empty_label="Alla",
    )

    class Meta:
        model = Uppfoljning
        fields = []

    def filter_year(self, queryset, name, value):
        return queryset.filter(Q(ar=value) | Q(ar__isnull=True, oppnad__year=value))


def roles_users(role):
    return get_user_model().objects.filter(groups__name=role).order_by("first_name")


class AvropskontrollFilter(SafeFilterSet):
    leverantor = IdChoiceFilter(
        label="Leverantör",
        field_name="avtal__leverantor",
        queryset=lambda request: Leverantor.objects.order_by("namn"),
        empty_label="Alla",
    )
    fran = DatumFilter(
        label="Från", field_name="kontrollerad", lookup_expr="date__gte", widget=DateInput()
    )
    till = DatumFilter(
        label="Till", field_name="kontrollerad", lookup_expr="date__lte", widget=DateInput()
    )
    utslag = django_filters.ChoiceFilter(
        label="Utslag",
        choices=Avropskontroll._meta.get_field("utslag").choices,
        empty_label="Alla",
    )

    class Meta:
        model = Avropskontroll
        fields = []


class KontrollFilter(SafeFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=Fornyelsestatus.choices, empty_label="Alla"
    )
    att_gora = django_filters.BooleanFilter(
        label="Bara saknade och förfallna",
        method="filter_att_gora",
        widget=forms.CheckboxInput,
    )
    utfall = django_filters.ChoiceFilter(
        label="Senaste utfall",
        choices=RegisterkontrollUtfall.choices,
        field_name="senaste_utfall",
        empty_label="Alla",
    )

    class Meta:
        model = Foretradare
        fields = []

    def filter_att_gora(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status__in=[Fornyelsestatus.SAKNAS, Fornyelsestatus.FORFALLEN])
