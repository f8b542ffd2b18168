"""Every form of the application, fed hostile values: never a 500, never a partial write.

The forms are found by crawling (tests/fuzz/pages.py), not listed. Each is
posted to 25 times with values from tests/fuzz/hostile.py mixed with its own
valid choices, as the first persona that could open it. A success redirects
(and may write); any other answer must leave every table as it was.
"""

import traceback

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.hostile import FUZZ, HOSTILE_FILES, changed, snapshot, value_for
from tests.fuzz.pages import crawl

# Pages every deployment has, so the crawl must find them (a broken crawl
# would otherwise "pass" by fuzzing nothing).
MUST_FIND = {
    "ramavtal:create",
    "leverantorer:create",
    "leverantorer:import",
    "leverantorer:placering_create",
    "leverantorer:beslut_create",
    "arenden:avvikelse_create",
    "arenden:signal_create",
    "arenden:handelsstyrd_create",
    "arenden:stickprov_create",
    "arenden:avrop_ivo",
    "arenden:avrop_kredit",
    "arenden:brist_create",
    "kontroller:kontrollfil",
    "rapporter:edit",
    "administration:anvandare_create",
}


class _Rollback(Exception):
    pass


def _fields(page):
    """{name: (kind, valid values)} of the page's form, checkbox groups as one."""
    fields = {}
    for f in page.form.fields:
        if f.name == "csrfmiddlewaretoken":
            continue
        kind, valid = fields.get(f.name, (f.kind, []))
        valid = [*valid, *(f.options or ([f.value] if f.value else []))]
        fields[f.name] = (kind, valid)
    return fields


def _strategy(page):
    parts = {}
    for name, (kind, valid) in _fields(page).items():
        if kind == "file":
            parts[name] = st.sampled_from(HOSTILE_FILES)
        elif kind == "checkbox":
            parts[name] = st.lists(value_for(valid), max_size=3)
        else:
            parts[name] = value_for(valid)
    return st.fixed_dictionaries(parts)


def _post(client, page, data):
    payload = {}
    for name, value in data.items():
        if isinstance(value, tuple):  # a file
            payload[name] = SimpleUploadedFile(value[0], value[1])
        else:
            payload[name] = value
    return client.post(page.form.action, payload)


def fuzz_page(client, page, statuses):
    """Problems found on one form page (empty if none); counts answers in `statuses`."""
    problems = []

    @FUZZ
    @given(_strategy(page))
    def run(data):
        try:
            with transaction.atomic():
                before = snapshot()
                try:
                    response = _post(client, page, data)
                except Exception:  # noqa: BLE001 - a 500: recorded with its cause
                    problems.append(f"{page}: 500 for {data!r:.300}\n{traceback.format_exc(-3)}")
                    raise _Rollback from None
                success = response.status_code in (301, 302, 303)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if response.status_code >= 500:
                    problems.append(f"{page}: {response.status_code} for {data!r:.300}")
                elif not success:
                    diff = changed(before, snapshot())
                    if diff:
                        problems.append(
                            f"{page}: {response.status_code} but wrote {diff} for {data!r:.300}"
                        )
                raise _Rollback  # each example starts from the same world
        except _Rollback:
            pass

    run()
    return problems


def test_every_form_survives_hostile_input_without_a_500_or_a_partial_write(world):
    pages, _views = crawl(world)
    names = {page.view_name for page in pages}
    assert names >= MUST_FIND, MUST_FIND - names
    clients = {}
    problems, statuses = [], {}
    for page in pages:
        client = clients.setdefault(page.persona, world(page.persona))
        problems += fuzz_page(client, page, statuses)
    assert problems == [], "\n\n".join(problems[:20])
    # Both answers were reached: refusals, and valid choices mixed in far
    # enough to pass validation and write (then rolled back).
    assert statuses.get(200, 0) > 200
    assert statuses.get(302, 0) > 20, statuses
