"""Personal links: a random token per external recipient; only its hash is stored.

The token is 32 random bytes (URL-safe base64), so it cannot be guessed; the
database keeps its SHA-256, so a copy of the database opens no link. A link is
refused once revoked, answered-and-accepted, or past the send-out's last day
plus its grace days (enkater.besvara decides the rest).
"""

import hashlib
import secrets


def new_token():
    """(token for the e-mail, hash to store on Mottagare.token_hash)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def masked(token):
    """How a token appears in logs: its first six characters only."""
    return f"{token[:6]}…"
