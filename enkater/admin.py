"""Admin: read-only views of the questionnaire tables; work is done on our own pages."""

from django.contrib import admin

from enkater.models import (
    Avtalskrav,
    EnkatPaminnelse,
    Formular,
    FormularVersion,
    Fraga,
    Komplettering,
    Medarbetarenhet,
    Mottagare,
    Sektion,
    Utskick,
)
from uppfoljning.admin_base import NoDeleteAdmin, PlainNoDeleteAdmin


@admin.register(Avtalskrav)
class AvtalskravAdmin(NoDeleteAdmin):
    list_display = ("nummer", "rubrik", "ramavtal", "tema", "aktiv")
    list_filter = ("aktiv", "ramavtal")
    search_fields = ("nummer", "rubrik")


@admin.register(Formular)
class FormularAdmin(NoDeleteAdmin):
    list_display = ("namn", "malgrupp", "anonymt", "mall", "arkiverat")
    list_filter = ("malgrupp", "mall")


@admin.register(FormularVersion)
class FormularVersionAdmin(NoDeleteAdmin):
    list_display = ("formular", "nummer", "fryst")


@admin.register(Sektion)
class SektionAdmin(NoDeleteAdmin):
    list_display = ("rubrik", "version", "ordning")


@admin.register(Fraga)
class FragaAdmin(NoDeleteAdmin):
    list_display = ("text", "typ", "sektion", "ordning")


@admin.register(Utskick)
class UtskickAdmin(NoDeleteAdmin):
    list_display = ("version", "uppfoljning", "svar_senast", "status")


# Recipients, answers and complement rounds record their own events and keep no
# history table; answers (possibly anonymous) are read on our own pages only.
@admin.register(Mottagare)
class MottagareAdmin(PlainNoDeleteAdmin):
    list_display = ("utskick", "leverantor", "verksamhet", "skickad", "besvarad", "aterkallad")
    exclude = ("anvandare",)


@admin.register(Komplettering)
class KompletteringAdmin(PlainNoDeleteAdmin):
    list_display = ("svar", "runda", "fraga", "svar_senast", "besvarad")


@admin.register(EnkatPaminnelse)
class EnkatPaminnelseAdmin(PlainNoDeleteAdmin):
    list_display = ("mottagare", "tillfalle", "skickad")


@admin.register(Medarbetarenhet)
class MedarbetarenhetAdmin(NoDeleteAdmin):
    list_display = ("anvandare", "placerande_enhet")
