"""The access log page for the Administratör: /administration/atkomstlogg/."""

import django_filters
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import render

from uppfoljning.lists import paginate
from uppfoljning.models import Atkomsthandelse, AtkomstHandling
from uppfoljning.widgets import DateInput

# The apps whose objects the log names (see the logga_atkomst callers).
LOGGED_APPS = ("ramavtal", "leverantorer", "arenden", "rapporter")


def objekttyp_namn(objekttyp):
    model = objekttyp.model_class() if objekttyp else None
    return str(model._meta.verbose_name).capitalize() if model else "Lista"


class AtkomstFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label="Användare",
        queryset=lambda request: get_user_model().objects.order_by("username"),
        empty_label="Alla",
    )
    objekttyp = django_filters.ModelChoiceFilter(
        label="Typ",
        queryset=lambda request: ContentType.objects.filter(app_label__in=LOGGED_APPS).order_by(
            "app_label", "model"
        ),
        empty_label="Alla",
    )
    handling = django_filters.ChoiceFilter(
        label="Handling", choices=AtkomstHandling.choices, empty_label="Alla"
    )
    fran = django_filters.DateFilter(
        label="Från", field_name="tidpunkt", lookup_expr="date__gte", widget=DateInput()
    )
    till = django_filters.DateFilter(
        label="Till", field_name="tidpunkt", lookup_expr="date__lte", widget=DateInput()
    )

    class Meta:
        model = Atkomsthandelse
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["objekttyp"].label_from_instance = objekttyp_namn
        self.form.fields["user"].label_from_instance = _user_label


def _user_label(user):
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


@permission_required("uppfoljning.view_atkomsthandelse", raise_exception=True)
def atkomst_list(request):
    """Who read what: newest first, filtered, 50 a page, in a fixed number of queries."""
    queryset = Atkomsthandelse.objects.select_related("user", "objekttyp").order_by(
        "-tidpunkt", "-pk"
    )
    filterset = AtkomstFilter(request.GET, queryset=queryset, request=request)
    context = {
        "filter": filterset,
        "dagar": settings.ATKOMSTLOGG_DAGAR,
        **paginate(request, filterset.qs),
    }
    for handelse in context["object_list"]:
        handelse.typnamn = objekttyp_namn(handelse.objekttyp)
    return render(request, "uppfoljning/atkomst_list.html", context)
