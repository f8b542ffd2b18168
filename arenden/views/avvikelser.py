"""Löpande: deviations, signals, the strategists' inbox and the escalation rule."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from arenden.eskalering import escalation_proposals
from arenden.forms import AvvikelseForm, EskaleringsregelForm, SignalForm
from arenden.kontroller.storage import ansvarig_strateg
from arenden.models import Avvikelse, Eskaleringsregel, Hanteringsstatus, Signal
from uppfoljning.history import history_entries
from uppfoljning.lists import paginate


def _visible_avvikelser(user):
    """Strategists and managers see all deviations; reporters see their own."""
    queryset = Avvikelse.objects.select_related(
        "leverantor", "verksamhet", "rapporterad_av", "kategori"
    )
    if user.has_perm("arenden.view_avvikelse"):
        return queryset
    return queryset.filter(rapporterad_av=user)


@permission_required("arenden.add_avvikelse", raise_exception=True)
def avvikelse_list(request):
    queryset = _visible_avvikelser(request.user).order_by("-datum", "-pk")
    status = request.GET.get("status")
    if status in Hanteringsstatus.values:
        queryset = queryset.filter(status=status)
    context = {
        "all_visible": request.user.has_perm("arenden.view_avvikelse"),
        "statuses": Hanteringsstatus.choices,
        "current_status": status,
        **paginate(request, queryset),
    }
    return render(request, "arenden/avvikelse_list.html", context)


@permission_required("arenden.add_avvikelse", raise_exception=True)
def avvikelse_create(request):
    form = AvvikelseForm(
        request.POST or None, initial={"leverantor": request.GET.get("leverantor")}
    )
    if request.method == "POST" and form.is_valid():
        form.instance.rapporterad_av = request.user
        avvikelse = form.save()
        messages.success(request, "Tack! Avvikelsen är rapporterad till avtalsansvarig strateg.")
        return redirect(avvikelse.get_absolute_url())
    context = {
        "form": form,
        "title": "Rapportera avvikelse",
        "intro": "Beskriv vad som hänt utan namn eller personnummer på den enskilde.",
    }
    return render(request, "form_page.html", context)


def avvikelse_detail(request, pk):
    avvikelse = get_object_or_404(_visible_avvikelser(request.user), pk=pk)
    if not request.user.has_perm("arenden.add_avvikelse") and not request.user.has_perm(
        "arenden.view_avvikelse"
    ):
        raise PermissionDenied
    context = {
        "avvikelse": avvikelse,
        "can_assess": request.user.has_perm("arenden.change_avvikelse"),
        "history": history_entries(avvikelse)
        if request.user.has_perm("arenden.view_avvikelse")
        else [],
    }
    return render(request, "arenden/avvikelse_detail.html", context)


def _assess(request, obj):
    if obj.status == Hanteringsstatus.NY:
        obj.status = Hanteringsstatus.BEDOMD
        obj.save()
        messages.success(request, "Markerad som bedömd.")
    return redirect(obj.get_absolute_url())


@require_POST
@permission_required("arenden.change_avvikelse", raise_exception=True)
def avvikelse_assess(request, pk):
    return _assess(request, get_object_or_404(Avvikelse, pk=pk))


@permission_required("arenden.add_signal", raise_exception=True)
def signal_create(request):
    form = SignalForm(request.POST or None, initial={"leverantor": request.GET.get("leverantor")})
    if request.method == "POST" and form.is_valid():
        form.instance.registrerad_av = request.user
        form.instance.ansvarig_id = ansvarig_strateg(
            form.instance.leverantor_id, form.instance.verksamhet_id
        )
        signal = form.save()
        messages.success(request, "Signalen är registrerad.")
        return redirect(signal.get_absolute_url())
    return render(request, "form_page.html", {"form": form, "title": "Registrera signal"})


@permission_required("arenden.view_signal", raise_exception=True)
def signal_detail(request, pk):
    signal = get_object_or_404(
        Signal.objects.select_related("leverantor", "verksamhet", "registrerad_av", "ansvarig"),
        pk=pk,
    )
    context = {
        "signal": signal,
        "can_assess": request.user.has_perm("arenden.change_signal"),
        "history": history_entries(signal),
    }
    return render(request, "arenden/signal_detail.html", context)


@require_POST
@permission_required("arenden.change_signal", raise_exception=True)
def signal_assess(request, pk):
    return _assess(request, get_object_or_404(Signal, pk=pk))


@permission_required("arenden.view_signal", raise_exception=True)
def inbox(request):
    """New deviations and signals side by side, with the escalation proposals."""
    avvikelser = Avvikelse.objects.filter(status=Hanteringsstatus.NY).select_related(
        "leverantor", "verksamhet", "kategori"
    )
    signaler = Signal.objects.new().select_related("leverantor", "verksamhet", "ansvarig")
    mina = request.GET.get("mina") == "1"
    if mina:
        signaler = signaler.for_strategist(request.user)
    context = {
        "avvikelser": avvikelser.order_by("-datum", "-pk")[:100],
        "signaler": signaler.order_by("-datum", "-pk")[:100],
        "mina": mina,
        "proposals": escalation_proposals(),
        "rule": Eskaleringsregel.current(),
    }
    return render(request, "arenden/inbox.html", context)


@permission_required("arenden.change_eskaleringsregel", raise_exception=True)
def rule_update(request):
    rule = Eskaleringsregel.current()
    form = EskaleringsregelForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Eskaleringsregeln är ändrad.")
        return redirect("arenden:inbox")
    context = {
        "form": form,
        "title": "Regel för förslag om händelsestyrd uppföljning",
        "intro": "Regeln föreslår en uppföljning – en person beslutar om den ska öppnas.",
        "cancel_url": "/uppfoljning/inkorg/",
    }
    return render(request, "form_page.html", context)
