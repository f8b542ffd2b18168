"""A dropped database connection: an idempotent request is retried once, others get a 503."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import Client
from django.urls import path

calls = []


def _failing(times, exc):
    """A view that fails with `exc` the first `times` calls, as a dropped connection does."""

    @login_not_required
    def view(request):
        calls.append(request.method)
        if len(calls) <= times:
            raise exc("terminating connection due to administrator command")
        return HttpResponse(f"svar efter {len(calls)} försök")

    return view


urlpatterns = [
    path("once/", _failing(1, OperationalError)),
    path("interface/", _failing(1, InterfaceError)),
    path("always/", _failing(99, OperationalError)),
    path("integrity/", _failing(99, IntegrityError)),
]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def _fresh_calls():
    calls.clear()


@pytest.fixture
def client():
    # The fault must reach the middleware as a response, as in production.
    return Client(raise_request_exception=False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", ["/once/", "/interface/"])
def test_a_read_that_lost_its_connection_is_run_once_more(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response.content == b"svar efter 2 f\xc3\xb6rs\xc3\xb6k"
    assert calls == ["GET", "GET"]


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_page_survives_the_retry(client, alice):
    client.force_login(alice)
    response = client.get("/once/")
    assert response.status_code == 200
    assert calls == ["GET", "GET"]


@pytest.mark.django_db(transaction=True)
def test_a_read_that_fails_twice_gets_a_swedish_503_page(client):
    response = client.get("/always/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "<h1>Tjänsten är tillfälligt otillgänglig</h1>" in html
    assert "kanske inte sparades" not in html
    assert calls == ["GET", "GET"]  # retried once, not more


@pytest.mark.django_db(transaction=True)
def test_a_post_is_never_run_twice_and_says_it_may_not_have_been_saved(client):
    response = client.post("/once/")

    assert response.status_code == 503
    assert "Det du skickade kanske inte sparades." in response.content.decode()
    assert calls == ["POST"]


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_hidden_nor_retried(client):
    response = client.get("/integrity/")

    assert response.status_code == 500
    assert calls == ["GET"]


@pytest.mark.django_db  # the test runs inside a transaction, like a request in atomic()
def test_no_retry_inside_an_open_transaction(client):
    response = client.get("/once/")

    assert response.status_code == 503
    assert calls == ["GET"]
