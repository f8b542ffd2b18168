"""Which source answers: configuration (settings from env), never code.

Every adapter has the same small interface: `kalla` (a Kontrollkalla value),
`hamta(nyckel) -> Svar` (raises KontrollFel; safe to call from threads, no
database access) and `close()`.
"""

from django.conf import settings

from arenden.kontroller.fil import FilKalla
from arenden.kontroller.http import HttpKalla
from arenden.kontroller.stub import StubKalla
from arenden.models import Kontrollkalla, Kontrolltyp


def configured_adapter(typ):
    """The adapter name (http, fil, demo) the settings choose for a kind."""
    if typ == Kontrolltyp.IVO:
        return settings.KONTROLL_IVO_ADAPTER
    return settings.KONTROLL_KREDIT_ADAPTER


def adapter_for(typ, namn=None):
    """A ready adapter for `typ`, by name or as configured."""
    namn = namn or configured_adapter(typ)
    if namn == Kontrollkalla.STUB:
        return StubKalla(typ=typ)
    if namn == Kontrollkalla.FIL:
        return FilKalla(typ=typ)
    if namn == Kontrollkalla.HTTP:
        conf = settings.KONTROLL_HTTP[typ]
        return HttpKalla(
            typ=typ,
            url=conf["url"],
            token=conf["token"],
            token_url=conf["token_url"],
            client_id=conf["client_id"],
            client_secret=conf["client_secret"],
            scope=conf["scope"],
            timeout=settings.KONTROLL_TIMEOUT_MS / 1000,
            retries=settings.KONTROLL_RETRIES,
            backoff=settings.KONTROLL_BACKOFF_MS / 1000,
            backoff_max=settings.KONTROLL_BACKOFF_MAX_MS / 1000,
            max_connections=settings.KONTROLL_MAX_SAMTIDIGA,
        )
    raise ValueError(f"Unknown check adapter {namn!r}")
