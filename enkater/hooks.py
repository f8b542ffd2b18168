"""What the follow-up pages below learn from the questionnaires (arenden.hooks).

Registered when the app is ready; arenden never imports this layer.
"""

from arenden.hooks import register_panel


@register_panel
def utskick_panel(request, uppfoljning):
    """The follow-up's send-outs with their progress counters, and "Nytt utskick" (one query)."""
    if not request.user.has_perm("enkater.view_utskick"):
        return None
    from enkater.models import Utskick

    rows = list(Utskick.objects.filter(uppfoljning=uppfoljning).select_related("version__formular"))
    return {
        "template": "enkater/utskick_panel.html",
        "uppfoljning": uppfoljning,
        "utskick_lista": rows,
        "kan_skapa": request.user.has_perm("enkater.add_utskick") and uppfoljning.status == "oppen",
    }
