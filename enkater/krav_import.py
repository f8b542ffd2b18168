"""All-or-nothing import of one ramavtal's requirements from CSV or XLSX.

The same two steps as the register imports (leverantorer.imports): `parse_krav`
reads and checks the whole file and says per row what would happen (ny,
ändras, oförändrad), without writing; `apply_krav` writes an error-free
preview inside one transaction, walking the rows again against the database
so a stale preview cannot write inconsistent rows. The file is read by the
shared reader (uppfoljning.tabular); the preview and result types are the
register imports' own.

Columns (docs/import-format.md, "Avtalskrav"): punkt, rubrik, text, tema
(a theme by name; an unknown one is an error), avtalsomrade (optional, an
area of this ramavtal by name). Rows are matched on punkt within the
ramavtal. An empty optional cell leaves the requirement as it is; a retired
requirement is updated but stays retired.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from arenden.models import Tema
from enkater.krav import check_krav
from enkater.models import Avtalskrav
from leverantorer.imports.common import (
    ANDRAS,
    NY,
    ImportPreview,
    ImportRejected,
    ImportResult,
    action,
    differs,
    max_length,
)
from uppfoljning.history import save_as, system_user
from uppfoljning.tabular import Column, read_rows, row_message

KRAV = "avtalskrav"

COLUMNS = [
    Column("punkt", "text", required_value=True, max_length=max_length(Avtalskrav, "nummer")),
    Column("rubrik", "text", required_value=True, max_length=max_length(Avtalskrav, "rubrik")),
    Column("text", "text", max_length=5000),
    Column("tema", "text", max_length=200),
    Column("avtalsomrade", "text", required_column=False, max_length=200),
]


class KravPlan:
    """Walks the rows against one ramavtal's catalogue; with `commit` it saves as it goes."""

    def __init__(self, ramavtal, *, commit=False, user=None):
        self.ramavtal = ramavtal
        self.commit = commit
        self.user = user
        self.krav = {k.nummer: k for k in Avtalskrav.objects.filter(ramavtal=ramavtal)}
        self.teman = {t.namn.strip().casefold(): t for t in Tema.objects.all()}
        self.omraden = {o.namn.strip().casefold(): o for o in ramavtal.avtalsomraden.all()}
        self.punkter = {}  # punkt -> first row number in the file

    def row(self, number, values):
        """(action, []) for a valid row, ("", errors) otherwise."""
        errors = []
        punkt = values["punkt"]
        if punkt in self.punkter:
            errors.append(
                row_message(
                    number, "punkt", f"punkten finns redan på rad {self.punkter[punkt]} i filen."
                )
            )
        else:
            self.punkter[punkt] = number
        fields = {"rubrik": values["rubrik"]}
        if values.get("text"):
            fields["text"] = values["text"]
        tema = values.get("tema")
        if tema:
            fields["tema"] = self.teman.get(tema.casefold())
            if fields["tema"] is None:
                errors.append(
                    row_message(
                        number,
                        "tema",
                        f"okänt tema ”{tema}”: ange ett tema från ordlistan Teman.",
                    )
                )
        omrade = values.get("avtalsomrade")
        if omrade:
            fields["avtalsomrade"] = self.omraden.get(omrade.casefold())
            if fields["avtalsomrade"] is None:
                errors.append(
                    row_message(
                        number,
                        "avtalsomrade",
                        f"okänt avtalsområde ”{omrade}”: ramavtalet har inget avtalsområde "
                        "med det namnet.",
                    )
                )
        if errors:
            return "", errors
        return self._plan(number, punkt, fields)

    def _plan(self, number, punkt, fields):
        krav = self.krav.get(punkt)
        created = krav is None
        if created:
            krav = Avtalskrav(ramavtal=self.ramavtal, nummer=punkt)
        changed = False
        for name, value in fields.items():
            if differs(krav, name, value):
                setattr(krav, name, value)
                changed = True
        if created or changed:
            try:
                check_krav(krav)
            except ValidationError as error:
                return "", [row_message(number, None, message) for message in error.messages]
            if self.commit:
                save_as(krav, user=self.user, reason="Import")
            self.krav[punkt] = krav
        return action(created, changed), []


def parse_krav(ramavtal, uploaded_file_or_bytes, filename) -> ImportPreview:
    """Read and check a whole file; say per row what apply_krav would do. No writes."""
    preview = ImportPreview(kind=KRAV, filename=filename or "")
    preview.columns, preview.rows, preview.errors = read_rows(
        COLUMNS, uploaded_file_or_bytes, filename
    )
    if preview.errors:
        return preview
    plan = KravPlan(ramavtal)
    for row in preview.rows:
        if row.errors:
            continue
        row.action, row.errors = plan.row(row.number, row.values)
    return preview


def apply_krav(ramavtal, preview, *, user) -> ImportResult:
    """Write an error-free preview in one transaction, as `user`; raise ImportRejected otherwise."""
    if not preview.ok:
        raise ImportRejected(preview.all_errors or ["Filen innehåller inga rader att importera."])
    user = user or system_user()
    result = ImportResult(kind=preview.kind)
    with transaction.atomic():
        plan = KravPlan(ramavtal, commit=True, user=user)
        for row in preview.rows:
            row_action, errors = plan.row(row.number, row.values)
            if errors:
                raise ImportRejected(errors)  # the catalogue changed since the preview
            if row_action == NY:
                result.created += 1
            elif row_action == ANDRAS:
                result.updated += 1
            else:
                result.unchanged += 1
    return result
