"""The municipality's settings: one row over the environment, shown everywhere."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from administration.kommun import Kommun, aktuell
from administration.models import Kommuninstallning


def png(width=120, height=60, color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(content, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


SETTINGS = {
    "kommunens_namn": "Norrvik kommun",
    "forvaltning": "Socialförvaltningen Norrvik",
    "namnd": "socialnämnden i Norrvik",
    "diarienummer_prefix": "SN",
}


@pytest.mark.django_db
def test_without_a_row_the_environment_is_the_default(settings):
    settings.MUNICIPALITY_NAME = "Miljökommunen"
    settings.REPORT_FORVALTNING = "Miljöförvaltningen"
    settings.REPORT_NAMND = "miljönämnden"
    settings.REPORT_LOGO = "favicon.svg"
    assert aktuell() == Kommun(
        namn="Miljökommunen",
        forvaltning="Miljöförvaltningen",
        namnd="miljönämnden",
        logo_static="favicon.svg",
    )
    assert aktuell().logo_url == "/static/favicon.svg"
    # An empty field in the row still falls back on the environment.
    Kommuninstallning.objects.create(forvaltning="Omsorgsförvaltningen")
    kommun = aktuell()
    assert (kommun.namn, kommun.forvaltning, kommun.namnd) == (
        "Miljökommunen",
        "Omsorgsförvaltningen",
        "miljönämnden",
    )


@pytest.mark.django_db
def test_the_administrator_saves_the_settings_with_a_logo_and_history(client, ada, media):
    client.force_login(ada)
    url = reverse("administration:kommun")
    assert "Kommunens inställningar" in client.get(url).text
    response = client.post(url, {**SETTINGS, "logotyp": upload(png())})
    assert response.status_code == 302
    kommun = aktuell()
    assert kommun.namn == "Norrvik kommun"
    assert kommun.namnd == "socialnämnden i Norrvik"
    assert kommun.diarienummer_prefix == "SN"
    assert kommun.logo_path.read_bytes() == png()
    assert kommun.logo_path.is_relative_to(media)
    assert kommun.logo_path.suffix == ".png"
    assert "<td>Ada</td>" in client.get(url).text
    client.post(url, {**SETTINGS, "namnd": "omsorgsnämnden"})
    assert aktuell().logo_path.read_bytes() == png()  # kept when no new file is sent
    page = client.get(url).text
    assert "Nämnd: socialnämnden i Norrvik → omsorgsnämnden" in page
    assert "Ändrad: " not in page  # no timestamp noise among the changed fields


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"x" * (1024 * 1024 + 1),
            "logo.png",
            "Filen är för stor (1,0 MB). Logotypen får vara högst 1 MB.",
        ),
        (b"%PDF-1.4 not an image", "logo.png", "Filen kunde inte läsas som en bild."),
        (png(), "logo.gif", "Filändelsen"),
        (png(5000, 20), "logo.png", "Bilden är 5000 × 20 bildpunkter."),
    ],
    ids=["too-large", "not-an-image", "wrong-extension", "too-wide"],
)
def test_a_bad_logo_is_refused_and_nothing_is_written(client, ada, media, content, name, message):
    client.force_login(ada)
    response = client.post(
        reverse("administration:kommun"), {**SETTINGS, "logotyp": upload(content, name)}
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Kommuninstallning.objects.exists()
    assert not Kommuninstallning.history.exists()
    assert not (media / "kommun").exists()
    assert aktuell().namn == "Exempelkommunen"


@pytest.mark.django_db
def test_a_gif_renamed_to_png_is_refused(client, ada):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40)).save(buffer, format="GIF")
    client.force_login(ada)
    response = client.post(
        reverse("administration:kommun"), {**SETTINGS, "logotyp": upload(buffer.getvalue())}
    )
    assert "Logotypen måste vara en PNG- eller JPEG-bild." in response.text


@pytest.mark.django_db
def test_the_page_header_shows_the_name_and_the_logo(client, ada, alice):
    Kommuninstallning.objects.create(
        kommunens_namn="Norrvik kommun", logotyp=upload(png(), "logotyp.png")
    )
    client.force_login(alice)
    page = client.get(reverse("home")).text
    kommun = aktuell()
    assert '<span class="brand__kommun">Norrvik kommun</span>' in page
    assert f'<img class="brand__logo" src="{kommun.logo_url}" alt="">' in page
    logo = client.get(kommun.logo_url)
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content) == png()
    # The login page names the municipality but does not fetch the protected logo.
    client.logout()
    login = client.get(reverse("login")).text
    assert "Norrvik kommun" in login and "brand__logo" not in login


@pytest.mark.django_db
def test_a_rendered_pdf_shows_the_municipality_and_its_logo(ada, alice):
    from rapporter.documents import document_html, document_pdf
    from rapporter.models import Dokumenttyp
    from rapporter.services import plan_skapa
    from tests.rapporter.conftest import pdf_text

    Kommuninstallning.objects.create(
        kommunens_namn="Norrvik kommun",
        forvaltning="Socialförvaltningen Norrvik",
        logotyp=upload(png(), "logotyp.png"),
    )
    plan = plan_skapa(ar=2025, user=alice)
    html = document_html(Dokumenttyp.PLAN, plan)
    assert f'<img src="{aktuell().logo_url}" alt="Norrvik kommun">' in html
    pdf = document_pdf(Dokumenttyp.PLAN, plan).pdf
    assert "Norrvik kommun" in pdf_text(pdf)
    assert "Socialförvaltningen Norrvik" in pdf_text(pdf)
    first_page = PdfReader(io.BytesIO(pdf)).pages[0]
    xobjects = first_page["/Resources"]["/XObject"]
    images = [x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]
    assert [(i["/Width"], i["/Height"]) for i in images] == [(120, 60)]


@pytest.mark.django_db
def test_the_pdf_fetcher_reads_no_other_media_file(media):
    from rapporter.pdf import BASE_URL, RefusedURL, StaticOnlyFetcher

    media.mkdir(parents=True)
    (media / "hemlig.png").write_bytes(png())
    # No logo uploaded: the logo URL is refused, and media files stay unreachable.
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher().fetch(BASE_URL + "administration/kommun/logotyp/")
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher().fetch(BASE_URL + "media/hemlig.png")


@pytest.mark.django_db
def test_diarienummer_fields_start_with_the_prefix(client, alice):
    from ramavtal.forms import RamavtalForm
    from rapporter.forms import UppfoljningsplanForm
    from rapporter.models import Uppfoljningsplan

    assert RamavtalForm().initial.get("diarienummer", "") == ""
    Kommuninstallning.objects.create(diarienummer_prefix="SN")
    assert RamavtalForm().initial["diarienummer"] == "SN-"
    assert UppfoljningsplanForm(instance=Uppfoljningsplan(ar=2025)).initial["diarienummer"] == "SN-"
    filled = Uppfoljningsplan(ar=2025, diarienummer="SN-2025-0012")
    assert UppfoljningsplanForm(instance=filled).initial["diarienummer"] == "SN-2025-0012"
    # The prefix alone, left untouched, is not a diarienummer.
    form = RamavtalForm(data={"diarienummer": "SN-"})
    form.is_valid()
    assert form.errors["diarienummer"] == ["Skriv hela diarienumret, inte bara prefixet."]


@pytest.mark.django_db
def test_the_logo_can_be_removed_and_the_environment_default_returns(client, ada, settings):
    settings.REPORT_LOGO = ""
    Kommuninstallning.objects.create(kommunens_namn="Norrvik kommun", logotyp=upload(png()))
    client.force_login(ada)
    url = reverse("administration:kommun")
    page = client.get(url).text
    assert "Ta bort logotypen" in page
    assert 'href="/kommun/' not in page  # no link into the unserved media folder
    assert client.post(url, {**SETTINGS, "logotyp-clear": "on"}).status_code == 302
    assert aktuell().logo_url == ""
    assert client.get(reverse("administration:logotyp")).status_code == 404
