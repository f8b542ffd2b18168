"""Pages: who may do what, the job flow, the broker being down, query counts."""

import pytest
from django.urls import reverse

from rapporter.models import Arsrapport, JobbStatus, Rapportjobb, Rapportversion, Uppfoljningsplan
from tests.querycount import count_queries
from tests.rapporter.conftest import pdf_text
from tests.rapporter.fixtures import build_more

pytestmark = pytest.mark.django_db


def test_managers_and_strategists_see_reports_in_the_menu(client, alice, charlotte, sam, sixten):
    for user, sees in ((alice, True), (charlotte, True), (sam, False), (sixten, False)):
        client.force_login(user)
        response = client.get(reverse("home"))
        assert (reverse("rapporter:index") in response.content.decode()) is sees, user
        status = client.get(reverse("rapporter:index")).status_code
        assert status == (200 if sees else 403), user


def test_a_strategist_creates_a_report_with_standard_wording(client, alice):
    client.force_login(alice)
    response = client.post(reverse("rapporter:create", args=["arsrapport"]), {"rapport-ar": 2024})
    rapport = Arsrapport.objects.get(ar=2024)
    assert response.url == rapport.get_absolute_url()
    assert "lägga rapporten till handlingarna" in rapport.forslag_till_beslut
    assert rapport.history.first().history_user == alice
    again = client.post(
        reverse("rapporter:create", args=["arsrapport"]), {"rapport-ar": 2024}, follow=True
    )
    assert "Det finns redan en årsrapport för 2024" in again.content.decode()


def test_a_manager_may_not_create_or_edit(client, charlotte, year):
    client.force_login(charlotte)
    assert (
        client.post(reverse("rapporter:create", args=["plan"]), {"plan-ar": 2025}).status_code
        == 403
    )
    assert client.get(reverse("rapporter:edit", args=["arsrapport", 2024])).status_code == 403
    assert client.post(reverse("rapporter:draft", args=["arsrapport", 2024])).status_code == 403
    assert not Uppfoljningsplan.objects.exists()


def test_editing_keeps_history_and_refuses_identity_numbers(client, alice, year):
    client.force_login(alice)
    url = reverse("rapporter:edit", args=["arsrapport", 2024])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["datum"] = "2025-01-08"
    data["bedomning"] = "Placerad 19850101-1236 är nöjd."
    response = client.post(url, data)
    assert response.status_code == 200
    assert "personnummer" in response.content.decode()
    data["bedomning"] = "Leverantörerna håller god kvalitet."
    assert client.post(url, data).status_code == 302
    rapport = Arsrapport.objects.get(ar=2024)
    assert rapport.bedomning == "Leverantörerna håller god kvalitet."
    assert rapport.history.first().history_user == alice


def test_the_draft_fills_only_empty_fields(client, alice, year):
    rapport = year["rapport"]
    rapport.arendet = ""
    rapport.bakgrund = ""
    rapport.save()
    client.force_login(alice)
    client.post(reverse("rapporter:draft", args=["arsrapport", 2024]))
    rapport.refresh_from_db()
    # The agreement count is printed right after the background; the draft leaves it there.
    assert rapport.bakgrund and "gällde" not in rapport.bakgrund
    assert "Ramavtalen HVB barn och unga har varit föremål för särskild uppföljning 2024" in (
        rapport.arendet
    )
    assert rapport.bedomning == "Majoriteten av leverantörerna uppvisar god kvalitet."


def test_the_preview_shows_the_report_in_constant_queries(client, charlotte, alice, year):
    client.force_login(charlotte)
    url = reverse("rapporter:preview", args=["arsrapport", 2024])
    response = client.get(url)
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "1 av 2 planerade uppföljningar genomfördes" in html
    assert "<svg" in html and '<title id="diagram-beslut-title">' in html
    before = count_queries(client, url)
    build_more(alice, year)
    assert count_queries(client, url) == before


def test_download_runs_as_a_job_and_serves_the_pdf(client, charlotte, year, eager_celery):
    client.force_login(charlotte)
    response = client.post(reverse("rapporter:order", args=["arsrapport", 2024, "pdf"]))
    jobb = Rapportjobb.objects.get()
    assert response.url == jobb.get_absolute_url()
    assert jobb.status == JobbStatus.KLAR
    status = client.get(jobb.get_absolute_url() + "?format=json").json()
    assert status["status"] == "klar" and status["framsteg"] == 100
    pdf = client.get(status["download_url"])
    assert pdf["Content-Disposition"].startswith("attachment")
    assert "Uppföljning av privata utförare 2024" in pdf_text(b"".join(pdf.streaming_content))
    page = client.get(jobb.get_absolute_url()).content.decode()
    assert "Ladda ner PDF" in page and 'src="/static/js/rapportjobb.js"' in page


def test_a_queued_job_page_works_without_javascript(client, charlotte, year):
    client.force_login(charlotte)
    client.post(reverse("rapporter:order", args=["arsrapport", 2024, "pdf"]))
    jobb = Rapportjobb.objects.get()
    assert jobb.status == JobbStatus.VANTAR  # nobody ran it: the filesystem broker holds it
    page = client.get(jobb.get_absolute_url()).content.decode()
    assert "Uppdatera sidan" in page
    assert client.get(reverse("rapporter:jobb_pdf", args=[jobb.pk])).status_code == 404


def test_another_user_cannot_follow_my_job(client, charlotte, alice, year):
    client.force_login(charlotte)
    client.post(reverse("rapporter:order", args=["arsrapport", 2024, "pdf"]))
    client.force_login(alice)
    jobb = Rapportjobb.objects.get()
    # As for a missing id: the answer does not tell that the job exists.
    assert client.get(jobb.get_absolute_url()).status_code == 404
    assert client.get(reverse("rapporter:jobb_pdf", args=[jobb.pk])).status_code == 404
    assert client.get(reverse("rapporter:jobb", args=[jobb.pk + 1000])).status_code == 404


def test_with_the_broker_down_it_says_so_in_swedish(client, charlotte, year, settings):
    from uppfoljning.celery import app

    # A real Redis URL on a port where nothing listens; publishing gives up quickly.
    # broker_write_url, because a namespaced CELERY_BROKER_URL shadows broker_url.
    conf = app.conf
    saved = (conf.broker_write_url, conf.broker_transport_options, conf.broker_connection_timeout)
    conf.broker_write_url = "redis://127.0.0.1:1/12"
    conf.broker_transport_options = {}
    conf.broker_connection_timeout = 1
    conf.task_publish_retry = False
    app._pool = app.amqp._producer_pool = None
    try:
        client.force_login(charlotte)
        response = client.post(
            reverse("rapporter:order", args=["arsrapport", 2024, "pdf"]), follow=True
        )
    finally:
        conf.broker_write_url, conf.broker_transport_options = saved[0], saved[1]
        conf.broker_connection_timeout = saved[2]
        conf.task_publish_retry = True
        app._pool = app.amqp._producer_pool = None
    assert "bakgrundstjänsten svarar inte" in response.content.decode()
    assert Rapportjobb.objects.get().status == JobbStatus.MISSLYCKAD


def test_only_chef_and_strateg_may_freeze(client, charlotte, sam, year, eager_celery):
    url = reverse("rapporter:order", args=["arsrapport", 2024, "faststall"])
    client.force_login(sam)
    assert client.post(url).status_code == 403
    client.force_login(charlotte)
    client.post(url)
    version = Rapportversion.objects.get()
    assert version.faststalld_av == charlotte
    detail = client.get(reverse("rapporter:arsrapport", args=[2024])).content.decode()
    assert "Ladda ner version 1" in detail


def test_the_plan_page_warns_proposes_and_saves_marks(client, alice, year):
    from rapporter.services import plan_skapa

    plan = plan_skapa(ar=2025, user=alice)
    client.force_login(alice)
    url = reverse("rapporter:plan", args=[2025])
    html = client.get(url).content.decode()
    assert "Stödboende för ungdomar: avtalsperioden slutar 2026-10-31 utan någon särskild" in html
    assert "Förslag" in html
    field = f"plan-x_{year['stod'].pk}_2025"
    assert client.post(url, {field: "on"}).status_code == 302
    assert plan.planerade.get().ar == 2025
    html = client.get(url).content.decode()
    assert "Stödboende för ungdomar: avtalsperioden slutar" not in html
    assert count_queries(client, url) <= 20


def test_the_detail_and_index_pages_cost_constant_queries(client, charlotte, alice, year):
    from rapporter.services import rapport_faststall

    client.force_login(charlotte)
    detail = reverse("rapporter:arsrapport", args=[2024])
    index = reverse("rapporter:index")
    before = (count_queries(client, detail), count_queries(client, index))
    rapport_faststall(dokument=year["rapport"], user=charlotte)
    rapport_faststall(dokument=year["rapport"], user=alice)
    client.post(reverse("rapporter:order", args=["arsrapport", 2024, "pdf"]))
    from rapporter.services import plan_skapa

    plan_skapa(ar=2025, user=alice)
    assert (count_queries(client, detail), count_queries(client, index)) == before


def test_freezing_is_refused_while_required_sections_are_empty(client, charlotte, year):
    rapport = year["rapport"]
    rapport.arendet = ""
    rapport.bedomning = "  "
    rapport.save()
    client.force_login(charlotte)
    response = client.post(
        reverse("rapporter:order", args=["arsrapport", 2024, "faststall"]), follow=True
    )
    text = response.content.decode()
    assert "kan inte fastställas förrän följande är ifyllt: ärendet, bedömning och slutsatser." in (
        text
    )
    assert not Rapportjobb.objects.exists()
    assert not Rapportversion.objects.exists()


def test_the_preview_marks_an_empty_section_for_the_writer(client, charlotte, year):
    rapport = year["rapport"]
    rapport.bakgrund = ""
    rapport.save()
    client.force_login(charlotte)
    html = client.get(reverse("rapporter:preview", args=["arsrapport", 2024])).content.decode()
    assert html.count("[Avsnittet är inte ifyllt.]") == 1


def test_a_job_left_running_by_a_dead_worker_fails_instead_of_running_for_ever(
    client, charlotte, year, settings
):
    import datetime

    from django.utils import timezone

    from rapporter.services import job_run

    client.force_login(charlotte)
    client.post(reverse("rapporter:order", args=["arsrapport", 2024, "pdf"]))
    jobb = Rapportjobb.objects.get()
    # The worker claimed it and was killed: the row says "pågår" and nobody finishes it.
    Rapportjobb.objects.filter(pk=jobb.pk).update(status=JobbStatus.PAGAR, framsteg=20)
    status_url = jobb.get_absolute_url() + "?format=json"
    assert client.get(status_url).json()["status"] == "pagar"  # not old yet

    Rapportjobb.objects.filter(pk=jobb.pk).update(
        skapad=timezone.now() - datetime.timedelta(seconds=settings.REPORT_JOB_TIMEOUT + 1)
    )
    status = client.get(status_url).json()
    assert status["status"] == "misslyckad" and "Beställ den igen" in status["fel"]
    # A late re-delivery of the message does not start it again.
    assert job_run(jobb.pk) is False
    assert Rapportjobb.objects.get().status == JobbStatus.MISSLYCKAD


def test_a_second_freeze_while_the_first_is_under_way_orders_nothing(client, charlotte, year):
    client.force_login(charlotte)
    url = reverse("rapporter:order", args=["arsrapport", 2024, "faststall"])
    first = client.post(url)
    jobb = Rapportjobb.objects.get()
    assert first.url == jobb.get_absolute_url()
    second = client.post(url)
    assert Rapportjobb.objects.count() == 1
    assert second.url == jobb.get_absolute_url()


def test_a_user_who_left_the_role_no_longer_gets_their_job(client, charlotte, year, eager_celery):
    client.force_login(charlotte)
    client.post(reverse("rapporter:order", args=["arsrapport", 2024, "pdf"]))
    jobb = Rapportjobb.objects.get()
    response = client.get(reverse("rapporter:jobb_pdf", args=[jobb.pk]))
    assert response.status_code == 200
    # Consuming the stream lets the test client close it; response.close() would
    # fire request_finished and close the test's database connection (PostgreSQL).
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    charlotte.groups.clear()
    client.force_login(charlotte)
    assert client.get(reverse("rapporter:jobb_pdf", args=[jobb.pk])).status_code == 403
    assert client.get(jobb.get_absolute_url()).status_code == 403
