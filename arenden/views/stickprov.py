"""Stickprov på fakturor: draw a round, review each drawn invoice."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from arenden.draw import reproduce, stickprov_skapa, totals
from arenden.forms import FakturaForm, StickprovForm
from arenden.models import (
    FakturaAvvikelse,
    FakturaResultat,
    Stickprov,
    StickprovFaktura,
    StickprovKalla,
)
from uppfoljning.editing import add_errors
from uppfoljning.history import history_entries
from uppfoljning.lists import paginate


@permission_required("arenden.view_stickprov", raise_exception=True)
def stickprov_list(request):
    avvikelse = Q(fakturor__resultat=FakturaResultat.AVVIKELSE)
    queryset = (
        Stickprov.objects.select_related("ramavtal", "utford_av")
        .annotate(
            antal_dragna=Count("fakturor"),
            antal_ej_granskade=Count(
                "fakturor", filter=Q(fakturor__resultat=FakturaResultat.EJ_GRANSKAD)
            ),
            antal_avvikelser=Count("fakturor", filter=avvikelse),
        )
        .order_by("-datum", "-pk")
    )
    return render(request, "arenden/stickprov_list.html", paginate(request, queryset))


@permission_required("arenden.add_stickprov", raise_exception=True)
def stickprov_create(request):
    form = StickprovForm(
        request.POST or None, request.FILES or None, initial={"datum": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stickprov = stickprov_skapa(
                namn=data["namn"],
                datum=data["datum"],
                kalla=data["kalla"],
                fran=data["fran"],
                till=data["till"],
                antal=data["antal"],
                ramavtal=data["ramavtal"],
                user=request.user,
                fakturalista=data.get("fakturor"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            drawn = stickprov.fakturor.count()
            text = "1 faktura är dragen." if drawn == 1 else f"{drawn} fakturor är dragna."
            if drawn < stickprov.antal:
                text += f" Det fanns bara {drawn} att dra ur, så alla ingår."
            if data.get("fakturor"):
                text += f" Fakturalistan med {len(data['fakturor'])} fakturor är sparad."
            messages.success(request, text)
            return redirect(stickprov)
    context = {
        "title": "Nytt stickprov på fakturor",
        "intro": "Fakturorna dras slumpmässigt bland placeringar under avtal som pågick under "
        "perioden, eller ur en importerad fakturalista från ekonomisystemet. Slumpfröet (och "
        "fakturalistan) sparas så att dragningen kan återskapas och granskas.",
        "form": form,
        "cancel_url": reverse("arenden:stickprov_list"),
    }
    return render(request, "form_page.html", context)


@permission_required("arenden.view_stickprov", raise_exception=True)
def stickprov_detail(request, pk):
    stickprov = get_object_or_404(Stickprov.objects.select_related("ramavtal", "utford_av"), pk=pk)
    ur_lista = stickprov.kalla == StickprovKalla.FAKTUROR
    fakturor = list(
        stickprov.fakturor.select_related(
            "placering__verksamhet__leverantor",
            "placering__avtal__ramavtal",
            "faktura__leverantor",
            "faktura__placering",
        ).order_by("ordning")
    )
    drawn_ids = {faktura.faktura_id if ur_lista else faktura.placering_id for faktura in fakturor}
    summary = totals(stickprov)
    fakturalista = None
    if ur_lista:
        fakturalista = stickprov.fakturalista.aggregate(
            antal=Count("pk"),
            i_perioden=Count(
                "pk",
                filter=Q(period_fran__lte=stickprov.till, period_till__gte=stickprov.fran),
            ),
        )
    context = {
        "stickprov": stickprov,
        "ur_lista": ur_lista,
        "fakturalista": fakturalista,
        "fakturor": fakturor,
        "totals": summary,
        "per_typ": [
            (FakturaAvvikelse(typ).label, antal) for typ, antal in summary["per_typ"].items()
        ],
        # Compared as sets: the order of review does not matter to an auditor.
        "reproducible": set(reproduce(stickprov)) == drawn_ids,
        "history": history_entries(stickprov),
    }
    return render(request, "arenden/stickprov_detail.html", context)


@permission_required("arenden.change_stickprovfaktura", raise_exception=True)
def faktura_update(request, pk):
    faktura = get_object_or_404(
        StickprovFaktura.objects.select_related(
            "stickprov",
            "placering__verksamhet__leverantor",
            "placering__avtal__ramavtal",
            "faktura__leverantor",
            "faktura__placering",
        ),
        pk=pk,
    )
    form = FakturaForm(request.POST or None, instance=faktura)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Granskningen av faktura {faktura.ordning} är sparad.")
        return redirect(f"{faktura.stickprov.get_absolute_url()}#faktura-{faktura.pk}")
    context = {
        "faktura": faktura,
        "placering": faktura.placering,
        "importerad": faktura.faktura,
        "form": form,
        "history": history_entries(faktura),
    }
    return render(request, "arenden/stickprov_faktura.html", context)
