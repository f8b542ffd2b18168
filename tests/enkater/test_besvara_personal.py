"""Staff surveys answered logged in, and anonymity: nothing links a person to an answer."""

import datetime

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import models
from django.urls import reverse

from enkater.models import FragaTyp, Malgrupp, Mottagare, Svar, SvarStatus, SvarVarde, UtskickStatus
from enkater.versioner import frys
from tests.clock import DEFAULT
from tests.enkater.factories import FragaFactory, SektionFactory, UtskickFactory
from tests.factories import LeverantorFactory

# The dates below are written out around the suite's default day (tests/clock.py).
pytestmark = pytest.mark.today(DEFAULT)


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def _staff_survey(user, anonymt):
    sektion = SektionFactory(
        version__formular__malgrupp=Malgrupp.PERSONAL, version__formular__anonymt=anonymt
    )
    skala = FragaFactory(
        sektion=sektion,
        typ=FragaTyp.SKALA,
        text="Hur nöjd är du med samarbetet?",
        skala_min_etikett="Inte alls",
        skala_max_etikett="Mycket",
        obligatorisk=True,
    )
    text = FragaFactory(sektion=sektion, typ=FragaTyp.LANG_TEXT, text="Kommentar")
    frys(sektion.version)
    utskick = UtskickFactory(version=sektion.version, status=UtskickStatus.SKICKAT)
    mottagare = Mottagare.objects.create(
        utskick=utskick, leverantor=LeverantorFactory(), anvandare=user
    )
    return mottagare, skala, text


def test_my_surveys_list_and_someone_elses_is_404(client, sixten, sam):
    mine, _skala, _text = _staff_survey(sixten, anonymt=False)
    client.force_login(sixten)
    page = client.get(reverse("enkater:personal_lista")).content.decode()
    assert mine.utskick.version.formular.namn in page
    assert client.get(reverse("enkater:personal_svara", args=[mine.pk])).status_code == 200
    client.force_login(sam)
    assert client.get(reverse("enkater:personal_svara", args=[mine.pk])).status_code == 404
    assert (
        mine.utskick.version.formular.namn
        not in client.get(reverse("enkater:personal_lista")).content.decode()
    )


def test_a_named_staff_answer_is_kept_with_its_recipient(client, sixten):
    mottagare, skala, text = _staff_survey(sixten, anonymt=False)
    client.force_login(sixten)
    url = reverse("enkater:personal_svara", args=[mottagare.pk])
    page = client.get(url).content.decode()
    assert "1 – Inte alls" in page and "5 – Mycket" in page
    response = client.post(url, {f"fraga_{skala.pk}": "4", "skicka": "1"})
    assert response.status_code == 302
    assert Svar.objects.get(mottagare=mottagare).status == SvarStatus.INSKICKAT
    mottagare.refresh_from_db()
    assert mottagare.forsta_besok is not None


def _user_fk_columns(model):
    user_model = apps.get_model(django_settings.AUTH_USER_MODEL)
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is user_model
    ]


def _answer_fk_columns(model):
    return [
        (f.attname, f.related_model)
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model in (Svar, SvarVarde, Mottagare)
    ]


def test_an_anonymous_answer_cannot_be_linked_to_the_person(client, sixten):
    mottagare, skala, text = _staff_survey(sixten, anonymt=True)
    client.force_login(sixten)
    url = reverse("enkater:personal_svara", args=[mottagare.pk])
    client.get(url)
    client.post(url, {f"fraga_{text.pk}": "Ett utkast", "spara": "1"})
    response = client.post(
        url, {f"fraga_{skala.pk}": "2", f"fraga_{text.pk}": "Svårt att nå dem", "skicka": "1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ditt svar är anonymt" in page and "Svårt att nå dem" in page

    mottagare.refresh_from_db()
    assert mottagare.besvarad
    assert mottagare.forsta_besok is None and mottagare.senaste_besok is None  # no visit times
    anonymous = Svar.objects.get()
    assert anonymous.mottagare_id is None
    assert anonymous.status == SvarStatus.INSKICKAT
    assert anonymous.inskickad == datetime.date(2026, 11, 20)
    assert anonymous.senast_sparad is None
    answer_ids = {
        Svar: {anonymous.pk},
        SvarVarde: set(anonymous.varden.values_list("pk", flat=True)),
    }
    answer_ids[Mottagare] = set()  # no row links the answer to the recipient either
    assert len(answer_ids[SvarVarde]) == 2

    # Every table: no row both names the person and points at the answer, and the
    # answer's own rows, the history tables, the access log and the admin log hold
    # neither the user's id nor the username.
    for model in apps.get_models(include_auto_created=True):
        user_columns = _user_fk_columns(model)
        answer_columns = _answer_fk_columns(model)
        if model in (Svar, SvarVarde):
            for row in model.objects.values():
                assert all(row[c] != sixten.pk for c in user_columns), model
                texts = [v for v in row.values() if isinstance(v, str)]
                assert not any(sixten.username in v for v in texts), model
        for row in model._default_manager.values():
            names_person = any(row.get(c) == sixten.pk for c in user_columns)
            points_at_answer = any(
                row.get(c) in answer_ids[related] for c, related in answer_columns
            )
            if model is Mottagare:
                points_at_answer = Svar.objects.filter(mottagare_id=row["id"]).exists()
            assert not (names_person and points_at_answer), f"{model._meta.label}: {row}"
    from django.contrib.admin.models import LogEntry

    from uppfoljning.models import Atkomsthandelse

    assert not LogEntry.objects.filter(user=sixten).exists()
    assert not Atkomsthandelse.objects.filter(user=sixten).exists()
    history_models = [
        m
        for m in apps.get_models()
        if m.__name__.startswith("Historical") and hasattr(m, "history_user_id")
    ]
    for model in history_models:
        assert not model.objects.filter(history_user_id=sixten.pk).exists(), model

    # Submitting again changes nothing, and the page shows nothing of the answer.
    again = client.post(url, {f"fraga_{skala.pk}": "5", "skicka": "1"})
    assert again.status_code == 200
    assert "Ditt svar är anonymt" in again.content.decode()
    assert "Svårt att nå dem" not in again.content.decode()
    assert Svar.objects.count() == 1


def test_my_list_costs_the_same_queries_however_many_surveys(client, sixten):
    from tests.querycount import count_queries

    _staff_survey(sixten, anonymt=False)
    client.force_login(sixten)
    before = count_queries(client, reverse("enkater:personal_lista"))
    for anonymt in (True, False, True):
        _staff_survey(sixten, anonymt=anonymt)
    assert count_queries(client, reverse("enkater:personal_lista")) == before
