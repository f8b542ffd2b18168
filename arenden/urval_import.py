"""The sample file of a special follow-up: export it, edit it offline, import it back.

`export_rader(uppfoljning)` gives the header and rows (docs/import-format.md,
"Urval i särskild uppföljning"). `parse_urval` reads an edited file and says
per row what changes, without writing; `apply_urval` writes an error-free
preview in one transaction, reading the rows again from the database so a
stale preview cannot write, with one bulk update and history as the user.

The file is the rows' state: a present cell sets the value, an empty one
clears it (a column left out of the file leaves that field as it is).
Status and outcome are read by their Swedish labels (as exported) or values,
reason and method by their names in the word lists. Rows are matched on
rad-id; an id not in this follow-up is an error. Unit, supplier,
organisationsnummer and "flyttad från" are shown for the reader and ignored.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from arenden.models import (
    EjGenomfordOrsak,
    Metod,
    PlaneradStatus,
    PlaneradUtfall,
    UppfoljningLeverantor,
)
from arenden.urvalsrader import RAD_RELATIONER, rad_fel, radnamn, spara_rader
from leverantorer.imports import ImportPreview, ImportRejected, ImportResult
from leverantorer.imports.common import ANDRAS, OFORANDRAD, max_length
from uppfoljning.exports import restore
from uppfoljning.history import system_user
from uppfoljning.tabular import Column, read_rows, row_message

URVAL = "urval"

HEADER = [
    "rad-id",
    "verksamhet",
    "leverantör",
    "organisationsnummer",
    "status",
    "orsak",
    "kommentar",
    "metod",
    "utfall",
    "åtgärdat",
    "underlag",
    "flyttad från",
]


def _max(name):
    return max_length(UppfoljningLeverantor, name)


COLUMNS = [
    Column("rad_id", "int", required_value=True),
    Column("status", "choice", required_value=True, choices=PlaneradStatus),
    Column("orsak", "text", required_column=False, max_length=200),
    Column("kommentar", "text", required_column=False, max_length=_max("skal")),
    Column("metod", "text", required_column=False, max_length=200),
    Column("utfall", "choice", required_column=False, choices=PlaneradUtfall),
    Column("atgardat", "date", required_column=False),
    Column("underlag", "text", required_column=False, max_length=_max("underlag")),
]
# File column -> model field, for the optional ones; label for the preview.
FALT = {
    "status": ("status", "status"),
    "orsak": ("orsak", "orsak"),
    "kommentar": ("skal", "kommentar"),
    "metod": ("metod", "metod"),
    "utfall": ("utfall", "utfall"),
    "atgardat": ("atgardat", "åtgärdat"),
    "underlag": ("underlag", "underlag"),
}
ANDRINGAR = "ändringar"


def _rader(uppfoljning):
    return uppfoljning.urval.select_related(
        *RAD_RELATIONER, "flyttad_fran__verksamhet", "flyttad_fran__leverantor"
    ).order_by("pk")


def export_rader(uppfoljning):
    """(header, rows) of the sample file: every row of the follow-up, Swedish labels."""
    rows = []
    for row in _rader(uppfoljning):
        fran = row.flyttad_fran
        rows.append(
            [
                row.pk,
                row.verksamhet.namn if row.verksamhet_id else "",
                row.leverantor.namn,
                row.leverantor.organisationsnummer_visas,
                row.get_status_display(),
                row.orsak.namn if row.orsak_id else "",
                row.skal,
                row.metod.namn if row.metod_id else "",
                row.get_utfall_display(),
                row.atgardat.isoformat() if row.atgardat else "",
                row.underlag,
                radnamn(fran) if fran else "",
            ]
        )
    return HEADER, rows


def _visa(value):
    if value in (None, ""):
        return "–"
    return getattr(value, "namn", None) or str(value)


class UrvalPlan:
    """Walks the file's rows against one follow-up's sample; lists fetched once."""

    def __init__(self, uppfoljning, columns):
        self.found = set(columns)
        self.rader = {row.pk: row for row in _rader(uppfoljning)}
        self.orsaker = {o.namn.strip().casefold(): o for o in EjGenomfordOrsak.objects.all()}
        self.metoder = {m.namn.strip().casefold(): m for m in Metod.objects.all()}
        self.seen = {}  # rad-id -> first row number in the file
        self.changed = []  # rows with changes, in file order
        self.fields = set()

    def _word(self, number, column, text, words, listname):
        if not text:
            return None, []
        word = words.get(text.strip().casefold())
        if word is None:
            message = f"okänt värde ”{text}”: ange ett namn från ordlistan {listname}."
            return None, [row_message(number, column, message)]
        return word, []

    def row(self, number, values):
        """(action, changes text, errors) for one row of the file."""
        rad_id = values["rad_id"]
        row = self.rader.get(rad_id)
        if row is None:
            message = f"raden {rad_id} finns inte i den här uppföljningens urval."
            return "", "", [row_message(number, "rad-id", message)]
        if rad_id in self.seen:
            message = f"raden finns redan på rad {self.seen[rad_id]} i filen."
            return "", "", [row_message(number, "rad-id", message)]
        self.seen[rad_id] = number
        errors = []
        new = {"status": values["status"]}
        if "orsak" in self.found:
            new["orsak"], problems = self._word(
                number, "orsak", values["orsak"], self.orsaker, "Orsaker"
            )
            errors += problems
        if "metod" in self.found:
            new["metod"], problems = self._word(
                number, "metod", values["metod"], self.metoder, "Metoder"
            )
            errors += problems
        for column in ("kommentar", "underlag"):
            if column in self.found:
                # The export prefixed a formula-like text with "'" (uppfoljning.exports).
                new[FALT[column][0]] = restore(values[column])
        if "utfall" in self.found:
            new["utfall"] = values["utfall"] or ""
        if "atgardat" in self.found:
            new["atgardat"] = values["atgardat"]
        if errors:
            return "", "", errors
        andringar = []
        for name, value in new.items():
            label = next(lbl for field, lbl in FALT.values() if field == name)
            old = getattr(row, name)
            if old == value:
                continue
            andringar.append(
                f"{label}: {self._display(row, name, old)} → {self._display(row, name, value)}"
            )
            setattr(row, name, value)
            self.fields.add(name)
        if not andringar:
            return OFORANDRAD, "", []
        problems = rad_fel(row)
        if problems:
            return "", "", [row_message(number, None, f"{radnamn(row)}: {p}") for p in problems]
        self.changed.append(row)
        return ANDRAS, "; ".join(andringar), []

    @staticmethod
    def _display(row, name, value):
        if name == "status":
            return PlaneradStatus(value).label
        if name == "utfall":
            return PlaneradUtfall(value).label if value else "–"
        return _visa(value)


def parse_urval(uppfoljning, uploaded_file_or_bytes, filename):
    """Read and check a whole file; say per row what apply_urval would change. No writes."""
    preview, _unused = _plan(uppfoljning, uploaded_file_or_bytes, filename)
    return preview


def _plan(uppfoljning, uploaded_file_or_bytes, filename):
    preview = ImportPreview(kind=URVAL, filename=filename or "")
    preview.columns, preview.rows, preview.errors = read_rows(
        COLUMNS, uploaded_file_or_bytes, filename
    )
    if preview.errors:
        return preview, None
    plan = UrvalPlan(uppfoljning, preview.columns)
    for row in preview.rows:
        if row.errors:
            continue
        row.action, row.values[ANDRINGAR], row.errors = plan.row(row.number, row.values)
    preview.columns = ["rad_id", ANDRINGAR]
    return preview, plan


def apply_urval(uppfoljning, uploaded_file_or_bytes, filename, *, user):
    """Write the file's changes in one transaction, as `user`; ImportRejected if any row fails."""
    user = user or system_user()
    with transaction.atomic():
        preview, plan = _plan(uppfoljning, uploaded_file_or_bytes, filename)
        if not preview.ok:
            raise ImportRejected(
                preview.all_errors or ["Filen innehåller inga rader att importera."]
            )
        try:
            spara_rader(plan.changed, plan.fields, user=user, reason="Import av urvalsfil")
        except ValidationError as error:
            raise ImportRejected(error.messages) from None
    result = ImportResult(kind=URVAL, updated=len(plan.changed))
    result.unchanged = len(preview.rows) - result.updated
    return result
