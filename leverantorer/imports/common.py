"""What every import plan shares: the preview, the all-or-nothing apply, the row helpers.

`preview_file` reads and checks a whole file (uppfoljning.tabular) and asks
the plan per row what would happen, without writing. `apply_preview` writes
an error-free preview inside one `transaction.atomic`: the plan walks the
rows again against the database (not the preview's snapshot, so a stale
preview cannot write inconsistent rows), and one refused row rolls back all.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from ramavtal.models import Ramavtal
from uppfoljning.history import save_as, system_user
from uppfoljning.tabular import Row, read_rows, row_message

# Row actions, as shown to the user.
NY = "ny"
ANDRAS = "ändras"
OFORANDRAD = "oförändrad"


class ImportRejected(Exception):
    """apply_import was given a preview with errors, or the register changed under it."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("Importen avbröts: " + " ".join(self.errors))


@dataclass
class ImportPreview:
    kind: str
    filename: str
    columns: list[str] = field(default_factory=list)  # known columns found in the file
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # file-level errors

    @property
    def ok(self):
        return not self.errors and bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def all_errors(self):
        """File-level errors, then every row's, in file order."""
        return self.errors + [message for row in self.rows for message in row.errors]

    @property
    def counts(self):
        counts = {NY: 0, ANDRAS: 0, OFORANDRAD: 0}
        for row in self.rows:
            if row.action:
                counts[row.action] += 1
        return counts


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


class Plan:
    """Walks the rows against the register, remembering what earlier rows planned.

    A subclass names its `kind` and `columns` and says per row, in `row`,
    what it would do (NY, ANDRAS or OFORANDRAD) or what is wrong. Without
    `commit` it only plans (preview); with it it saves as it goes, as `user`.
    """

    kind = ""
    columns = ()

    def __init__(self, *, columns, commit=False, user=None):
        self.found = set(columns)  # the optional columns the file has
        self.commit = commit
        self.user = user
        self.ramavtal = {r.diarienummer.strip().casefold(): r for r in Ramavtal.objects.all()}
        self.omraden = {}

    def row(self, number, values):
        """(action, []) for a valid row, ("", errors) otherwise."""
        raise NotImplementedError

    def _omraden(self, ramavtal):
        if ramavtal.pk not in self.omraden:
            self.omraden[ramavtal.pk] = {o.nummer: o for o in ramavtal.avtalsomraden.all()}
        return self.omraden[ramavtal.pk]

    def _find_ramavtal(self, number, diarienummer, errors):
        ramavtal = self.ramavtal.get(diarienummer.casefold())
        if ramavtal is None:
            errors.append(
                row_message(
                    number,
                    "ramavtal",
                    f"okänt ramavtal ”{diarienummer}”: inget ramavtal har det diarienumret.",
                )
            )
        return ramavtal

    def _save(self, obj):
        """Save with the model's own validation; a refusal rejects the whole import."""
        try:
            save_as(obj, user=self.user, clean=True)
        except ValidationError as error:
            raise ImportRejected(error.messages) from None


def preview_file(plan_class, uploaded_file_or_bytes, filename) -> ImportPreview:
    """Read and check a whole file; say per row what apply_preview would do. No writes."""
    preview = ImportPreview(kind=plan_class.kind, filename=filename or "")
    preview.columns, preview.rows, preview.errors = read_rows(
        plan_class.columns, uploaded_file_or_bytes, filename
    )
    if preview.errors:
        return preview
    plan = plan_class(columns=preview.columns)
    for row in preview.rows:
        if row.errors:
            continue
        row.action, row.errors = plan.row(row.number, row.values)
    return preview


def apply_preview(plan_class, preview, *, user) -> ImportResult:
    """Write an error-free preview in one transaction, as `user`; raise ImportRejected otherwise.

    Without a user (an import no person started) the rows are saved as the
    system user, never without one.
    """
    if not preview.ok:
        raise ImportRejected(preview.all_errors or ["Filen innehåller inga rader att importera."])
    user = user or system_user()
    result = ImportResult(kind=preview.kind)
    with transaction.atomic():
        plan = plan_class(columns=preview.columns, commit=True, user=user)
        for row in preview.rows:
            action, errors = plan.row(row.number, row.values)
            if errors:
                raise ImportRejected(errors)  # the register changed since the preview
            if action == NY:
                result.created += 1
            elif action == ANDRAS:
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def model_errors(number, obj, exclude=()):
    """The model's own validation, as row messages: a net under the plan's checks."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return [row_message(number, None, message) for message in error.messages]
    return []


def action(created, changed):
    return NY if created else (ANDRAS if changed else OFORANDRAD)


def assign(obj, values):
    """Set the given non-empty values that differ; True if any did."""
    changed = False
    for name, value in values.items():
        if value in ("", None):
            continue  # an empty optional cell leaves the register as it is
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def differs(obj, name, value):
    """Compare a foreign key by id, so unchanged rows cost no extra queries."""
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def max_length(model, name):
    return model._meta.get_field(name).max_length


def upload_dir():
    """Where a previewed file waits for its confirmation: MEDIA_ROOT/imports/, never served."""
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def preview_context(preview, filename, token=None):
    """What templates/includes/import_preview_body.html and its page show of a preview."""
    counts = preview.counts
    return {
        "preview": preview,
        "filename": filename,
        "token": token,
        "created": counts.get(NY, 0),
        "updated": counts.get(ANDRAS, 0),
        "unchanged": counts.get(OFORANDRAD, 0),
        "rows": [
            (row, [row.values.get(column) for column in preview.columns]) for row in preview.rows
        ],
    }
