"""An uploaded file kept between its preview and the user's confirmation.

Every import previews first; confirming must write exactly the bytes that were
previewed, for the same object. Only a file that may be confirmed is kept (a
refused one may hold a personnummer and is never written to disk), privately
in upload_dir() under a random token that the session remembers with what the
upload was for (`scope`, e.g. the follow-up's pk).
"""

import uuid

from leverantorer.imports.common import upload_dir


def discard(request, key):
    """Forget the session's pending file under `key`, and delete it."""
    pending = request.session.pop(key, None)
    if pending:
        (upload_dir() / pending["token"]).unlink(missing_ok=True)


def keep(request, key, content, filename, **scope):
    """Keep `content` for confirmation; the token the preview form posts back."""
    discard(request, key)
    token = uuid.uuid4().hex
    (upload_dir() / token).write_bytes(content)
    request.session[key] = {"token": token, "filename": filename, **scope}
    return token


def take(request, key, **scope):
    """(content, pending) of the file the POSTed token names for this scope, else None.

    Either way the file and the session's entry are gone afterwards: a
    confirmation is tried once, and a failed one asks for a new upload.
    """
    pending = request.session.pop(key, None)
    if not pending:
        return None
    path = upload_dir() / pending["token"]
    try:
        if request.POST.get("token") != pending["token"] or not path.exists():
            return None
        if any(pending.get(name) != value for name, value in scope.items()):
            return None
        return path.read_bytes(), pending
    finally:
        path.unlink(missing_ok=True)
