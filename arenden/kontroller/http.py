"""The http adapter: one JSON service per source (contract: docs/kontroller-api.md).

Network errors, timeouts, 429 and 5xx are retried with exponential backoff,
a bounded number of times. A refused login (401/403) is never retried: credit
services lock an account after a few failed logins, so the adapter also
remembers the refusal and makes no further requests until it is rebuilt.
OAuth2 client-credentials tokens are fetched once and cached for their
lifetime (less a margin) in the process: shared by all threads of a chunk and
by the adapters of later chunks and "Kontrollera nu", which are built anew.
"""

import threading
import time
from urllib.parse import quote

import httpx

from arenden.kontroller.parsing import PARSERS, KontrollFel
from arenden.models import Kontrollkalla, Kontrolltyp

TOKEN_MARGIN_SECONDS = 30
# One unit's or supplier's answer is a few hundred bytes; anything near this is
# not the contract, and must not be read into memory without end.
MAX_ANSWER_BYTES = 1024 * 1024
# After this many requests in a row that failed even with retries, the source
# is taken to be down: the rest of the chunk fails at once instead of waiting
# out every timeout again (and hammering a struggling service).
BREAKER_THRESHOLD = 5
SOURCE_NAMES = {Kontrolltyp.IVO: "IVO-källan", Kontrolltyp.KREDIT: "kreditupplysningen"}

# (token_url, client_id, scope) -> (token, monotonic expiry). An adapter lives
# for one chunk, a token for an hour or so: the cache must outlive adapters.
_TOKENS = {}
_TOKENS_LOCK = threading.Lock()  # held while fetching: one token request at a time


def forget_tokens():
    """Drop every cached token (tests; a changed secret takes a restart anyway)."""
    with _TOKENS_LOCK:
        _TOKENS.clear()


class InloggningNekad(KontrollFel):
    """401/403: not retried, and no further requests with these credentials."""


class HttpKalla:
    kalla = Kontrollkalla.HTTP

    def __init__(
        self,
        *,
        typ,
        url,
        token="",
        token_url="",
        client_id="",
        client_secret="",
        scope="",
        timeout=10.0,
        retries=3,
        backoff=0.5,
        backoff_max=8.0,
        max_connections=8,
    ):
        self.typ = typ
        self.url = url.rstrip("/")
        self.static_token = token
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.scope = scope
        self.retries = retries
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.timeout = timeout
        self.namn = SOURCE_NAMES[typ]
        self.client = httpx.Client(
            timeout=timeout,
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            headers={"Accept": "application/json", "User-Agent": "Uppfoljning/1"},
            follow_redirects=False,
        )
        self._lock = threading.Lock()
        self._token_key = (token_url, client_id, scope)
        self._refused = None  # the InloggningNekad that stops all further requests
        self._failures_in_a_row = 0
        self._breaker_lock = threading.Lock()

    def close(self):
        self.client.close()

    # ------------------------------------------------------------ public

    def hamta(self, nyckel):
        """The parsed answer for one unit (IVO tillståndsnummer) or supplier (orgnr)."""
        if self._refused is not None:
            raise InloggningNekad(self._refused.message)
        if self.typ == Kontrolltyp.IVO:
            path = f"/verksamheter/{quote(nyckel, safe='')}"
        else:
            path = f"/foretag/{''.join(ch for ch in nyckel if ch.isdigit())}"
        headers = {"Authorization": f"Bearer {self._bearer()}"} if self._uses_auth() else {}
        response = self._send("GET", self.url + path, headers=headers)
        raw = response.content
        if response.status_code in (401, 403):
            with _TOKENS_LOCK:
                _TOKENS.pop(self._token_key, None)  # a revoked token is not reused either
            self._refuse(response.status_code, raw)
        if response.status_code == 404:
            raise KontrollFel(f"{self.namn.capitalize()} känner inte till ”{nyckel}”.", raw=raw)
        if response.status_code != 200:
            raise KontrollFel(
                f"{self.namn.capitalize()} svarade med den oväntade statusen "
                f"{response.status_code}.",
                raw=raw,
            )
        return PARSERS[self.typ](raw)

    # ------------------------------------------------------------ auth

    def _uses_auth(self):
        return bool(self.static_token or self.client_id)

    def _bearer(self):
        if self.static_token:
            return self.static_token
        with _TOKENS_LOCK:
            # Under the lock: many threads and adapters, one token request.
            token, expires = _TOKENS.get(self._token_key, (None, 0.0))
            if token and time.monotonic() < expires:
                return token
            if self._refused is not None:
                raise InloggningNekad(self._refused.message)
            token, lifetime = self._fetch_token()
            _TOKENS[self._token_key] = (
                token,
                time.monotonic() + max(0, lifetime - TOKEN_MARGIN_SECONDS),
            )
            return token

    def _fetch_token(self):
        """(token, lifetime in seconds) from the OAuth2 token endpoint."""
        data = {"grant_type": "client_credentials"}
        if self.scope:
            data["scope"] = self.scope
        response = self._send(
            "POST",
            self.token_url,
            data=data,
            auth=(self.client_id, self.client_secret),
        )
        if response.status_code in (400, 401, 403):
            # RFC 6749: invalid_client is 401, but many services answer 400.
            self._refuse(response.status_code, response.content)
        if response.status_code != 200:
            raise KontrollFel(
                f"Inloggningen hos {self.namn} svarade med statusen {response.status_code}.",
                raw=response.content,
            )
        try:
            payload = response.json()
            token = payload["access_token"]
            lifetime = int(payload.get("expires_in", 300))
        except (ValueError, KeyError, TypeError):
            raise KontrollFel(
                f"Inloggningen hos {self.namn} gav ett felaktigt svar (ingen giltig token).",
                raw=response.content,
            ) from None
        if not isinstance(token, str) or not token:
            raise KontrollFel(
                f"Inloggningen hos {self.namn} gav ett felaktigt svar (ingen giltig token).",
                raw=response.content,
            )
        return token, lifetime

    def _refuse(self, status, raw):
        error = InloggningNekad(
            f"Inloggningen hos {self.namn} nekades (status {status}). Kontrollera "
            "användaruppgifterna; inga fler försök görs automatiskt, eftersom tjänsten kan "
            "låsa kontot efter upprepade misslyckade inloggningar.",
            raw=raw,
        )
        with self._lock:
            self._refused = error
        raise error

    # ------------------------------------------------------------ transport

    def _request(self, method, url, **kwargs):
        """One request whose whole answer must arrive within the timeout.

        httpx's timeout bounds each read, so a server that trickles its body
        a byte at a time would otherwise hold a worker thread indefinitely.
        """
        deadline = time.monotonic() + self.timeout
        with self.client.stream(method, url, **kwargs) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("answer not complete in time", request=response.request)
                if len(body) > MAX_ANSWER_BYTES:
                    raise KontrollFel(
                        f"Svaret från {self.namn} var orimligt stort (över "
                        f"{MAX_ANSWER_BYTES // 1024} kB). Kontrollen räknas som okänd."
                    )
        return httpx.Response(response.status_code, content=bytes(body), request=response.request)

    def _send(self, method, url, **kwargs):
        """One request, retried on network errors, timeouts, 429 and 5xx only."""
        with self._breaker_lock:
            if self._failures_in_a_row >= BREAKER_THRESHOLD:
                raise KontrollFel(
                    f"{self.namn.capitalize()} svarade inte på {BREAKER_THRESHOLD} frågor i "
                    "rad; inga fler försök görs i den här omgången. Kontrollen räknas som okänd."
                )
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(min(self.backoff * 2 ** (attempt - 1), self.backoff_max))
            try:
                response = self._request(method, url, **kwargs)
            except httpx.TimeoutException:
                problem = "svarade inte inom tidsgränsen"
                continue
            except httpx.TransportError:
                problem = "gick inte att nå (nätverksfel)"
                continue
            if response.status_code == 429 or response.status_code >= 500:
                problem = f"svarade med fel {response.status_code}"
                continue
            with self._breaker_lock:
                self._failures_in_a_row = 0
            return response
        with self._breaker_lock:
            self._failures_in_a_row += 1
        tries = self.retries + 1
        raise KontrollFel(
            f"{self.namn.capitalize()} {problem} ({tries} försök). Kontrollen räknas som okänd."
        )
