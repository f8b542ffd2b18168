"""Registerkontroller: criminal-record checks and signed declarations of representatives.

Only the outcome is recorded. The forms have no free-text field on purpose,
so nothing from the register can be written down here. The list is not
offered as a download either: names next to outcomes should stay in the app.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from arenden.models import Registerkontroll, RegisterkontrollTyp, RegisterkontrollUtfall
from arenden.registerkontroller import KontrollStatus, default_giltig_till, foretradare_with_latest
from leverantorer.models import Foretradare
from uppfoljning.history import history_entries
from uppfoljning.lists import paginate
from uppfoljning.widgets import DateInput


class KontrollFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=KontrollStatus.choices, empty_label="Alla"
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
        return queryset.filter(status__in=[KontrollStatus.SAKNAS, KontrollStatus.FORFALLEN])


class KontrollForm(forms.ModelForm):
    class Meta:
        model = Registerkontroll
        fields = ["typ", "begard", "besvarad", "utfall", "giltig_till"]
        widgets = {
            "begard": DateInput(),
            "besvarad": DateInput(),
            "giltig_till": DateInput(),
        }
        help_texts = {
            "utfall": "Spara bara utfallet – aldrig uppgifter ur registret.",
            "giltig_till": "Lämnas fältet tomt sätts datumet till sex månader efter begäran "
            "för utdrag ur belastningsregistret och tolv månader för sanningsförsäkran.",
        }

    def clean(self):
        cleaned = super().clean()
        typ = cleaned.get("typ") or self.instance.typ
        begard = cleaned.get("begard") or self.instance.begard
        if not cleaned.get("giltig_till") and typ and begard:
            cleaned["giltig_till"] = default_giltig_till(typ, begard)
            # _post_clean copies cleaned_data onto the instance after this.
        return cleaned


class SvarForm(KontrollForm):
    """Editing a check records the answer; what was asked for stays as it was."""

    class Meta(KontrollForm.Meta):
        fields = ["besvarad", "utfall", "giltig_till"]


@permission_required("arenden.view_registerkontroll", raise_exception=True)
def kontroll_list(request):
    today = timezone.localdate()
    filterset = KontrollFilter(request.GET, queryset=foretradare_with_latest(today))
    page = paginate(request, filterset.qs)
    for row in page["object_list"]:
        row.status_label = KontrollStatus.labels[row.status]
        row.senaste_utfall_label = (
            RegisterkontrollUtfall(row.senaste_utfall).label if row.senaste_utfall else ""
        )
        row.senaste_typ_label = (
            RegisterkontrollTyp(row.senaste_typ).label if row.senaste_typ else ""
        )
    context = {"filter": filterset, "today": today, **page}
    return render(request, "arenden/registerkontroll_list.html", context)


def _form_page(request, *, foretradare, form, title, kontroll=None):
    tidigare = foretradare.registerkontroller.select_related("registrerad_av").order_by(
        "-begard", "-pk"
    )
    context = {
        "title": title,
        "foretradare": foretradare,
        "form": form,
        "tidigare": tidigare,
        "kontroll": kontroll,
        "history": history_entries(kontroll) if kontroll else None,
    }
    return render(request, "arenden/registerkontroll_form.html", context)


@permission_required("arenden.add_registerkontroll", raise_exception=True)
def kontroll_create(request, foretradare_pk):
    foretradare = get_object_or_404(
        Foretradare.objects.select_related("leverantor"), pk=foretradare_pk
    )
    kontroll = Registerkontroll(foretradare=foretradare, registrerad_av=request.user)
    form = KontrollForm(request.POST or None, instance=kontroll)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            f"Kontrollen av {foretradare.namn} är registrerad. "
            f"Ska förnyas {kontroll.giltig_till:%Y-%m-%d}.",
        )
        return redirect(f"{reverse('arenden:registerkontroll_list')}#foretradare-{foretradare.pk}")
    return _form_page(
        request,
        foretradare=foretradare,
        form=form,
        title=f"Ny registerkontroll: {foretradare.namn}",
    )


@permission_required("arenden.change_registerkontroll", raise_exception=True)
def kontroll_update(request, pk):
    kontroll = get_object_or_404(
        Registerkontroll.objects.select_related("foretradare__leverantor"), pk=pk
    )
    form = SvarForm(request.POST or None, instance=kontroll)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Kontrollen är uppdaterad.")
        return redirect(
            f"{reverse('arenden:registerkontroll_list')}#foretradare-{kontroll.foretradare_id}"
        )
    return _form_page(
        request,
        foretradare=kontroll.foretradare,
        form=form,
        title=f"Svar på {kontroll.get_typ_display().lower()}: {kontroll.foretradare.namn}",
        kontroll=kontroll,
    )
