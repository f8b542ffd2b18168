"""The main navigation: each role sees the parts it may use."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from administration.kommun import aktuell

# (label, url name, permission needed or None for every signed-in user).
# Later features append their pages here.
NAVIGATION = [
    ("Start", "home", None),
    ("Avropskontroll", "arenden:avrop_search", "arenden.add_avropskontroll"),
    ("Ramavtal", "ramavtal:list", "ramavtal.view_ramavtal"),
    ("Leverantörer", "leverantorer:list", "leverantorer.view_leverantor"),
    ("Placeringar", "leverantorer:placering_list", "leverantorer.view_placering"),
    ("Urval", "leverantorer:urval", "leverantorer.view_placering"),
    ("Import", "leverantorer:import", "ramavtal.import_register"),
    ("Inkorg", "arenden:inbox", "arenden.view_signal"),
    ("Uppföljningar", "arenden:uppfoljning_list", "arenden.view_uppfoljning"),
    ("Brister", "arenden:brist_list", "arenden.view_brist"),
    ("Stickprov", "arenden:stickprov_list", "arenden.view_stickprov"),
    ("Registerkontroller", "arenden:registerkontroll_list", "arenden.view_registerkontroll"),
    ("Avvikelser", "arenden:avvikelse_list", "arenden.add_avvikelse"),
    # Rapporter: the annual report and the plan (managers and strategists).
    ("Rapporter", "rapporter:index", "rapporter.view_arsrapport"),
    ("Kontroller", "kontroller:svep_list", "arenden.view_kontrollsvep"),
    # Questionnaires (enkater): strategists build them, managers read them.
    ("Frågeformulär", "enkater:formular_list", "enkater.view_formular"),
    # Administratör: users and roles, and the municipality's settings.
    ("Användare", "administration:anvandare_list", "administration.visa_anvandare"),
    ("Kommunen", "administration:kommun", "administration.change_kommuninstallning"),
    # Word lists: every role that keeps any list keeps the methods.
    ("Ordlistor", "ordlistor:index", "arenden.change_metod"),
    # Administratör: who saw what sensitive (uppfoljning.atkomst).
    ("Åtkomstlogg", "atkomstlogg:list", "uppfoljning.view_atkomsthandelse"),
]


def navigation_for(user):
    if not user.is_authenticated:
        return []
    items = []
    for label, url_name, permission in NAVIGATION:
        if permission is None or user.has_perm(permission):
            items.append({"label": label, "url": reverse(url_name)})
    if user.is_staff:
        items.append({"label": "Administration", "url": reverse("admin:index")})
    return items


def navigation(request):
    """Context processor: the menu and the municipality for the page header.

    Lazy: a page that never shows the municipality costs no query for it.
    """
    kommun = SimpleLazyObject(aktuell)
    return {
        "navigation": navigation_for(request.user),
        "kommun": kommun,
        "municipality_name": SimpleLazyObject(lambda: kommun.namn),
    }
