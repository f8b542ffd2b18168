"""The follow-up's forms, one module per area as in arenden/views/.

- common: event dates that default to today, supplier and unit together
- avvikelser: deviations, signals, the escalation rule (löpande)
- uppfoljningar: event-driven cases, requests, visits, findings, closing
- sarskild: special follow-ups, their sample, documents and observations
- urval: many sample rows at once (the action bar, the file import)
- stickprov: invoice sampling
- avrop: the check before a call-off and IVO/credit checks entered by hand
- registerkontroller: criminal-record checks of representatives

Import from `arenden.forms`; the modules are its layout, not its interface.
"""

from arenden.forms.avrop import (
    MANUAL_FIELDS,
    IvoKontrollForm,
    KreditkontrollForm,
    RegistreraForm,
)
from arenden.forms.avvikelser import AvvikelseForm, EskaleringsregelForm, SignalForm
from arenden.forms.common import (
    TODAY_HELP,
    SupplierUnitForm,
    check_unit_of_supplier,
    default_today,
    event_date_field,
)
from arenden.forms.kontroller import KontrollfilForm
from arenden.forms.registerkontroller import KontrollForm, SvarForm
from arenden.forms.sarskild import (
    HAND,
    REGISTER,
    BedomningForm,
    DokumentForm,
    ObservationForm,
    SarskildForm,
    UrvalAddForm,
    UrvalUpdateForm,
)
from arenden.forms.stickprov import MAX_ANTAL, FakturaForm, StickprovForm
from arenden.forms.uppfoljningar import (
    VISIT_TIME_HELP,
    AvslutaForm,
    BegaranForm,
    BesvaradForm,
    BristAtgardadForm,
    BristForm,
    HandelsstyrdForm,
    PlatsbesokForm,
    case_units,
    suppliers_of,
)
from arenden.forms.urval import UrvalBulkForm, UrvalImportForm

__all__ = [
    "KontrollfilForm",
    "HAND",
    "MANUAL_FIELDS",
    "MAX_ANTAL",
    "REGISTER",
    "TODAY_HELP",
    "VISIT_TIME_HELP",
    "AvslutaForm",
    "AvvikelseForm",
    "BedomningForm",
    "BegaranForm",
    "BesvaradForm",
    "BristAtgardadForm",
    "BristForm",
    "DokumentForm",
    "EskaleringsregelForm",
    "FakturaForm",
    "HandelsstyrdForm",
    "IvoKontrollForm",
    "KontrollForm",
    "KreditkontrollForm",
    "ObservationForm",
    "PlatsbesokForm",
    "RegistreraForm",
    "SarskildForm",
    "SignalForm",
    "StickprovForm",
    "SupplierUnitForm",
    "SvarForm",
    "UrvalAddForm",
    "UrvalBulkForm",
    "UrvalImportForm",
    "UrvalUpdateForm",
    "check_unit_of_supplier",
    "default_today",
    "event_date_field",
    "suppliers_of",
    "case_units",
]
