"""The http adapter against a real server on 127.0.0.1 (no mocks of our client)."""

import datetime
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from arenden.kontroller.http import HttpKalla, InloggningNekad
from arenden.kontroller.parsing import KontrollFel
from tests.arenden.kontroller.stubserver import ivo_answer, kredit_answer

IVO_PATH = "/verksamheter/IVO-1"
KREDIT_PATH = "/foretag/5560000000"


def client(stub, typ="ivo", **kwargs):
    options = {"timeout": 0.3, "retries": 2, "backoff": 0.001, "backoff_max": 0.005}
    options.update(kwargs)
    return HttpKalla(typ=typ, url=stub.url, **options)


def test_it_parses_an_ivo_answer_and_hashes_the_raw_bytes(stub):
    body = json.dumps(ivo_answer(oppna_tillsynsarenden=2)).encode()
    stub.script(IVO_PATH, (200, body))
    svar = client(stub, token="secret").hamta("IVO-1")
    assert svar.falt["tillstand"] == "giltigt"
    assert svar.falt["oppna_tillsynsarenden"] == 2
    assert svar.falt["senaste_tillsyn"] == datetime.date(2026, 4, 1)
    assert svar.sha256 == hashlib.sha256(body).hexdigest()
    assert stub.requests[0][2]["Authorization"] == "Bearer secret"


def test_it_parses_a_credit_answer_with_dates(stub):
    stub.script(
        KREDIT_PATH,
        (
            200,
            kredit_answer(
                betalningsanmarkningar={"antal": 2, "senaste": "2026-08-14"},
                skatteskulder={"belopp": "48200.50", "sedan": "2026-09-01"},
                konkurs={"status": True, "datum": "2026-10-02"},
            ),
        ),
    )
    falt = client(stub, typ="kredit").hamta("556000-0000").falt
    assert falt["betalningsanmarkningar"] is True
    assert falt["betalningsanmarkningar_antal"] == 2
    assert falt["betalningsanmarkning_datum"] == datetime.date(2026, 8, 14)
    assert falt["skatteskulder"] is True
    assert str(falt["skatteskuld_belopp"]) == "48200.50"
    assert falt["konkurs"] is True and falt["konkurs_datum"] == datetime.date(2026, 10, 2)


def test_a_slow_answer_past_the_timeout_fails_after_bounded_retries(stub):
    stub.script(IVO_PATH, (200, ivo_answer(), 1.0))
    with pytest.raises(KontrollFel) as error:
        client(stub, timeout=0.1, retries=1).hamta("IVO-1")
    assert "tidsgränsen" in error.value.message
    assert "2 försök" in error.value.message
    assert stub.count(IVO_PATH) == 2


def test_an_answer_trickling_in_past_the_timeout_fails(stub):
    # Each piece arrives well within the timeout, the whole answer does not.
    stub.script(IVO_PATH, (200, ivo_answer(), 0, 0.02))
    with pytest.raises(KontrollFel) as error:
        client(stub, timeout=0.3, retries=0).hamta("IVO-1")
    assert "tidsgränsen" in error.value.message
    assert stub.count(IVO_PATH) == 1
    # The same answer sent at once is fine: the deadline is for the whole answer.
    stub.script(IVO_PATH, (200, ivo_answer()))
    assert client(stub, timeout=0.3).hamta("IVO-1").falt["tillstand"] == "giltigt"


def test_an_endless_answer_is_cut_off_and_not_retried(stub):
    stub.script(IVO_PATH, (200, b"[" + b"0," * 600_000 + b"0]"))
    with pytest.raises(KontrollFel) as error:
        client(stub, timeout=5, retries=2).hamta("IVO-1")
    assert "orimligt stort" in error.value.message
    assert stub.count(IVO_PATH) == 1


def test_a_500_is_retried_and_then_succeeds(stub):
    stub.script(IVO_PATH, (500, b"oops"), (503, b"busy"), (200, ivo_answer()))
    svar = client(stub, retries=2).hamta("IVO-1")
    assert svar.falt["tillstand"] == "giltigt"
    assert stub.count(IVO_PATH) == 3


def test_persistent_5xx_fails_with_a_swedish_message(stub):
    stub.script(IVO_PATH, (502, b"bad gateway"))
    with pytest.raises(KontrollFel) as error:
        client(stub, retries=2).hamta("IVO-1")
    assert "fel 502" in error.value.message
    assert stub.count(IVO_PATH) == 3


def test_a_401_is_never_retried_and_stops_further_requests(stub):
    stub.script(IVO_PATH, (401, b'{"error": "unauthorized"}'))
    adapter = client(stub, token="wrong", retries=3)
    with pytest.raises(InloggningNekad) as error:
        adapter.hamta("IVO-1")
    assert "nekades (status 401)" in error.value.message
    assert error.value.raw == b'{"error": "unauthorized"}'
    assert stub.count(IVO_PATH) == 1
    # The account must not be locked by a second attempt.
    with pytest.raises(InloggningNekad):
        adapter.hamta("IVO-2")
    assert len(stub.requests) == 1


def test_a_403_is_not_retried_either(stub):
    stub.script(KREDIT_PATH, (403, b"{}"))
    with pytest.raises(InloggningNekad):
        client(stub, typ="kredit", retries=3).hamta("5560000000")
    assert stub.count(KREDIT_PATH) == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"<html>not json</html>", "inte giltig JSON"),
        (b"[1, 2]", "JSON-objekt"),
        (json.dumps(ivo_answer(tillstand="kanske")).encode(), "okänt tillstånd"),
        (json.dumps(ivo_answer(oppna_tillsynsarenden=-1)).encode(), "heltal"),
        (json.dumps(ivo_answer(senaste_tillsyn="1/4/2026")).encode(), "datum"),
        (json.dumps({"tillstand": "giltigt"}).encode(), "saknas"),
    ],
)
def test_a_malformed_answer_is_a_failure_with_a_clear_message(stub, body, expected):
    stub.script(IVO_PATH, (200, body))
    with pytest.raises(KontrollFel) as error:
        client(stub).hamta("IVO-1")
    assert expected in error.value.message
    assert error.value.raw == body
    assert stub.count(IVO_PATH) == 1  # a malformed answer is not retried


def test_an_unknown_unit_is_a_failure_not_retried(stub):
    stub.script(IVO_PATH, (404, b"{}"))
    with pytest.raises(KontrollFel) as error:
        client(stub).hamta("IVO-1")
    assert "känner inte till" in error.value.message
    assert stub.count(IVO_PATH) == 1


def oauth_client(stub, **kwargs):
    options = {
        "typ": "kredit",
        "token_url": stub.url + "/oauth/token",
        "client_id": "kommunen",
        "client_secret": "hemligt",
        "scope": "monitoring",
    }
    options.update(kwargs)
    return client(stub, **options)


def test_the_oauth2_token_is_fetched_once_and_cached_across_threads(stub):
    stub.script("/oauth/token", (200, {"access_token": "tok-1", "expires_in": 3600}, 0.05))
    stub.default = lambda path: (200, kredit_answer())
    adapter = oauth_client(stub)
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(adapter.hamta, [f"55600000{n:02d}" for n in range(20)]))
    assert len(answers) == 20
    assert stub.count("/oauth/token") == 1
    method, _path, headers, body = next(r for r in stub.requests if r[1] == "/oauth/token")
    assert method == "POST"
    assert b"grant_type=client_credentials" in body and b"scope=monitoring" in body
    assert headers["Authorization"].startswith("Basic ")
    api_headers = [h for _m, p, h, _b in stub.requests if p.startswith("/foretag/")]
    assert all(h["Authorization"] == "Bearer tok-1" for h in api_headers)


def test_the_token_outlives_the_adapter_so_later_chunks_reuse_it(stub):
    # Every chunk and every "Kontrollera nu" builds a new adapter.
    stub.script("/oauth/token", (200, {"access_token": "tok-1", "expires_in": 3600}))
    stub.default = lambda path: (200, kredit_answer())
    for n in range(3):
        adapter = oauth_client(stub)
        adapter.hamta(f"55600000{n:02d}")
        adapter.close()
    assert stub.count("/oauth/token") == 1
    # Another client of the same service has a token of its own.
    oauth_client(stub, client_id="annan").hamta("5560000000")
    assert stub.count("/oauth/token") == 2


def test_a_token_refused_by_the_api_is_not_reused_by_the_next_adapter(stub):
    stub.script(
        "/oauth/token",
        (200, {"access_token": "revoked", "expires_in": 3600}),
        (200, {"access_token": "fresh", "expires_in": 3600}),
    )
    stub.script(KREDIT_PATH, (401, b"{}"), (200, kredit_answer()))
    with pytest.raises(InloggningNekad):
        oauth_client(stub).hamta("5560000000")
    oauth_client(stub).hamta("5560000000")
    assert stub.count("/oauth/token") == 2
    api = [h["Authorization"] for _m, p, h, _b in stub.requests if p == KREDIT_PATH]
    assert api == ["Bearer revoked", "Bearer fresh"]


def test_an_expired_token_is_fetched_again(stub):
    # expires_in below the safety margin: the token is never reused.
    stub.script(
        "/oauth/token",
        (200, {"access_token": "short", "expires_in": 10}),
        (200, {"access_token": "next", "expires_in": 10}),
    )
    stub.default = lambda path: (200, kredit_answer())
    adapter = oauth_client(stub)
    adapter.hamta("5560000000")
    adapter.hamta("5560000000")
    assert stub.count("/oauth/token") == 2


def test_a_refused_client_login_is_not_retried(stub):
    stub.script("/oauth/token", (401, {"error": "invalid_client"}))
    adapter = oauth_client(stub, retries=3)
    with pytest.raises(InloggningNekad):
        adapter.hamta("5560000000")
    with pytest.raises(InloggningNekad):
        adapter.hamta("5560000001")
    assert stub.count("/oauth/token") == 1
    assert len(stub.requests) == 1


def test_a_malformed_token_answer_is_a_failure(stub):
    stub.script("/oauth/token", (200, {"token": "no access_token key"}))
    with pytest.raises(KontrollFel) as error:
        oauth_client(stub).hamta("5560000000")
    assert "ingen giltig token" in error.value.message


def test_a_closed_port_is_a_network_failure(stub):
    adapter = HttpKalla(typ="ivo", url="http://127.0.0.1:9", timeout=0.2, retries=1, backoff=0.001)
    with pytest.raises(KontrollFel) as error:
        adapter.hamta("IVO-1")
    assert "nätverksfel" in error.value.message


def test_a_source_that_keeps_failing_is_left_alone_for_the_rest_of_the_round(stub):
    stub.default = lambda path: (503, b"down")
    adapter = client(stub, retries=1)
    messages = []
    for n in range(8):
        with pytest.raises(KontrollFel) as error:
            adapter.hamta(f"IVO-{n}")
        messages.append(error.value.message)
    assert len(stub.requests) == 5 * 2  # five subjects, two attempts each, then no more
    assert all("fel 503" in m for m in messages[:5])
    assert all("5 frågor i rad" in m for m in messages[5:])


def test_a_success_resets_the_failure_count(stub):
    stub.script("/verksamheter/IVO-ok", (200, ivo_answer()))
    stub.default = lambda path: (503, b"down")
    adapter = client(stub, retries=0)
    for n in range(4):
        with pytest.raises(KontrollFel):
            adapter.hamta(f"IVO-{n}")
    adapter.hamta("IVO-ok")
    for n in range(4):
        with pytest.raises(KontrollFel, match="fel 503"):
            adapter.hamta(f"IVO-{n}")
    assert len(stub.requests) == 9
