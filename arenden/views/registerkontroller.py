"""Registerkontroller: criminal-record checks and signed declarations of representatives.

Only the outcome is recorded (see arenden/forms/registerkontroller.py). The
list is not offered as a download either: names next to outcomes should stay
in the app.
"""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from arenden.filters import KontrollFilter
from arenden.forms import KontrollForm, SvarForm
from arenden.models import Registerkontroll, RegisterkontrollTyp, RegisterkontrollUtfall
from arenden.registerkontroller import Fornyelsestatus, foretradare_with_latest
from leverantorer.models import Foretradare
from uppfoljning.editing import child_page
from uppfoljning.history import history_entries
from uppfoljning.lists import paginate


@permission_required("arenden.view_registerkontroll", raise_exception=True)
def kontroll_list(request):
    today = timezone.localdate()
    filterset = KontrollFilter(request.GET, queryset=foretradare_with_latest(today))
    page = paginate(request, filterset.qs)
    for row in page["object_list"]:
        row.status_label = Fornyelsestatus.labels[row.status]
        row.senaste_utfall_label = (
            RegisterkontrollUtfall(row.senaste_utfall).label if row.senaste_utfall else ""
        )
        row.senaste_typ_label = (
            RegisterkontrollTyp(row.senaste_typ).label if row.senaste_typ else ""
        )
    context = {"filter": filterset, "today": today, **page}
    return render(request, "arenden/registerkontroll_list.html", context)


def _back(foretradare_pk):
    return f"{reverse('arenden:registerkontroll_list')}#foretradare-{foretradare_pk}"


def _page(request, form_class, *, foretradare, kontroll, **kwargs):
    tidigare = foretradare.registerkontroller.select_related("registrerad_av").order_by(
        "-begard", "-pk"
    )
    return child_page(
        request,
        form_class,
        parent=foretradare,
        field="foretradare",
        back=_back(foretradare.pk),
        instance=kontroll,
        template="arenden/registerkontroll_form.html",
        foretradare=foretradare,
        tidigare=tidigare,
        kontroll=kontroll if kontroll.pk else None,
        history=history_entries(kontroll) if kontroll.pk else None,
        **kwargs,
    )


@permission_required("arenden.add_registerkontroll", raise_exception=True)
def kontroll_create(request, foretradare_pk):
    foretradare = get_object_or_404(
        Foretradare.objects.select_related("leverantor"), pk=foretradare_pk
    )
    return _page(
        request,
        KontrollForm,
        foretradare=foretradare,
        kontroll=Registerkontroll(foretradare=foretradare, registrerad_av=request.user),
        title=f"Ny registerkontroll: {foretradare.namn}",
        success_message=lambda kontroll: (
            f"Kontrollen av {foretradare.namn} är registrerad. "
            f"Ska förnyas {kontroll.giltig_till:%Y-%m-%d}."
        ),
    )


@permission_required("arenden.change_registerkontroll", raise_exception=True)
def kontroll_update(request, pk):
    kontroll = get_object_or_404(
        Registerkontroll.objects.select_related("foretradare__leverantor"), pk=pk
    )
    return _page(
        request,
        SvarForm,
        foretradare=kontroll.foretradare,
        kontroll=kontroll,
        title=f"Svar på {kontroll.get_typ_display().lower()}: {kontroll.foretradare.namn}",
        success_message="Kontrollen är uppdaterad.",
    )
