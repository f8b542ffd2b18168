"""Admin for the check sweeps and their schedule."""

from django.contrib import admin

from arenden.models import Kontrollschema, Kontrollsvep
from uppfoljning.admin_base import PlainNoDeleteAdmin

# Neither model keeps a simple-history table: their admin history is Django's log.


@admin.register(Kontrollschema)
class KontrollschemaAdmin(PlainNoDeleteAdmin):
    """Moving `nasta` to now makes the next wake-up start a sweep."""

    list_display = ("typ", "nasta", "senast_startad")


@admin.register(Kontrollsvep)
class KontrollsvepAdmin(PlainNoDeleteAdmin):
    list_display = ("skapad", "typ", "omfattning", "adapter", "status", "klara", "misslyckade")
    list_filter = ("typ", "status", "adapter")
    readonly_fields = ("amnen", "las_till")
