"""Every URL requires login, so a new view can never be left open by mistake."""

import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The only pages an anonymous visitor may reach, and why.
PUBLIC = {
    "login": "the login page itself",
    "healthz": "monitoring probes do not log in",
    "admin:login": "the admin's own login page",
    "satt_losenord": "an invited user sets a password from the e-mailed link (token in the URL)",
    "satt_losenord_klart": "the confirmation after setting that password",
    "forsta_start": "creates the first Administratör; 404 as soon as any user exists",
    "oidc_authentication_init": "single sign-on starts here, before login; 404 unless OIDC_ENABLED",
    "oidc_authentication_callback": "the identity provider sends the browser back here to log in",
    "enkater:besvara": (
        "a supplier or unit answers a questionnaire by its personal link (token in the URL, "
        "only its hash stored; 404 unless the link is open; rate-limited)"
    ),
    "enkater:besvara_fil": (
        "the same respondent downloads the file they uploaded, by the same personal link"
    ),
}

SAMPLE_VALUES = {
    "int": "1",
    "slug": "exempel",
    "str": "exempel",
    "path": "exempel",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def iter_patterns(patterns=None, prefix="", namespace=None, callbacks=False):
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_patterns(
                entry.url_patterns, prefix + str(entry.pattern), full_ns, callbacks
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            if callbacks:
                yield name, entry.callback
            else:
                yield name, prefix + str(entry.pattern)


def sample_path(route):
    """Turn a route (path() or re_path() syntax) into a concrete URL."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES.get(m.group(1) or "str", "1"), route)
    if path.startswith("^"):
        # re_path: replace groups with a plausible value, drop anchors.
        path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
        path = re.sub(r"\([^)]*\)", "1", path)
        path = path.lstrip("^").rstrip("$").replace("\\", "").replace("?", "")
        path = re.sub(r"[\[\]+*]", "", path)
    return "/" + path


ALL_PATTERNS = sorted(set(iter_patterns()), key=lambda item: item[1])
PROTECTED = [(name, route) for name, route in ALL_PATTERNS if name not in PUBLIC]


def test_it_finds_the_url_patterns():
    names = {name for name, _route in ALL_PATTERNS}
    assert {"home", "login", "healthz", "password_change"} <= names
    # Every public name still exists, so the allowlist cannot go stale.
    assert set(PUBLIC) <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), PROTECTED, ids=[r for _n, r in PROTECTED])
def test_it_sends_anonymous_visitors_to_login(client, name, route):
    response = client.get(sample_path(route))
    login_urls = (reverse(settings.LOGIN_URL), reverse("admin:login"))
    assert response.status_code in (301, 302), f"{route} answered {response.status_code}"
    location = response.headers["Location"]
    if response.status_code == 301:
        # CommonMiddleware's slash redirect: follow it once.
        response = client.get(location)
        assert response.status_code == 302, f"{route} answered {response.status_code}"
        location = response.headers["Location"]
    assert location.split("?")[0] in login_urls, f"{route} redirected to {location}"


def test_only_the_allowlisted_views_opt_out_of_login():
    # The converse: a view marked login_not_required must be on the list above.
    opted_out = {
        name
        for name, callback in iter_patterns(callbacks=True)
        if getattr(callback, "login_required", True) is False
    }
    assert opted_out <= set(PUBLIC), f"not allowlisted: {sorted(opted_out - set(PUBLIC))}"
    assert {"satt_losenord", "satt_losenord_klart", "forsta_start"} <= opted_out


@pytest.mark.django_db
def test_it_lets_anonymous_visitors_see_the_public_pages(client, django_user_model):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("admin:login")).status_code == 200
    assert client.get(reverse("healthz")).status_code in (200, 503)
    assert client.get(reverse("satt_losenord_klart")).status_code == 200
    link = reverse("satt_losenord", kwargs={"uidb64": "MQ", "token": "fel-token"})
    assert "Länken fungerar inte" in client.get(link).content.decode()
    answer = reverse("enkater:besvara", kwargs={"token": "fel-token"})
    assert "Länken fungerar inte" in client.get(answer).content.decode()
    # The first-start page exists only on an empty database.
    assert client.get(reverse("forsta_start")).status_code == 200
    django_user_model.objects.create_user("nagon")
    assert client.get(reverse("forsta_start")).status_code == 404
