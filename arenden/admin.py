"""Admin for the check sweeps and their schedule."""

from django.contrib import admin

from arenden.models import Kontrollschema, Kontrollsvep
from ramavtal.admin import NoDeleteAdmin


@admin.register(Kontrollschema)
class KontrollschemaAdmin(NoDeleteAdmin):
    """Moving `nasta` to now makes the next wake-up start a sweep."""

    list_display = ("typ", "nasta", "senast_startad")


@admin.register(Kontrollsvep)
class KontrollsvepAdmin(NoDeleteAdmin):
    list_display = ("skapad", "typ", "omfattning", "adapter", "status", "klara", "misslyckade")
    list_filter = ("typ", "status", "adapter")
    readonly_fields = ("amnen", "las_till")
