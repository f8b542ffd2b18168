from django.contrib import admin

from ramavtal.models import Avtalsomrade, Niva, Ramavtal, Riskbedomning
from uppfoljning.admin_base import NoDeleteAdmin


@admin.register(Ramavtal)
class RamavtalAdmin(NoDeleteAdmin):
    list_display = ("namn", "diarienummer", "startdatum", "slutdatum_inkl_option", "malgrupp")
    search_fields = ("namn", "diarienummer")


admin.site.register(Avtalsomrade, NoDeleteAdmin)
admin.site.register(Niva, NoDeleteAdmin)
admin.site.register(Riskbedomning, NoDeleteAdmin)
