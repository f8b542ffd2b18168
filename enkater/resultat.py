"""Aggregates of one send-out's submitted answers: per question, theme and supplier.

Everything is counted in the database (values().annotate(Count)), so the
number of queries does not grow with the number of answers. Only submitted
answers count (not drafts). An anonymous survey shows a supplier's figures
only from settings.ENKAT_MINSTA_ANTAL_SVAR answers on, and its totals count
only the suppliers so shown (and need the threshold too); below: "för få svar".
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import Case, Count, F, TextField, Value, When

from enkater.granskning import INSKICKADE
from enkater.models import Bedomning, FragaTyp, Mottagare, Svar, SvarVarde
from enkater.models.formular import CHOICE_TYPES, TEXT_TYPES, Fraga

FOR_FA_SVAR = "för få svar"
# The results page lists at most this many text answers per question (the export has all).
TEXTER_PER_FRAGA = 50
NUMERIC_TYPES = (FragaTyp.SKALA, FragaTyp.TAL)
# Counted per distinct value (a distribution); the other types only per answer.
COUNTED_TYPES = (*CHOICE_TYPES, FragaTyp.TAL)


def minsta_antal_svar():
    return settings.ENKAT_MINSTA_ANTAL_SVAR


def _number(text):
    try:
        return Decimal(text.strip().replace(",", ".").replace(" ", ""))
    except (InvalidOperation, AttributeError):
        return None


def _share(n, total):
    """A share in whole per cent, rounded half up; None without a denominator."""
    if not total:
        return None
    return int((Decimal(n) * 100 / total).quantize(Decimal("1"), rounding="ROUND_HALF_UP"))


@dataclass
class Fordelning:
    """One question's figures for one supplier (or all of them)."""

    antal: int = 0  # answers to this question
    svar: int = 0  # submitted answers in the group (the denominator of shares)
    for_fa: bool = False
    alternativ: list = field(default_factory=list)  # [(value, count, share %)]
    medel: Decimal | None = None
    varden: dict = field(default_factory=dict)  # raw {text: count} before finishing

    def finish(self, fraga):
        counts = self.varden
        if fraga.typ == FragaTyp.FLERA_VAL:
            per_choice = {}
            for text, n in counts.items():
                for choice in (c.strip() for c in text.splitlines()):
                    if choice:
                        per_choice[choice] = per_choice.get(choice, 0) + n
            counts = per_choice
        if fraga.typ in CHOICE_TYPES:
            known = fraga.alternativ_lista
            extra = sorted(k for k in counts if k not in known)
            # Shares of multiple choice are of those who answered it (they sum past 100).
            self.alternativ = [
                (choice, counts.get(choice, 0), _share(counts.get(choice, 0), self.antal))
                for choice in [*known, *extra]
            ]
        elif fraga.typ == FragaTyp.TAL:
            numbers = sorted(
                (num, n) for text, n in counts.items() if (num := _number(text)) is not None
            )
            self.alternativ = [
                (f"{num.normalize():f}", n, _share(n, self.antal)) for num, n in numbers
            ]
        if fraga.typ in NUMERIC_TYPES:
            total = weight = 0
            for text, n in counts.items():
                num = _number(text)
                if num is not None:
                    total += num * n
                    weight += n
            if weight:
                self.medel = (Decimal(total) / weight).quantize(Decimal("0.01"))
        self.varden = {}
        return self

    @property
    def max_antal(self):
        return max((n for _, n, _ in self.alternativ), default=0)


@dataclass
class FragaResultat:
    fraga: Fraga
    tema: str
    krav: str
    totalt: Fordelning
    per_leverantor: list  # [(leverantor row, Fordelning)] in the suppliers' order
    texter: list = field(default_factory=list)  # [(text, unit name or "")]
    fler_texter: int = 0

    @property
    def sida_vid_sida(self):
        """[(alternative, [(count, share) or None per supplier])]: None is "för få svar".

        A number's distribution is not repeated per supplier (its mean is).
        """
        if self.fraga.typ == FragaTyp.TAL:
            return []
        columns = [
            None if f.for_fa else {alt: (n, share) for alt, n, share in f.alternativ}
            for _, f in self.per_leverantor
        ]
        return [
            (alt, [None if col is None else col.get(alt, (0, None)) for col in columns])
            for alt, _, _ in self.totalt.alternativ
        ]

    @property
    def har_fordelning(self):
        return self.fraga.typ in CHOICE_TYPES or self.fraga.typ == FragaTyp.TAL

    @property
    def ar_text(self):
        return self.fraga.typ in TEXT_TYPES


@dataclass
class LeverantorRad:
    pk: int
    namn: str
    tillfragade: int = 0
    svar: int = 0
    for_fa: bool = False

    @property
    def svarsfrekvens(self):
        return _share(self.svar, self.tillfragade)


@dataclass
class Resultat:
    utskick: object
    anonymt: bool
    minsta: int
    leverantorer: list
    fragor: list
    tillfragade: int = 0
    svar: int = 0
    for_fa: bool = False

    @property
    def svarsfrekvens(self):
        return _share(self.svar, self.tillfragade)

    @property
    def teman(self):
        """[(theme name, [FragaResultat])] in the order the themes first appear."""
        groups = {}
        for row in self.fragor:
            groups.setdefault(row.tema or "Utan tema", []).append(row)
        return list(groups.items())


def _tema_och_krav(fraga):
    krav = sorted(fraga.krav.all(), key=lambda k: (k.sortering, k.pk))
    tema = fraga.tema or next((k.tema for k in krav if k.tema_id), None)
    return (tema.namn if tema else ""), ", ".join(f"{k.nummer} {k.rubrik}" for k in krav)


def submitted(utskick):
    return Svar.objects.filter(utskick=utskick, status__in=INSKICKADE)


def resultat(utskick):
    """The send-out's aggregates (a Resultat), in a constant number of queries."""
    anonymt = utskick.anonymt
    minsta = minsta_antal_svar()
    fragor = list(
        Fraga.objects.filter(sektion__version=utskick.version_id)
        .select_related("tema", "sektion")
        .prefetch_related("krav__tema")
        .order_by("sektion__ordning", "sektion__pk", "ordning", "pk")
    )
    suppliers = {}
    for row in (
        Mottagare.objects.filter(utskick=utskick, aterkallad__isnull=True)
        .order_by()
        .values("leverantor", "leverantor__namn")
        .annotate(n=Count("pk"))
    ):
        suppliers[row["leverantor"]] = LeverantorRad(
            row["leverantor"], row["leverantor__namn"], tillfragade=row["n"]
        )
    for row in (
        submitted(utskick)
        .order_by()
        .values("leverantor", "leverantor__namn")
        .annotate(n=Count("pk"))
    ):
        rad = suppliers.setdefault(
            row["leverantor"], LeverantorRad(row["leverantor"], row["leverantor__namn"])
        )
        rad.svar = row["n"]
    leverantorer = sorted(suppliers.values(), key=lambda r: (r.namn, r.pk))
    total_svar = sum(r.svar for r in leverantorer)
    shown = leverantorer
    if anonymt:
        for rad in leverantorer:
            rad.for_fa = rad.svar < minsta
        # The totals of an anonymous survey count only the suppliers shown on
        # their own: otherwise total minus the shown ones gives a hidden group away.
        shown = [rad for rad in leverantorer if not rad.for_fa]
    shown_svar = sum(r.svar for r in shown)
    result = Resultat(
        utskick=utskick,
        anonymt=anonymt,
        minsta=minsta,
        leverantorer=leverantorer,
        fragor=[],
        tillfragade=sum(r.tillfragade for r in leverantorer),
        svar=total_svar,
        for_fa=anonymt and shown_svar < minsta,
    )

    # No default ordering: it would join the supplier and section into every grouping.
    values = SvarVarde.objects.filter(svar__utskick=utskick, svar__status__in=INSKICKADE).order_by()
    # One scan of the values: per question and supplier, per distinct value for the
    # types with a distribution, and just a count for text, date and document.
    counted_pks = [f.pk for f in fragor if f.typ in COUNTED_TYPES]
    counted = {}  # (fraga, leverantor) -> {text: n}
    answered = {}  # (fraga, leverantor) -> answers to that question
    for row in (
        values.exclude(text="", fil="")
        .annotate(
            v=Case(
                When(fraga__in=counted_pks, then=F("text")),
                default=Value(""),
                output_field=TextField(),
            )
        )
        .values("fraga", "svar__leverantor", "v")
        .annotate(n=Count("pk"))
    ):
        key = (row["fraga"], row["svar__leverantor"])
        answered[key] = answered.get(key, 0) + row["n"]
        if row["fraga"] in counted_pks and row["v"]:
            counted.setdefault(key, {})[row["v"]] = row["n"]
    texts = {}
    if not result.for_fa:
        text_values = values.exclude(text="")
        if anonymt:
            text_values = text_values.filter(svar__leverantor__in=[r.pk for r in shown])
        # One short query per text question (the first answers by the fraga index),
        # however many answers there are; the export has them all.
        for fraga in fragor:
            if fraga.typ not in TEXT_TYPES:
                continue
            rows = text_values.filter(fraga=fraga).order_by("pk")[:TEXTER_PER_FRAGA]
            for row in rows.values("text", "svar__leverantor__namn", "svar__verksamhet__namn"):
                enhet = (
                    ""
                    if anonymt
                    else (row["svar__verksamhet__namn"] or row["svar__leverantor__namn"])
                )
                texts.setdefault(fraga.pk, []).append((row["text"], enhet))

    for fraga in fragor:
        tema, krav = _tema_och_krav(fraga)
        totalt = Fordelning(svar=shown_svar, for_fa=result.for_fa)
        per = []
        for rad in leverantorer:
            f = Fordelning(svar=rad.svar, for_fa=rad.for_fa)
            if f.for_fa:
                per.append((rad, f))
                continue
            f.antal = answered.get((fraga.pk, rad.pk), 0)
            f.varden = dict(counted.get((fraga.pk, rad.pk), {}))
            totalt.antal += f.antal
            for text, n in f.varden.items():
                totalt.varden[text] = totalt.varden.get(text, 0) + n
            per.append((rad, f.finish(fraga)))
        if totalt.for_fa:
            totalt = Fordelning(svar=0, for_fa=True)
        totalt.finish(fraga)
        fraga_texter = texts.get(fraga.pk, [])
        result.fragor.append(
            FragaResultat(
                fraga=fraga,
                tema=tema,
                krav=krav,
                totalt=totalt,
                per_leverantor=per,
                texter=fraga_texter,
                fler_texter=max(totalt.antal - len(fraga_texter), 0)
                if fraga.typ in TEXT_TYPES and not result.for_fa
                else 0,
            )
        )
    return result


def export_rader(utskick):
    """(header, rows) for the export: one row per answer value of a submitted answer.

    An anonymous survey has no respondent column (callers also require the
    threshold of answers in total before exporting at all).
    """
    anonymt = utskick.anonymt
    header = ["Leverantör", "Verksamhet"]
    if not anonymt:
        header.append("Svarande")
    header += ["Sektion", "Fråga", "Frågetyp", "Svar", "Dokument"]
    if not anonymt:
        header += ["Inskickat", "Granskning"]
    fields = [
        "svar__leverantor__namn",
        "svar__verksamhet__namn",
        "svar__mottagare__epost",
        "svar__mottagare__anvandare__username",
        "fraga__sektion__rubrik",
        "fraga__text",
        "fraga__typ",
        "text",
        "filnamn",
        "svar__inskickad",
        "bedomning",
    ]
    if anonymt:
        # Nothing that could tie a row to a person or a moment: no respondent, no date.
        fields = [f for f in fields if not f.startswith("svar__mottagare")]
        fields = [f for f in fields if f not in ("svar__inskickad", "bedomning")]
    typer = dict(FragaTyp.choices)
    bedomningar = dict(Bedomning.choices)
    rows = []
    values = (
        SvarVarde.objects.filter(svar__utskick=utskick, svar__status__in=INSKICKADE)
        .order_by("svar__leverantor__namn", "svar__pk", "fraga__sektion__ordning", "fraga__ordning")
        .values(*fields)
    )
    # An anonymous export lists rows in a fixed order unrelated to when anyone answered.
    if anonymt:
        values = values.order_by(
            "svar__leverantor__namn", "fraga__sektion__ordning", "fraga__ordning", "text"
        )
    for v in values.iterator():
        row = [v["svar__leverantor__namn"], v["svar__verksamhet__namn"] or ""]
        if not anonymt:
            row.append(
                v["svar__mottagare__anvandare__username"] or v["svar__mottagare__epost"] or ""
            )
        row += [
            v["fraga__sektion__rubrik"],
            v["fraga__text"],
            typer.get(v["fraga__typ"], v["fraga__typ"]),
            v["text"],
            v["filnamn"],
        ]
        if not anonymt:
            row += [v["svar__inskickad"], bedomningar.get(v["bedomning"], v["bedomning"])]
        rows.append(row)
    return header, rows
