from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from administration.models import Anvandarhandelse, Kommuninstallning


@admin.register(Kommuninstallning)
class KommuninstallningAdmin(SimpleHistoryAdmin):
    list_display = ("kommunens_namn", "forvaltning", "namnd")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Anvandarhandelse)
class AnvandarhandelseAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by the application only."""

    list_display = ("tidpunkt", "anvandare", "handelse", "detalj", "utford_av")
    list_filter = ("handelse",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
