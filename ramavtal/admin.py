from django.contrib import admin

from ramavtal.models import Avtalsomrade, Niva, Ramavtal, Riskbedomning
from uppfoljning.admin_base import NoDeleteAdmin


@admin.register(Ramavtal)
class RamavtalAdmin(NoDeleteAdmin):
    list_display = ("namn", "upphandlingsform", "diarienummer", "startdatum", "slut", "malgrupp")
    list_filter = ("upphandlingsform",)

    @admin.display(description="slutdatum inkl. option", ordering="slutdatum_inkl_option")
    def slut(self, obj):
        return obj.slutdatum_inkl_option or "Tills vidare"

    search_fields = ("namn", "diarienummer")


admin.site.register(Avtalsomrade, NoDeleteAdmin)
admin.site.register(Niva, NoDeleteAdmin)
admin.site.register(Riskbedomning, NoDeleteAdmin)
