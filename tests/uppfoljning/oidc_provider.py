"""A small OpenID Connect provider on 127.0.0.1 for testing single sign-on for real.

It speaks the authorization code flow as Entra ID does: /authorize redirects
back with a code and the state, /token checks the client secret, the
redirect URI and the PKCE verifier (S256) and returns an ID token signed
RS256 with the nonce, /userinfo answers for the access token, /jwks publishes
the public key. Tests set `claims` (what the ID token says about the person)
and may spoil one thing at a time through `tamper` to see it refused:
"signature" (signed with another key under the same kid), "nonce",
"audience", "issuer", "expired" or "userinfo_sub".
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "uppfoljning-test"
CLIENT_SECRET = "test-klienthemlighet"
KID = "testnyckel-1"


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class OidcProvider:
    def __init__(self):
        self.key = _new_key()
        self.other_key = _new_key()
        self.claims = {}
        self.tamper = set()
        self.codes = {}  # code -> what /authorize was asked
        self.authorize_requests = []
        self.token_requests = []
        self.lock = threading.Lock()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    provider._authorize(self, query)
                elif url.path == "/userinfo":
                    provider._userinfo(self)
                elif url.path == "/jwks":
                    provider._json(self, 200, provider.jwks())
                else:
                    provider._json(self, 404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path == "/token":
                    provider._token(self, form)
                else:
                    provider._json(self, 404, {"error": "not_found"})

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def settings(self):
        """The OIDC_* settings that point our app at this provider."""
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_ISSUER": self.url,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
        }

    def jwks(self):
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}

    # --- Endpoints ---------------------------------------------------------------

    def _authorize(self, handler, query):
        with self.lock:
            self.authorize_requests.append(query)
            code = secrets.token_urlsafe(16)
            self.codes[code] = query
        target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def _token(self, handler, form):
        with self.lock:
            self.token_requests.append(form)
            asked = self.codes.pop(form.get("code"), None)  # a code works once
        if (
            asked is None
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != asked["redirect_uri"]
            or form.get("grant_type") != "authorization_code"
        ):
            return self._json(handler, 400, {"error": "invalid_grant"})
        challenge = (
            base64.urlsafe_b64encode(
                hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            )
            .rstrip(b"=")
            .decode()
        )
        if asked.get("code_challenge_method") != "S256" or challenge != asked.get("code_challenge"):
            return self._json(handler, 400, {"error": "invalid_grant", "detail": "pkce"})
        access_token = secrets.token_urlsafe(16)
        with self.lock:
            self.codes[f"access:{access_token}"] = asked
        self._json(
            handler,
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 3600,
                "id_token": self.id_token(asked.get("nonce")),
            },
        )

    def _userinfo(self, handler):
        token = (handler.headers.get("Authorization") or "").removeprefix("Bearer ")
        if f"access:{token}" not in self.codes:
            return self._json(handler, 401, {"error": "invalid_token"})
        info = {k: self.claims[k] for k in ("sub", "email", "name") if k in self.claims}
        if "userinfo_sub" in self.tamper:
            info["sub"] = "nagon-annan"
        self._json(handler, 200, info)

    def _json(self, handler, status, body):
        payload = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    # --- The ID token ------------------------------------------------------------

    def id_token(self, nonce):
        now = int(time.time())
        claims = {
            "iss": "https://annan.example" if "issuer" in self.tamper else self.url,
            "aud": "en-annan-klient" if "audience" in self.tamper else CLIENT_ID,
            "iat": now - 5,
            "nbf": now - 5,
            "exp": now - 60 if "expired" in self.tamper else now + 600,
            "nonce": "fel-nonce" if "nonce" in self.tamper else nonce,
            **self.claims,
        }
        key = self.other_key if "signature" in self.tamper else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})
