"""The year's special follow-ups at a glance: progress per agreement and area."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from arenden.arsutfall import arsutfall

# The year picker offers this many years back from the current one, and one ahead.
YEARS_BACK = 5


def _year(request, today):
    value = request.GET.get("ar", "")
    if value.isdigit() and today.year - 50 <= int(value) <= today.year + 5:
        return int(value), ""
    if value:
        return today.year, "Ogiltigt år – visar innevarande år."
    return today.year, ""


@permission_required("arenden.view_uppfoljning", raise_exception=True)
@require_GET
def sarskild_oversikt(request):
    today = timezone.localdate()
    ar, fel = _year(request, today)
    years = sorted({*range(today.year - YEARS_BACK, today.year + 2), ar}, reverse=True)
    return render(
        request,
        "arenden/sarskild_oversikt.html",
        {"utfall": arsutfall(ar, on=today), "ar": ar, "years": years, "fel": fel},
    )
