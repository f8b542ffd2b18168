"""A real HTTP server on 127.0.0.1 for testing the check adapters.

Each path gets a script: a list of responses served in order (the last one
repeats). A response is (status, body), (status, body, delay_seconds) or
(status, body, delay_seconds, drip_seconds): the body then trickles out in
8-byte pieces, drip_seconds apart.
The server records every request so tests can count them, and the highest
number of requests it had in flight at once.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StubServer:
    def __init__(self, default=None):
        self.scripts = {}
        self.default = default  # callable(path) -> response, for sweeps of many units
        self.requests = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with stub.lock:
                    stub.requests.append((self.command, self.path, dict(self.headers), body))
                    stub.in_flight += 1
                    stub.max_in_flight = max(stub.max_in_flight, stub.in_flight)
                    script = stub.scripts.get(self.path)
                    if script:
                        response = script.pop(0) if len(script) > 1 else script[0]
                    elif stub.default:
                        response = stub.default(self.path)
                    else:
                        response = (404, b"{}")
                status, payload, *rest = response
                if rest:
                    time.sleep(rest[0])
                # Done "processing" before answering: the client cannot send its
                # next request before this, so in_flight never over-counts.
                with stub.lock:
                    stub.in_flight -= 1
                try:
                    if not isinstance(payload, bytes):
                        payload = json.dumps(payload).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if len(rest) > 1:
                        for start in range(0, len(payload), 8):
                            self.wfile.write(payload[start : start + 8])
                            time.sleep(rest[1])
                    else:
                        self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            do_GET = _serve
            do_POST = _serve

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

    def script(self, path, *responses):
        self.scripts[path] = list(responses)

    def count(self, path):
        return sum(1 for _m, p, _h, _b in self.requests if p == path)


def ivo_answer(**overrides):
    answer = {
        "tillstandsnummer": "IVO-1",
        "tillstand": "giltigt",
        "vilande": False,
        "oppna_tillsynsarenden": 0,
        "krav_pa_aterrapportering": False,
        "senaste_tillsyn": "2026-04-01",
    }
    answer.update(overrides)
    return answer


def kredit_answer(**overrides):
    answer = {
        "organisationsnummer": "5560000000",
        "rating": "AA",
        "score": 80,
        "betalningsanmarkningar": {"antal": 0, "senaste": None},
        "skatteskulder": {"belopp": "0.00", "sedan": None},
        "konkurs": {"status": False, "datum": None},
        "likvidation": {"status": False, "datum": None},
        "avregistrerad": {"status": False, "datum": None},
    }
    answer.update(overrides)
    return answer
