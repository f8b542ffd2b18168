from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from arenden.dashboard import strategist_overview
from uppfoljning import roles
from uppfoljning.health import check_broker, check_database, heartbeat_status


def home(request):
    role_names = list(request.user.groups.order_by("name").values_list("name", flat=True))
    context = {"roles": role_names}
    if roles.has_role(request.user, roles.STRATEG):
        context["overview"] = strategist_overview(request.user)
    return render(request, "uppfoljning/home.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    database = check_database()
    broker = check_broker()
    heartbeat = heartbeat_status() if database["ok"] else None
    # The heartbeat is informative: a stopped beat must not make a load
    # balancer take the web server out of rotation.
    healthy = database["ok"] and broker["ok"]
    body = {
        "status": "ok" if healthy else "error",
        "database": database,
        "broker": broker,
        "heartbeat": heartbeat,
    }
    return JsonResponse(body, status=200 if healthy else 503)
