"""Hostile values and a snapshot of every table, for the fuzz tests."""

from django.db import connection
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

# Deterministic (CI reruns the same examples), no deadline (the machine is
# shared), no shrinking (a failure is reported with the value that caused it;
# shrinking slow HTTP round trips would take minutes).
FUZZ = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

HOSTILE_TEXT = [
    "",
    " ",
    " \t\r\n ",
    "\x00",
    "Vård\x00AB",
    "\x1b[31m\x07\x08\x7f",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE leverantorer_leverantor; --",
    "x" * 10_001,
    "å" * 5_000,
    "\u202eBA dråV\u202c",  # right-to-left override
    "e" + "\u0301" * 200,  # combining marks
    "😀👨‍👩‍👧‍👦" * 50,
    "\ufeff\u200b\u2028\u2029",
    "0001-01-01",
    "9999-12-31",
    "2026-02-31",
    "31/02/2026",
    "2026-03-01T25:61",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "9" * 5_000,
    "-1",
    "-9223372036854775809",
    "9223372036854775808",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "-0",
    "0x1F",
    "١٢٣",  # Arabic-Indic digits
    "%00",
    "../../etc/passwd",
    "19121212-1212",  # Skatteverket's test personnummer
]

# Text Hypothesis makes up itself; surrogates cannot be sent in UTF-8.
GENERATED = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)


def value_for(valid):
    """A value for one field: hostile, made up, or one of its valid values."""
    choices = [st.sampled_from(HOSTILE_TEXT), GENERATED]
    if valid:
        choices.append(st.sampled_from(valid))
    return st.one_of(*choices)


HOSTILE_FILES = [
    ("leverantorer.csv", "organisationsnummer;namn\r\n556677-8899;Vård\x00AB\r\n".encode()),
    ("tom.csv", b""),
    ("binar.xlsx", b"PK\x03\x04\x00\x00garbage"),
    ("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16),
    ("skript.pdf", b"<script>alert(1)</script>"),
    ("\u202egpj.exe", b"MZ\x90\x00"),
    ("x" * 300 + ".csv", b"namn\r\nA\r\n"),
]


# The tables a refused request may write to: the login session, and the access log
# (uppfoljning.atkomst), which records that a page showing a decision, a check or a
# finding was seen, whatever was posted to it.
IGNORED_TABLES = {"django_session", "uppfoljning_atkomsthandelse"}


def snapshot():
    """Rows per table (history tables included), in one query."""
    tables = sorted(
        t
        for t in connection.introspection.table_names()
        if t not in IGNORED_TABLES and not t.startswith("axes_")
    )
    quote = connection.ops.quote_name
    # Table names from the database's own catalogue, quoted: no outside input.
    select = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select}")
        counts = cursor.fetchone()
    return dict(zip(tables, counts, strict=True))


def changed(before, after):
    return {t: (before[t], after[t]) for t in before if before[t] != after.get(t)}
