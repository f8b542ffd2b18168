from django.contrib import admin
from django.core.exceptions import PermissionDenied

from leverantorer.models import Avtal, Beslut, Foretradare, Leverantor, Placering, Verksamhet
from uppfoljning.admin_base import NoDeleteAdmin


@admin.register(Leverantor)
class LeverantorAdmin(NoDeleteAdmin):
    list_display = ("namn", "organisationsnummer_visas", "ort")
    search_fields = ("namn", "organisationsnummer")


@admin.register(Verksamhet)
class VerksamhetAdmin(NoDeleteAdmin):
    list_display = ("namn", "leverantor", "ivo_tillstandsnummer", "tillstandsstatus")
    search_fields = ("namn", "ivo_tillstandsnummer")

    def _sees_address(self, request):
        return request.user.has_perm("leverantorer.view_skyddad_adress")

    def get_exclude(self, request, obj=None):
        # A protected-housing address is for those who need it only.
        if self._sees_address(request):
            return super().get_exclude(request, obj)
        return ("adress",)

    def history_hidden_fields(self, request):
        # The history list shows old and new values of every changed field.
        return () if self._sees_address(request) else ("adress",)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Historical snapshots show every field, the address included.
        if not self._sees_address(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Avtal)
class AvtalAdmin(NoDeleteAdmin):
    list_display = ("leverantor", "ramavtal", "rangordning", "status")
    list_filter = ("status", "ramavtal")
    # The status changes only through a Beslut (leverantorer.beslut).
    readonly_fields = ("status",)


@admin.register(Beslut)
class BeslutAdmin(NoDeleteAdmin):
    list_display = ("avtal", "typ", "datum", "ny_status")
    readonly_fields = ("foregaende_status", "ny_status", "registrerat_av", "registrerat")

    def has_change_permission(self, request, obj=None):
        # A decision is a record of what was decided; it is never edited.
        return False

    def has_add_permission(self, request):
        # Decisions go through the contract page, which applies the status.
        return False


admin.site.register(Foretradare, NoDeleteAdmin)
admin.site.register(Placering, NoDeleteAdmin)
