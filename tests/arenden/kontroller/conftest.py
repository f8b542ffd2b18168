import pytest

from tests.arenden.kontroller.stubserver import StubServer


@pytest.fixture
def stub():
    """A scripted JSON server on 127.0.0.1, stopped after the test."""
    with StubServer() as server:
        yield server


@pytest.fixture
def fast_checks(settings):
    """Tiny timeouts and backoff so retry tests take milliseconds."""
    settings.KONTROLL_TIMEOUT_MS = 300
    settings.KONTROLL_RETRIES = 2
    settings.KONTROLL_BACKOFF_MS = 1
    settings.KONTROLL_BACKOFF_MAX_MS = 5
    return settings


@pytest.fixture(autouse=True)
def _no_cached_tokens():
    """OAuth2 tokens are cached per process: a test starts and ends without any."""
    from arenden.kontroller.http import forget_tokens

    forget_tokens()
    yield
    forget_tokens()
