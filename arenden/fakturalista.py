"""The finance system's invoice list, read for a stickprov drawn from imported invoices.

The file is read by the reader every import uses (uppfoljning.tabular: CSV or
XLSX, `;`, decimal comma, ISO dates, the identity guard on every column but
organisationsnummer) and is all or nothing: every row is checked first, and
one bad row refuses the whole file. Nothing here writes; stickprov_skapa
stores the rows together with the round.
"""

from django.core.exceptions import ValidationError

from arenden.models import Faktura
from leverantorer.models import Leverantor, Placering
from uppfoljning.tabular import Column, read_rows, row_message

COLUMNS = [
    Column(
        "fakturanummer",
        "text",
        required_value=True,
        max_length=Faktura._meta.get_field("fakturanummer").max_length,
    ),
    Column("organisationsnummer", "orgnr", required_value=True, check_identity=False),
    Column(
        "referens",
        "text",
        required_column=False,
        max_length=Placering._meta.get_field("referens").max_length,
    ),
    Column("fakturadatum", "date", required_value=True),
    Column("period_fran", "date", required_value=True),
    Column("period_till", "date", required_value=True),
    Column("belopp", "decimal", required_value=True, max_digits=12),
]

# A whole file of errors would bury the form; the first ones show what to fix.
MAX_MESSAGES = 50


def read_fakturalista(uploaded_file_or_bytes, filename):
    """Every row of the list as an unsaved Faktura (without stickprov), in file order.

    Raises ValidationError with Swedish, row-numbered messages if the file or
    any row is wrong.
    """
    _columns, rows, errors = read_rows(COLUMNS, uploaded_file_or_bytes, filename)
    if errors:
        raise ValidationError(errors)

    valid = [row for row in rows if row.ok]
    # Two queries for the whole file rather than two per row. Every row's
    # organisationsnummer, so a row refused for another cell (a personnummer
    # in the reference) is not also told its supplier is unknown.
    orgnrs = {row.values["organisationsnummer"] for row in rows} - {"", None}
    leverantorer = {
        leverantor.organisationsnummer: leverantor
        for leverantor in Leverantor.objects.filter(organisationsnummer__in=orgnrs)
    }
    referenser = {row.values.get("referens") for row in valid} - {"", None}
    placeringar = {
        placering.referens: placering
        for placering in Placering.objects.filter(referens__in=referenser).select_related(
            "verksamhet"
        )
    }

    fakturor = []
    first_row = {}  # fakturanummer -> row number where it first appears
    for row in rows:
        # Parse errors already left an empty value; the checks below skip those.
        messages = row.errors
        values = row.values
        nummer = values["fakturanummer"]
        if nummer and nummer in first_row:
            messages.append(
                row_message(
                    row.number,
                    "fakturanummer",
                    f"samma fakturanummer finns redan på rad {first_row[nummer]} i filen.",
                )
            )
        elif nummer:
            first_row[nummer] = row.number
        leverantor = leverantorer.get(values["organisationsnummer"])
        if values["organisationsnummer"] and leverantor is None:
            messages.append(
                row_message(
                    row.number,
                    "organisationsnummer",
                    "ingen leverantör med det organisationsnumret finns i registret.",
                )
            )
        placering = None
        if values.get("referens"):
            placering = placeringar.get(values["referens"])
            if placering is None:
                messages.append(
                    row_message(row.number, "referens", "ingen placering med den referensen finns.")
                )
            elif leverantor and placering.verksamhet.leverantor_id != leverantor.pk:
                messages.append(
                    row_message(
                        row.number,
                        "referens",
                        "placeringen hör till en annan leverantör än fakturan.",
                    )
                )
        fran, till = values["period_fran"], values["period_till"]
        if fran and till and till < fran:
            messages.append(
                row_message(
                    row.number, "period_till", "periodens slut kan inte ligga före dess början."
                )
            )
        if row.ok:
            fakturor.append(
                Faktura(
                    fakturanummer=nummer,
                    leverantor=leverantor,
                    placering=placering,
                    fakturadatum=values["fakturadatum"],
                    period_fran=fran,
                    period_till=till,
                    belopp=values["belopp"],
                )
            )

    messages = [message for row in rows for message in row.errors]
    if messages:
        if len(messages) > MAX_MESSAGES:
            rest = len(messages) - MAX_MESSAGES
            messages = messages[:MAX_MESSAGES] + [f"… och {rest} fel till."]
        raise ValidationError(messages)
    return fakturor
