"""WeasyPrint reads only the application's own static files."""

import pytest

from rapporter.pdf import BASE_URL, RefusedURL, StaticOnlyFetcher, html_to_pdf, static_path_for
from tests.rapporter.conftest import pdf_text


def test_it_serves_the_stylesheet_and_the_font():
    fetcher = StaticOnlyFetcher()
    css = fetcher.fetch(BASE_URL + "static/css/print.css")
    assert b"@font-face" in css.read()
    assert css.content_type == "text/css"
    font = fetcher.fetch(BASE_URL + "static/fonts/DejaVuSans.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType file


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/wt7/static/css/print.css",  # even our own file, as a file:// path
        "http://127.0.0.1:8000/static/css/print.css",
        "https://example.org/static/css/print.css",
        BASE_URL + "static/../../../../etc/passwd",
        BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
        BASE_URL + "media/rapporter/secret.pdf",
        BASE_URL + "static/css/does-not-exist.css",
        "data:text/css,body{color:red}",
    ],
)
def test_it_refuses_everything_else(url):
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher().fetch(url)


def test_a_symlink_out_of_static_is_refused(settings, tmp_path):
    static = tmp_path / "static"
    static.mkdir()
    (static / "ok.css").write_text("p{}")
    (static / "leak.txt").symlink_to("/etc/hostname")
    settings.STATICFILES_DIRS = [static]
    assert static_path_for(BASE_URL + "static/ok.css").name == "ok.css"
    with pytest.raises(RefusedURL):
        static_path_for(BASE_URL + "static/leak.txt")


def test_a_document_pointing_at_local_files_renders_without_them(tmp_path, caplog):
    secret = tmp_path / "secret.txt"
    secret.write_text("HEMLIGT-INNEHALL")
    (tmp_path / "evil.css").write_text('body::after { content: "FRAN-FIL-CSS"; }')
    paths = [f"file://{secret}", f"file://{tmp_path / 'evil.css'}", "http://127.0.0.1:9/x"]
    links = "".join(f'<link rel="stylesheet" href="{p}">' for p in paths)
    embeds = "".join(f'<img src="{p}" alt="x"><object data="{p}">x</object>' for p in paths)
    html = (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Test</title>'
        f'<link rel="stylesheet" href="/static/css/print.css">{links}</head>'
        f"<body><p>Bara statiska filer</p>{embeds}</body></html>"
    )
    text = pdf_text(html_to_pdf(html))
    assert "Bara statiska filer" in text
    assert "HEMLIGT-INNEHALL" not in text
    assert "FRAN-FIL-CSS" not in text
    assert "Rapporten får bara läsa programmets egna statiska filer" in caplog.text


@pytest.mark.django_db
def test_the_optional_logo_is_read_from_static_files(settings, alice):
    from rapporter.documents import document_html, document_pdf
    from rapporter.models import Dokumenttyp
    from tests.rapporter.fixtures import build_year

    rapport = build_year(alice)["rapport"]
    settings.REPORT_LOGO = "favicon.svg"
    html = document_html(Dokumenttyp.ARSRAPPORT, rapport)
    assert '<img src="/static/favicon.svg" alt="Exempelkommunen">' in html
    with_logo = document_pdf(Dokumenttyp.ARSRAPPORT, rapport).pdf
    settings.REPORT_LOGO = ""
    without = document_pdf(Dokumenttyp.ARSRAPPORT, rapport).pdf
    assert "<img" not in document_html(Dokumenttyp.ARSRAPPORT, rapport).split("<main>")[1][:2000]
    # The logo is drawn: the first page carries more content with it.
    import io

    from pypdf import PdfReader

    def first_page_size(data):
        return len(PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data())

    assert first_page_size(with_logo) > first_page_size(without)
