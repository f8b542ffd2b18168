"""The e-mails of a send-out: the first letter, a new link, and the reminders.

Swedish plain text with a simple HTML alternative, no tracking pixel. A letter
to an external recipient carries the personal link (SITE_URL + the answer
page's path with the token); the token exists only in that letter, the
database keeps its hash. A colleague's letter links to their page in the
application (they log in), with no token.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from administration.kommun import aktuell


def besvara_path(token):
    return reverse("enkater:besvara", args=[token])


def personal_path(mottagare):
    return reverse("enkater:personal_svara", args=[mottagare.pk])


def lank_for(mottagare, token=None):
    """The absolute link a letter carries: the personal link, or the colleague's page."""
    path = personal_path(mottagare) if not mottagare.extern else besvara_path(token)
    return f"{settings.SITE_URL}{path}"


def _message(template, subject, mottagare, utskick, *, kommun=None, **extra):
    context = {
        "mottagare": mottagare,
        "utskick": utskick,
        "formular": utskick.version.formular,
        "kommun": kommun or aktuell().namn,
        **extra,
    }
    body = render_to_string(f"enkater/utskick/{template}.txt", context)
    html = render_to_string(f"enkater/utskick/{template}.html", context)
    to = mottagare.anvandare.email if mottagare.anvandare_id else mottagare.epost
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def utskick_brev(mottagare, utskick, token=None, *, ny_lank=False, kommun=None):
    """The first letter (or the letter with a new link)."""
    subject = f"{'Ny länk: ' if ny_lank else ''}Frågeformulär – {utskick.version.formular.namn}"
    return _message(
        "epost",
        subject,
        mottagare,
        utskick,
        lank=lank_for(mottagare, token),
        ny_lank=ny_lank,
        kommun=kommun,
    )


TILLFALLE_RUBRIK = {
    "fore": "Påminnelse",
    "sista_dag": "Sista dagen att svara",
}


def paminnelse_brev(mottagare, utskick, tillfalle, *, kommun=None):
    """A reminder: a colleague gets the link to their page, an external recipient no link."""
    subject = f"{TILLFALLE_RUBRIK[tillfalle]}: {utskick.version.formular.namn}"
    lank = None if mottagare.extern else lank_for(mottagare)
    return _message(
        "paminnelse", subject, mottagare, utskick, lank=lank, tillfalle=tillfalle, kommun=kommun
    )
