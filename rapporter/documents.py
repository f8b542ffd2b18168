"""The committee's two kinds of document, and each one's context, HTML and PDF.

`DOCUMENT_TYPES` is the one place that says what differs between the annual
report and the plan: model, form, template, rights, page, the data behind
it, its standard wording and drafts, and its file names. Everything else
(views, services, the PDF job) looks a type up here by the model's
`dokumenttyp` value (`document_type`) or by a document (`document_type_of`)
rather than asking which of the two it has.
"""

from collections.abc import Callable
from dataclasses import dataclass

from administration.kommun import aktuell
from rapporter import charts
from rapporter.arsrapport import arsrapport_data
from rapporter.drafts import arsrapport_defaults, arsrapport_draft, plan_defaults, plan_draft
from rapporter.forms import ArsrapportForm, UppfoljningsplanForm
from rapporter.models import Arsrapport, Dokumenttyp, Uppfoljningsplan
from rapporter.pdf import render_html, render_pdf
from rapporter.plan import plan_data


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


def arsrapport_draft_of(rapport):
    return arsrapport_draft(rapport.ar)


@dataclass(frozen=True)
class DocumentType:
    """What one kind of document is made of; its `value` is a Dokumenttyp value."""

    value: str  # also in URLs and the stored files' paths
    model: type
    form: type  # the narrative's edit form
    form_prefix: str  # of its "new year" form on the index page
    template: str  # the document itself, for preview and PDF
    detail_url: str  # url name of its page, by year
    context: Callable  # document -> template context
    defaults: Callable  # year -> standard wording of a new document
    draft: Callable  # document -> drafts of the data-driven narrative

    @property
    def label(self):
        return Dokumenttyp(self.value).label

    def _permission(self, action):
        return f"rapporter.{action}_{self.model._meta.model_name}"

    @property
    def view_permission(self):
        return self._permission("view")

    @property
    def add_permission(self):
        return self._permission("add")

    @property
    def change_permission(self):
        return self._permission("change")

    @property
    def freeze_permission(self):
        return self._permission("faststall")

    def get(self, ar):
        """The document of a year; raises the model's DoesNotExist."""
        return self.model.objects.get(ar=ar)

    def pdf_filename(self, dokument):
        """A PDF made for download, as stored with its job."""
        return f"{dokument.titel}.pdf"

    def download_filename(self, ar):
        """The name a downloaded (not frozen) PDF is offered under."""
        return f"{self.label} {ar}.pdf"

    def version_filename(self, ar, version):
        """The stored file of a frozen version."""
        return f"{self.value}-{ar}-v{version}.pdf"


ARSRAPPORT = DocumentType(
    value=Dokumenttyp.ARSRAPPORT,
    model=Arsrapport,
    form=ArsrapportForm,
    form_prefix="rapport",
    template="rapporter/dokument/arsrapport.html",
    detail_url="rapporter:arsrapport",
    context=arsrapport_context,
    defaults=arsrapport_defaults,
    draft=arsrapport_draft_of,
)

PLAN = DocumentType(
    value=Dokumenttyp.PLAN,
    model=Uppfoljningsplan,
    form=UppfoljningsplanForm,
    form_prefix="plan",
    template="rapporter/dokument/plan.html",
    detail_url="rapporter:plan",
    context=plan_context,
    defaults=plan_defaults,
    draft=plan_draft,
)

DOCUMENT_TYPES = {kind.value: kind for kind in (ARSRAPPORT, PLAN)}
_BY_MODEL = {kind.model: kind for kind in DOCUMENT_TYPES.values()}


def document_type(value):
    """The DocumentType of a Dokumenttyp value; KeyError for any other value."""
    return DOCUMENT_TYPES[value]


def document_type_of(dokument):
    """The DocumentType of an Arsrapport or an Uppfoljningsplan."""
    return _BY_MODEL[type(dokument)]


def document_for(dokumenttyp, ar):
    return document_type(dokumenttyp).get(ar)


def document_html(dokumenttyp, dokument, **extra):
    """The preview: the same HTML the PDF is made from (extra: the preview's way back)."""
    kind = document_type(dokumenttyp)
    return render_html(kind.template, {**kind.context(dokument), **extra})


def document_pdf(dokumenttyp, dokument, *, archive=False):
    """Rendered HTML and PDF of a document as its data stands now."""
    kind = document_type(dokumenttyp)
    return render_pdf(kind.template, kind.context(dokument), archive=archive)
