from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ramavtal.models import Avtalsomrade, Niva, Ramavtal, Riskbedomning


class NoDeleteAdmin(SimpleHistoryAdmin):
    """Register records are ended or archived, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Ramavtal)
class RamavtalAdmin(NoDeleteAdmin):
    list_display = ("namn", "diarienummer", "startdatum", "slutdatum_inkl_option", "malgrupp")
    search_fields = ("namn", "diarienummer")


admin.site.register(Avtalsomrade, NoDeleteAdmin)
admin.site.register(Niva, NoDeleteAdmin)
admin.site.register(Riskbedomning, NoDeleteAdmin)
