"""PostgreSQL drops the app's connections under load: signed-in pages still answer.

A real server (pytest-django's live_server) on 127.0.0.1 serves GET requests
to signed-in pages while a thread terminates every connection to the test
database but its own and the test's (pg_terminate_backend) twice a
second. uppfoljning.resilience retries a read once on a new connection;
no request may end in a 500.
"""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
from django.conf import settings
from django.urls import reverse

from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory
from tests.faults.conftest import admin_connection

REQUESTS = 200
# Every connection to the database, idle or mid-query, is cut this often. A
# page takes 100-300 ms here, so a request is cut mid-way now and then and its
# retry usually gets through; much more often and every retry is cut too.
KILL_EVERY_SECONDS = 0.5


class Terminator(threading.Thread):
    """Terminate the live server's database connections until stopped."""

    def __init__(self, connection, spare_pid):
        super().__init__(daemon=True)
        self.conn = admin_connection(connection)
        self.dbname = connection.settings_dict["NAME"]
        self.spare_pid = spare_pid
        self.stop = threading.Event()
        self.terminated = 0

    def run(self):
        with self.conn.cursor() as cursor:
            while not self.stop.is_set():
                cursor.execute(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                    "FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s",
                    [self.dbname, self.spare_pid],
                )
                self.terminated += cursor.fetchone()[0]
                time.sleep(KILL_EVERY_SECONDS)
        self.conn.close()


def test_signed_in_pages_never_answer_500_while_connections_are_terminated(
    pg, live_server, client, alice
):
    ramavtal = RamavtalFactory(ansvarig_strateg=alice)
    avtal = AvtalFactory(ramavtal=ramavtal)
    VerksamhetFactory(leverantor=avtal.leverantor)
    client.force_login(alice)
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    pages = [
        reverse("home"),
        reverse("leverantorer:detail", args=[avtal.leverantor.pk]),
        reverse("leverantorer:list"),
        ramavtal.get_absolute_url(),
    ]
    with pg.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own_pid = cursor.fetchone()[0]
    with httpx.Client(base_url=live_server.url, cookies=cookies, timeout=30) as http:
        # Warm up: every page answers 200 when nothing is being terminated.
        started = time.monotonic()
        assert [http.get(page).status_code for page in pages] == [200] * len(pages)
        print(f"\nwarm-up: {(time.monotonic() - started) / len(pages) * 1000:.0f} ms a page")
        terminator = Terminator(pg, own_pid)
        terminator.start()
        try:
            with ThreadPoolExecutor(max_workers=4) as pool:
                statuses = list(
                    pool.map(lambda i: http.get(pages[i % len(pages)]).status_code, range(REQUESTS))
                )
        finally:
            terminator.stop.set()
            terminator.join()
    counts = Counter(statuses)
    print(
        f"\n{REQUESTS} GET requests, {terminator.terminated} connections terminated: "
        + ", ".join(f"{status} × {n}" for status, n in sorted(counts.items()))
    )
    assert terminator.terminated >= 20, "the test terminated too few connections to mean much"
    assert counts[500] == 0
    assert counts[200] + counts[503] == REQUESTS
    # A 503 means the retry's connection was cut too: it must stay the exception.
    assert counts[200] >= REQUESTS // 2
