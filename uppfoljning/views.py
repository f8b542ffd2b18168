from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from uppfoljning.health import check_broker, check_database, heartbeat_status


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
