"""Query parameters anyone can type: no 500 for a NUL, a control character or a huge id.

Finding 11b: a NUL in the avropskontroll search reached PostgreSQL (which refuses
NUL in text) and gave a 500. Every test here runs on the suite's database; the
ones marked `postgres` say so because PostgreSQL is the stricter one (CI runs
them there with REQUIRE_POSTGRES).
"""

import importlib

import django_filters
import pytest
from django.http import QueryDict
from django.urls import reverse

from tests.factories import AvtalFactory, LeverantorFactory, VerksamhetFactory
from uppfoljning import params
from uppfoljning.params import SafeFilterSet, clean_query, clean_text, parse_id

HUGE = "9" * 5000
RANGE = "Datumet måste ligga mellan 1990-01-01 och 2100-12-31."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\x00b", "ab"),
        ("  Vård\x1b[31m AB\x7f ", "Vård[31m AB"),
        ("rad\nett\tt", "radettt"),
        ("x" * 500, "x" * 200),
        ("עברית\u202eabc\u0301😀", "עברית\u202eabc\u0301😀"),  # not control: kept
        (None, ""),
    ],
)
def test_clean_text_drops_control_characters_and_caps_the_length(value, expected):
    assert clean_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        (HUGE, None),
        ("0", None),
        ("-3", None),
        ("١٢", None),  # Arabic-Indic digits pass str.isdigit() but are no id
        ("1e3", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_id_takes_only_positive_ascii_ids_within_bigint(value, expected):
    assert parse_id(value) == expected


def test_clean_query_cleans_every_value_and_keeps_lists():
    cleaned = clean_query(QueryDict("q=a%00b&signal=1&signal=2%00"))
    assert cleaned.get("q") == "ab"
    assert cleaned.getlist("signal") == ["1", "2"]


def _filtersets():
    modules = ["arenden.filters", "leverantorer.filters", "ramavtal.filters"]
    for name in modules:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, django_filters.FilterSet)
                and value.__module__ == name
            ):
                yield value


def test_every_filterset_cleans_its_parameters_and_bounds_ids_and_dates():
    found = list(_filtersets())
    assert len(found) == 6
    for filterset in found:
        assert issubclass(filterset, SafeFilterSet), filterset
        for name, flt in filterset.base_filters.items():
            if isinstance(flt, django_filters.ModelChoiceFilter):
                assert isinstance(flt, params.IdChoiceFilter), (filterset, name)
            if isinstance(flt, django_filters.DateFilter):
                assert isinstance(flt, params.DatumFilter), (filterset, name)


def _get(client, url, data):
    client.raise_request_exception = True
    return client.get(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["Alfa\x00", "\x00", "12345\x006789", "Al\x1bfa"])
def test_a_control_character_in_the_avrop_search_is_no_500(client, sam, q):
    unit = VerksamhetFactory(leverantor=AvtalFactory(leverantor__namn="Alfa Vård AB").leverantor)
    client.force_login(sam)
    response = _get(client, reverse("arenden:avrop_search"), {"q": q})
    assert response.status_code == 200
    if "Alfa" in q:
        assert [u for u, _ in response.context["hits"]] == [unit]


@pytest.mark.django_db
def test_the_avrop_search_with_a_nul_on_postgresql(client, sam, postgres):
    client.force_login(sam)
    response = _get(client, reverse("arenden:avrop_search"), {"q": "ab\x00", "format": "json"})
    assert response.status_code == 200
    assert response.json() == {"results": []}


LISTS = [
    ("leverantorer:list", "alice", {"ramavtal": HUGE}),
    ("leverantorer:list", "alice", {"q": "a\x00b", "region": "\x00"}),
    ("leverantorer:placering_list", "alice", {"ramavtal": HUGE, "leverantor": "-1"}),
    ("arenden:uppfoljning_list", "alice", {"ramavtal": HUGE, "ansvarig": HUGE, "ar": HUGE}),
    ("arenden:avrop_records", "sam", {"leverantor": HUGE, "utslag": "\x00"}),
    ("ramavtal:list", "alice", {"q": "\x00\x01", "ordning": "\x00"}),
    ("arenden:registerkontroll_list", "alice", {"status": "\x00", "utfall": HUGE}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "persona", "data"), LISTS)
def test_a_list_ignores_hostile_filter_values(client, request, url, persona, data):
    LeverantorFactory(namn="Alfa Vård AB")
    client.force_login(request.getfixturevalue(persona))
    response = _get(client, reverse(url), data)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "persona", "data"), LISTS)
def test_a_list_ignores_hostile_filter_values_on_postgresql(
    client, request, url, persona, data, postgres
):
    client.force_login(request.getfixturevalue(persona))
    assert _get(client, reverse(url), data).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "persona", "name"),
    [
        ("leverantorer:placering_list", "alice", "fran"),
        ("leverantorer:placering_list", "alice", "till"),
        ("arenden:avrop_records", "sam", "fran"),
        ("arenden:avrop_records", "sam", "till"),
    ],
)
@pytest.mark.parametrize("datum", ["0001-01-01", "9999-12-31"])
def test_a_list_refuses_a_date_parameter_out_of_range(client, request, url, persona, name, datum):
    client.force_login(request.getfixturevalue(persona))
    response = _get(client, reverse(url), {name: datum})
    assert response.status_code == 200
    assert [str(e) for e in response.context["filter"].form.errors[name]][0].startswith(RANGE)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "args", "data"),
    [
        ("arenden:handelsstyrd_create", [], {"leverantor": HUGE, "avvikelse": [HUGE, "x"]}),
        ("arenden:handelsstyrd_create", [], {"leverantor": "١٢", "signal": "\x00"}),
    ],
)
def test_link_parameters_with_huge_or_odd_ids_are_ignored(client, alice, url, args, data):
    client.force_login(alice)
    assert _get(client, reverse(url, args=args), data).status_code == 200


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/leverantorer/1/", "/leverantorer/1/"),
        ("0x1F", "/hem/"),  # a bare word: redirect() took it for a URL name (a 500)
        ("/a\nb", "/hem/"),  # a newline in a Location header is a 500
        ("/a\x00b", "/hem/"),
        ("//evil.example/", "/hem/"),
        ("https://evil.example/", "/hem/"),
    ],
)
def test_safe_next_takes_only_a_clean_path_on_this_site(rf, target, expected):
    from uppfoljning.editing import safe_next

    assert safe_next(rf.post("/", {"next": target}), "/hem/") == expected
