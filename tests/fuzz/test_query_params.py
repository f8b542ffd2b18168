"""Every page reached by the crawl, asked with hostile query parameters: never a 500, no write.

The parameter names are every one a list, search or link of the application
reads (filters, search, paging, export, next); the values come from
tests/fuzz/hostile.py. A GET must never write, hostile or not.
"""

import traceback

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.fuzz.hostile import FUZZ, changed, snapshot, value_for
from tests.fuzz.pages import crawl

PARAMS = {
    "q": ["Vård", "55"],
    "ramavtal": ["1"],
    "leverantor": ["1"],
    "ansvarig": ["1"],
    "fran": ["2024-01-01"],
    "till": ["2024-12-31"],
    "ar": ["2024"],
    "status": ["aktiv", "ny"],
    "typ": ["handelsstyrd"],
    "utslag": ["stopp"],
    "risk": ["hog"],
    "malgrupp": ["barn_unga"],
    "aktuella": ["true"],
    "region": ["Stockholm"],
    "inriktning": ["flickor"],
    "direktupphandling": ["true"],
    "att_gora": ["on"],
    "utfall": ["inget"],
    "ordning": ["namn", "-namn"],
    "sida": ["2", "last"],
    "export": ["csv", "xlsx"],
    "format": ["json"],
    "visa": ["oppna", "forsenade"],
    "mina": ["1"],
    "omrade": ["1"],
    "andra": ["1"],
    "avvikelse": ["1"],
    "signal": ["1"],
    "forslag": ["1"],
    "next": ["/", "//evil.example/", "javascript:alert(1)"],
}

QUERIES = st.dictionaries(
    st.sampled_from(sorted(PARAMS)),
    st.deferred(lambda: st.one_of(*(value_for(v) for v in PARAMS.values()))),
    min_size=1,
    max_size=5,
)


def fuzz_page(client, name, path):
    problems = []
    # One snapshot around all of a page's examples: a GET that writes shows
    # up all the same, at half the queries.
    before = snapshot()

    @hypothesis_settings(FUZZ, max_examples=10)
    @given(QUERIES)
    def run(query):
        try:
            response = client.get(path, query)
        except Exception:  # noqa: BLE001 - a 500: recorded with its cause
            problems.append(f"{name} {path}: 500 for {query!r:.300}\n{traceback.format_exc(-3)}")
            return
        if response.status_code >= 500:
            problems.append(f"{name} {path}: {response.status_code} for {query!r:.300}")

    run()
    diff = changed(before, snapshot())
    if diff:
        problems.append(f"{name} {path}: a GET wrote {diff}")
    return problems


def test_every_page_answers_hostile_query_parameters_without_a_500_or_a_write(world):
    _forms, views = crawl(world)
    assert len(views) > 50
    clients, problems = {}, []
    for name, (path, persona) in sorted(views.items()):
        client = clients.setdefault(persona, world(persona))
        problems += fuzz_page(client, name, path)
    assert problems == [], "\n\n".join(problems[:20])
