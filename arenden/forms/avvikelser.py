"""Löpande uppföljning: deviations, signals and the escalation rule."""

from django import forms

from arenden.forms.common import SupplierUnitForm
from arenden.models import Avvikelse, Eskaleringsregel, Signal
from uppfoljning.ordlistor import ValbaraOrdMixin
from uppfoljning.widgets import DateInput


class AvvikelseForm(ValbaraOrdMixin, SupplierUnitForm):
    class Meta:
        model = Avvikelse
        fields = [
            "leverantor",
            "verksamhet",
            "datum",
            "kategori",
            "allvarlighet",
            "beskrivning",
            "hanterad_i_arendet",
        ]
        widgets = {"datum": DateInput(), "beskrivning": forms.Textarea(attrs={"rows": 5})}


class SignalForm(SupplierUnitForm):
    class Meta:
        model = Signal
        fields = ["leverantor", "verksamhet", "kalla", "datum", "allvarlig", "beskrivning"]
        widgets = {"datum": DateInput(), "beskrivning": forms.Textarea(attrs={"rows": 5})}


class EskaleringsregelForm(forms.ModelForm):
    class Meta:
        model = Eskaleringsregel
        fields = ["antal_avvikelser", "manader", "allvarlig_direkt"]
