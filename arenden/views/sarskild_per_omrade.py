"""Special follow-ups for every area of an agreement in one step (a big city's plan)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from arenden.forms.sarskild_per_omrade import PerOmradeForm
from arenden.sarskild import sarskild_skapa_per_omrade
from arenden.views.sarskild import default_year
from ramavtal.models import Ramavtal
from uppfoljning.editing import add_errors
from uppfoljning.params import parse_id


def _param(request, name):
    return parse_id(request.POST.get(name) or request.GET.get(name))


@permission_required("arenden.add_uppfoljning", raise_exception=True)
def sarskild_per_omrade(request):
    ramavtal_pk = _param(request, "ramavtal")
    ar = _param(request, "ar") or default_year()
    if not 2000 <= ar <= 2100:
        ar = default_year()
    if ramavtal_pk is None:
        agreements = Ramavtal.objects.order_by("namn")
        context = {"ramavtal": None, "agreements": agreements, "ar": ar}
        return render(request, "arenden/sarskild_per_omrade.html", context)
    ramavtal = get_object_or_404(Ramavtal, pk=ramavtal_pk)
    form = PerOmradeForm(
        request.POST or None, ramavtal=ramavtal, ar=ar, initial={"ansvarig": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created, skipped = sarskild_skapa_per_omrade(
                ramavtal=ramavtal,
                ar=ar,
                omraden=data["omraden"],
                user=request.user,
                ansvarig=data["ansvarig"],
                urvalsregel=data["urvalsregel"],
                antal=data["antal"],
                urval_fran=data["urval_fran"],
                urval_till=data["urval_till"],
                metoder=data["metoder"],
                teman=data["teman"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            n = len(created)
            made = (
                "särskild uppföljning är skapad" if n == 1 else "särskilda uppföljningar är skapade"
            )
            messages.success(request, f"{n} {made} för {ar}.")
            if skipped:
                names = ", ".join(str(area) for area in skipped)
                messages.info(
                    request, f"Hoppade över områden som redan har en uppföljning {ar}: {names}."
                )
            return redirect(reverse("arenden:sarskild_oversikt") + f"?ar={ar}")
    context = {"ramavtal": ramavtal, "ar": ar, "form": form}
    return render(request, "arenden/sarskild_per_omrade.html", context)
