"""Assemble each document's context from its data, charts and stored narrative."""

from administration.kommun import aktuell
from rapporter import charts
from rapporter.arsrapport import arsrapport_data
from rapporter.models import Arsrapport, Dokumenttyp, Uppfoljningsplan
from rapporter.pdf import render_html, render_pdf
from rapporter.plan import plan_data

TEMPLATES = {
    Dokumenttyp.ARSRAPPORT: "rapporter/dokument/arsrapport.html",
    Dokumenttyp.PLAN: "rapporter/dokument/plan.html",
}


def _common(dokument):
    kommun = aktuell()
    return {
        "dokument": dokument,
        "municipality_name": kommun.namn,
        "forvaltning": kommun.forvaltning,
        "namnd": kommun.namnd,
        # A static file's URL or the uploaded logo's; rapporter.pdf reads either.
        "logo": kommun.logo_url,
    }


def arsrapport_context(rapport):
    data = arsrapport_data(rapport.ar)
    return {
        **_common(rapport),
        "data": data,
        "diagram_beslut": charts.decisions_chart(data.beslut),
        "diagram_nivaer": charts.tiers_chart(data.tiers),
    }


def plan_context(plan):
    return {**_common(plan), "data": plan_data(plan)}


def document_for(dokumenttyp, ar):
    model = Arsrapport if dokumenttyp == Dokumenttyp.ARSRAPPORT else Uppfoljningsplan
    return model.objects.get(ar=ar)


def context_for(dokumenttyp, dokument):
    if dokumenttyp == Dokumenttyp.ARSRAPPORT:
        return arsrapport_context(dokument)
    return plan_context(dokument)


def document_html(dokumenttyp, dokument, **extra):
    """The preview: the same HTML the PDF is made from (extra: the preview's way back)."""
    return render_html(TEMPLATES[dokumenttyp], {**context_for(dokumenttyp, dokument), **extra})


def document_pdf(dokumenttyp, dokument, *, archive=False):
    """Rendered HTML and PDF of a document as its data stands now."""
    return render_pdf(TEMPLATES[dokumenttyp], context_for(dokumenttyp, dokument), archive=archive)
