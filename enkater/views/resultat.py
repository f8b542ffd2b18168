"""A send-out's results: aggregates with SVG bars and tables, and the export."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render

from enkater.models import Utskick
from enkater.resultat import FOR_FA_SVAR, export_rader
from enkater.resultat import resultat as aggregates
from uppfoljning.exports import export_response


def _utskick(pk):
    return get_object_or_404(
        Utskick.objects.select_related("version__formular", "uppfoljning"), pk=pk
    )


@permission_required("enkater.view_utskick", raise_exception=True)
def resultat(request, pk):
    utskick = _utskick(pk)
    context = {
        "utskick": utskick,
        "r": aggregates(utskick),
        "for_fa_svar": FOR_FA_SVAR,
        "can_export": request.user.has_perm("enkater.view_svarvarde"),
    }
    return render(request, "enkater/resultat_utskick.html", context)


@permission_required("enkater.view_svarvarde", raise_exception=True)
def resultat_export(request, pk):
    utskick = _utskick(pk)
    if utskick.anonymt:
        r = aggregates(utskick)
        if r.for_fa:
            messages.error(
                request,
                f"Exporten visas först när minst {r.minsta} har svarat på den anonyma enkäten.",
            )
            return redirect("enkater:resultat", pk=utskick.pk)
    header, rows = export_rader(utskick)
    response = export_response(
        request, f"resultat-utskick-{utskick.pk}", header, rows, model=Utskick
    )
    if response is None:
        return redirect("enkater:resultat", pk=utskick.pk)
    return response
