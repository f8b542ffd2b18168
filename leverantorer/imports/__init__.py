"""All-or-nothing import of supplier lists and placement extracts (CSV or XLSX).

Two steps so a person can look before anything is written:
`parse_import` reads and checks the whole file and says per row what would
happen, without writing; `apply_import` writes an error-free preview inside
one transaction. Apply re-reads the database rather than trusting the
preview's snapshot, so a stale preview cannot write inconsistent rows.

Rows are matched on natural keys (organisationsnummer, diarienummer,
referens) and unchanged objects are never saved, so importing the same file
twice writes nothing and adds no history.

The file is read by the shared reader (uppfoljning.tabular: encodings,
separators, Swedish messages, the identity-number guard); each import plan is
a module here (leverantorslista, placeringar), and what they share is in
common. File formats: docs/import-format.md.
"""

from leverantorer.imports.common import (
    ANDRAS,
    NY,
    OFORANDRAD,
    ImportPreview,
    ImportRejected,
    ImportResult,
    apply_preview,
    preview_context,
    preview_file,
    upload_dir,
)
from leverantorer.imports.leverantorslista import LEVERANTORER, LeverantorslistaPlan
from leverantorer.imports.placeringar import PLACERINGAR, PlaceringarPlan
from uppfoljning.tabular import MAX_BYTES

PLANS = {LEVERANTORER: LeverantorslistaPlan, PLACERINGAR: PlaceringarPlan}
KINDS = tuple(PLANS)

__all__ = [
    "ANDRAS",
    "KINDS",
    "LEVERANTORER",
    "MAX_BYTES",
    "preview_context",
    "upload_dir",
    "NY",
    "OFORANDRAD",
    "PLACERINGAR",
    "ImportPreview",
    "ImportRejected",
    "ImportResult",
    "apply_import",
    "parse_import",
]


def parse_import(kind, uploaded_file_or_bytes, filename) -> ImportPreview:
    """Read and check a whole file; say per row what apply_import would do. No writes."""
    if kind not in PLANS:
        preview = ImportPreview(kind=kind, filename=filename or "")
        preview.errors.append(f"Okänd importtyp ”{kind}”: välj leverantorer eller placeringar.")
        return preview
    return preview_file(PLANS[kind], uploaded_file_or_bytes, filename)


def apply_import(preview, *, user) -> ImportResult:
    """Write an error-free preview in one transaction; raise ImportRejected otherwise.

    `user` is the person importing, recorded on every history row; an import
    no person started (user=None) acts as the system user.
    """
    return apply_preview(PLANS.get(preview.kind), preview, user=user)
