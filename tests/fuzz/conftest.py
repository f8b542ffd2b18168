"""A small world with one of everything a form can be about, and a client per persona."""

import pytest
from django.test import Client

from tests.rapporter.fixtures import build_year


@pytest.fixture
def world(alice, sam, sixten, charlotte, ada):
    """tests/rapporter/fixtures.build_year: agreements, suppliers, cases, a report."""
    build_year(alice)
    users = {
        "strateg": alice,
        "samordnare": sam,
        "socialsekreterare": sixten,
        "chef": charlotte,
        "admin": ada,
    }

    def client_for(persona):
        client = Client(raise_request_exception=True)
        client.force_login(users[persona])
        return client

    return client_for
