"""Avropskontroll: the coordinators' check of a supplier before a call-off."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from arenden.avropskontroll import load_facts, verdict_for
from arenden.filters import AvropskontrollFilter
from arenden.forms import IvoKontrollForm, KreditkontrollForm, RegistreraForm
from arenden.kontroller.storage import store_manual_check
from arenden.models import (
    Avropskontroll,
    IvoKontroll,
    Kontrollkalla,
    Kontrollstatus,
    Kontrolltyp,
    Kreditkontroll,
)
from leverantorer.models import Avtal, Leverantor, Verksamhet, units_of
from ramavtal.models import Avtalsomrade, Ramavtal
from uppfoljning.atkomst import logga_atkomst
from uppfoljning.editing import form_page, safe_next
from uppfoljning.exports import export_response
from uppfoljning.lists import paginate
from uppfoljning.params import query_id, query_text
from uppfoljning.text import fold

MAX_HITS = 15


def search_units(query):
    """Units matching a few letters of unit or supplier name, orgnr or IVO number."""
    folded = fold(query)
    if len(folded) < 2:
        return Verksamhet.objects.none()
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(sokbar_namn__contains=folded) | Q(leverantor__sokbar_namn__contains=folded)
    condition |= Q(ivo_tillstandsnummer__icontains=query.strip())
    if len(digits) >= 4:
        orgnr = digits if len(digits) <= 6 else f"{digits[:6]}-{digits[6:]}"
        condition |= Q(leverantor__organisationsnummer__startswith=orgnr)
    return (
        Verksamhet.objects.filter(condition)
        .select_related("leverantor")
        .order_by("leverantor__namn", "namn")[:MAX_HITS]
    )


def _hits(query):
    units = list(search_units(query))
    contracts = {}
    for avtal in Avtal.objects.filter(
        leverantor__in={u.leverantor_id for u in units}
    ).select_related("ramavtal"):
        contracts.setdefault(avtal.leverantor_id, []).append(avtal)
    return [(unit, contracts.get(unit.leverantor_id, [])) for unit in units]


@permission_required("arenden.add_avropskontroll", raise_exception=True)
def avrop_search(request):
    query = query_text(request, "q")
    hits = _hits(query) if query else []
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "results": [
                    {
                        "verksamhet": unit.namn,
                        "leverantor": unit.leverantor.namn,
                        "avtal": [
                            {
                                "ramavtal": a.ramavtal.namn,
                                "status": a.get_status_display(),
                                "url": _verdict_url(a, unit),
                            }
                            for a in contracts
                        ],
                    }
                    for unit, contracts in hits
                ]
            }
        )
    return render(request, "arenden/avrop_search.html", {"q": query, "hits": hits})


def _verdict_url(avtal, unit):
    return reverse("arenden:avrop_verdict", args=[avtal.pk, unit.pk])


def _verdict(avtal, unit):
    facts = load_facts([avtal], {avtal.pk: [unit]})
    return verdict_for(facts[(avtal.pk, unit.pk)])


@permission_required("arenden.add_avropskontroll", raise_exception=True)
def avrop_verdict(request, avtal_pk, verksamhet_pk):
    # Only a unit the contract covers: one it was ended for (a hävning for that
    # unit) has no call-off under it, though the contract is still active.
    unit = get_object_or_404(Verksamhet, pk=verksamhet_pk)
    avtal = get_object_or_404(
        Avtal.objects.omfattar(unit).select_related("leverantor", "ramavtal"), pk=avtal_pk
    )
    bedomning = _verdict(avtal, unit)
    form = RegistreraForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        record = Avropskontroll(
            avtal=avtal,
            verksamhet=unit,
            kontrollerad_av=request.user,
            utslag=bedomning.utslag,
            skal=bedomning.snapshot(),
            anteckning=form.cleaned_data["anteckning"],
        )
        record.save()
        messages.success(
            request,
            f"Kontrollen är registrerad {timezone.localtime(record.kontrollerad):%Y-%m-%d %H:%M} "
            f"med utslaget ”{record.get_utslag_display()}”.",
        )
        return redirect("arenden:avrop_verdict", avtal_pk=avtal.pk, verksamhet_pk=unit.pk)
    recent = Avropskontroll.objects.filter(avtal=avtal, verksamhet=unit).select_related(
        "kontrollerad_av"
    )[:5]
    context = {"avtal": avtal, "unit": unit, "bedomning": bedomning, "form": form, "recent": recent}
    logga_atkomst(request, unit)  # its IVO and credit checks, and the verdict
    return render(request, "arenden/avrop_verdict.html", context)


@permission_required("arenden.view_avropskontroll", raise_exception=True)
def avrop_records(request):
    queryset = Avropskontroll.objects.select_related(
        "avtal__leverantor", "avtal__ramavtal", "verksamhet", "kontrollerad_av"
    ).order_by("-kontrollerad", "-pk")
    filterset = AvropskontrollFilter(request.GET, queryset=queryset)
    export = export_response(
        request,
        "avropskontroller",
        [
            "Kontrollerad",
            "Av",
            "Leverantör",
            "Verksamhet",
            "Ramavtal",
            "Utslag",
            "Skäl",
            "Anteckning",
        ],
        (
            [
                r.kontrollerad,
                r.kontrollerad_av.get_full_name() or r.kontrollerad_av.username,
                r.avtal.leverantor.namn,
                r.verksamhet.namn,
                r.avtal.ramavtal.namn,
                r.get_utslag_display(),
                " | ".join(s["text"] for s in r.skal),
                r.anteckning,
            ]
            for r in filterset.qs
        ),
        model=Avropskontroll,
    )
    if export:
        return export
    context = {"filter": filterset, **paginate(request, filterset.qs)}
    logga_atkomst(request, Avropskontroll)
    return render(request, "arenden/avrop_records.html", context)


@permission_required("arenden.add_avropskontroll", raise_exception=True)
def avropsordning(request, ramavtal_pk):
    ramavtal = get_object_or_404(Ramavtal, pk=ramavtal_pk)
    areas = Avtalsomrade.objects.filter(ramavtal=ramavtal)
    avtal_qs = Avtal.objects.filter(ramavtal=ramavtal).select_related("leverantor", "ramavtal")
    area = None
    if query_id(request, "omrade") is not None:
        area = get_object_or_404(areas, pk=query_id(request, "omrade"))
        avtal_qs = avtal_qs.filter(avtalsomraden=area)
    # A choice system (LOV) has no call-off order: the person chooses among the
    # approved units, so they are listed by name and no ranking is shown.
    if ramavtal.ar_valfrihetssystem:
        avtal_qs = avtal_qs.order_by("leverantor__namn", "pk")
    else:
        avtal_qs = avtal_qs.order_by("rangordning", "leverantor__namn")
    avtal_list = list(avtal_qs)
    units = units_of(avtal_list)
    facts = load_facts(avtal_list, units)
    rows = [
        (avtal, unit, verdict_for(facts[(avtal.pk, unit.pk)]))
        for avtal in avtal_list
        for unit in units[avtal.pk]
    ]
    context = {
        "ramavtal": ramavtal,
        "areas": areas,
        "area": area,
        "open_rows": [r for r in rows if r[2].utslag != "stopp"],
        "stopped_rows": [r for r in rows if r[2].utslag == "stopp"],
    }
    logga_atkomst(request, ramavtal)  # every supplier's verdict under it
    return render(request, "arenden/avropsordning.html", context)


def _manual_check(request, form_class, instance, title, back):
    posted = request.method == "POST"
    form = form_class(
        request.POST if posted else None, request.FILES if posted else None, instance=instance
    )
    if posted and form.is_valid():
        check = form.save(commit=False)
        check.kalla = Kontrollkalla.MANUELL
        check.status = Kontrollstatus.OK
        check.registrerad_av = request.user
        typ = Kontrolltyp.IVO if isinstance(check, IvoKontroll) else Kontrolltyp.KREDIT
        _check, signal = store_manual_check(typ=typ, check=check)
        text = "Kontrollen är registrerad."
        if signal is not None:
            text += " Den visar en försämring: en signal har skapats till ansvarig strateg."
        messages.success(request, text)
        return redirect(back)
    return form_page(request, form, title=title, cancel_url=back)


@permission_required("arenden.add_ivokontroll", raise_exception=True)
def avrop_ivo(request, verksamhet_pk):
    unit = get_object_or_404(Verksamhet.objects.select_related("leverantor"), pk=verksamhet_pk)
    back = safe_next(request, unit.leverantor.get_absolute_url())
    return _manual_check(
        request,
        IvoKontrollForm,
        IvoKontroll(verksamhet=unit),
        f"Registrera IVO-kontroll av {unit} (enligt IVO:s Placeringsstöd)",
        back,
    )


@permission_required("arenden.add_kreditkontroll", raise_exception=True)
def avrop_kredit(request, leverantor_pk):
    supplier = get_object_or_404(Leverantor, pk=leverantor_pk)
    back = safe_next(request, supplier.get_absolute_url())
    return _manual_check(
        request,
        KreditkontrollForm,
        Kreditkontroll(leverantor=supplier),
        f"Registrera kreditkontroll av {supplier}",
        back,
    )
