"""A session ends after SESSION_IDLE_MINUTES without a request (uppfoljning.sessions)."""

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from uppfoljning.sessions import LAST_ACTIVITY, is_idle

pytestmark = pytest.mark.django_db


def later(minutes):
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


def test_a_request_within_the_idle_limit_keeps_the_session(client, alice):
    client.force_login(alice)
    assert client.get(reverse("home")).status_code == 200
    with later(29):
        assert client.get(reverse("home")).status_code == 200
    # The request at 29 minutes counted as activity: 29 more are fine too.
    with later(58):
        assert client.get(reverse("home")).status_code == 200


def test_after_thirty_idle_minutes_the_user_is_logged_out_with_a_swedish_message(client, alice):
    client.force_login(alice)
    client.get(reverse("home"))
    with later(31):
        answer = client.get(reverse("leverantorer:list"))
        assert answer.status_code == 302
        assert answer.headers["Location"] == (
            reverse("login") + "?next=" + reverse("leverantorer:list")
        )
        assert "_auth_user_id" not in client.session
        page = client.get(answer.headers["Location"])
    assert "Du har loggats ut efter 30 minuters inaktivitet." in page.text
    # The next page asks for a login again, without the message.
    assert client.get(reverse("home")).status_code == 302


@override_settings(SESSION_IDLE_MINUTES=5)
def test_the_limit_comes_from_settings(client, alice):
    client.force_login(alice)
    client.get(reverse("home"))
    with later(6):
        answer = client.get(reverse("home"), follow=True)
    assert "Du har loggats ut efter 5 minuters inaktivitet." in answer.text


def test_the_last_activity_is_written_at_most_once_a_minute(client, alice):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        client.force_login(alice)
        client.get(reverse("home"))
        assert client.session[LAST_ACTIVITY] == int(start.timestamp())
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        client.get(reverse("home"))
        assert client.session[LAST_ACTIVITY] == int(start.timestamp())
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        client.get(reverse("home"))
        assert client.session[LAST_ACTIVITY] == int(start.timestamp()) + 120


def test_anonymous_visitors_get_no_activity_stamp(client):
    client.get(reverse("login"))
    assert LAST_ACTIVITY not in client.session


@override_settings(SESSION_IDLE_MINUTES=30)
def test_idle_means_more_than_the_limit():
    assert not is_idle(1000, 1000 + 30 * 60)
    assert is_idle(1000, 1000 + 30 * 60 + 1)


def test_logging_in_counts_as_activity(client, alice):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        client.force_login(alice)
        assert client.session[LAST_ACTIVITY] == int(start.timestamp())


def test_the_first_page_after_login_writes_no_session(client, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(alice)
    with CaptureQueriesContext(connection) as context:
        client.get(reverse("home"))
    assert not [
        q
        for q in context.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
