"""One renderer for the committee's documents: HTML for the preview, PDF from the same HTML.

WeasyPrint may read only the application's own static files (the stylesheet,
the shipped font, the optional logo): `StaticOnlyFetcher` maps
/static/... under a fixed, unresolvable base URL onto the static
directories and refuses everything else — file:// paths, other hosts, data
the register might hold, path traversal. Nothing is fetched over a network.
The one exception is the logo uploaded on the municipality's settings page:
its page URL (administration:logotyp) maps to exactly that file under
MEDIA_ROOT, so the preview (in the browser) and the PDF show the same image.
"""

import mimetypes
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from administration.kommun import aktuell

# The document's base URL: a reserved name (RFC 6761) so a URL that slips
# through could never reach a real host.
BASE_URL = "https://rapport.invalid/"
ARCHIVE_VARIANT = "pdf/a-3b"


class RefusedURL(ValueError):
    """The document asked for something outside the application's static files."""


def static_roots():
    """Directories the fetcher may read from: STATICFILES_DIRS, app static dirs, STATIC_ROOT."""
    roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return list(dict.fromkeys(roots))


def static_path_for(url):
    """The file a /static/ URL under BASE_URL names, or RefusedURL."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        raise RefusedURL(f"Rapporten får bara läsa programmets egna statiska filer: {url}")
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(prefix):
        raise RefusedURL(f"Rapporten får bara läsa programmets egna statiska filer: {url}")
    relative = path[len(prefix) :]
    found = finders.find(relative) if ".." not in Path(relative).parts else None
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / relative
        found = str(candidate) if candidate.is_file() else None
    if not found:
        raise RefusedURL(f"Filen finns inte bland de statiska filerna: {url}")
    resolved = Path(found).resolve()
    # Symlinks or odd names must still land inside a static directory.
    if not any(resolved.is_relative_to(root) for root in static_roots()):
        raise RefusedURL(f"Filen ligger utanför de statiska katalogerna: {url}")
    return resolved


def uploaded_logo_path_for(url):
    """The uploaded logo's file if the URL is its page URL under BASE_URL, else None."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    if unquote(parts.path) != reverse("administration:logotyp"):
        return None
    path = aktuell().logo_path  # None unless a logo lies inside MEDIA_ROOT
    if path is None:
        raise RefusedURL(f"Ingen uppladdad logotyp finns: {url}")
    return path


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only the application's static files
    (and the municipality's uploaded logo)."""

    def fetch(self, url, headers=None):
        path = uploaded_logo_path_for(url) or static_path_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": content_type}, status=200
        )


@dataclass
class Rendered:
    html: str
    pdf: bytes


def render_html(template_name, context):
    """The document's HTML (the preview shows exactly what the PDF will show)."""
    return render_to_string(template_name, {**context, "for_print": True})


def html_to_pdf(html, *, archive=False):
    """WeasyPrint's part: lay out the HTML as A4 and write the PDF bytes."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    if not archive:
        return document.write_pdf()
    # WeasyPrint 70 opens its sRGB profile for PDF/A and never closes the file;
    # the ResourceWarning is raised (and freed) inside write_pdf. Not ours to fix.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        return document.write_pdf(pdf_variant=ARCHIVE_VARIANT)


def render_pdf(template_name, context, *, archive=False):
    """Render a document to both HTML and PDF; archive=True gives PDF/A-3b."""
    html = render_html(template_name, context)
    return Rendered(html=html, pdf=html_to_pdf(html, archive=archive))
