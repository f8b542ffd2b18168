"""The placement extract from the case system: placements (avrop) and their costs.

One row per placement, matched on its pseudonymous referens (never a name or
personnummer). The supplier and unit must already be in the register; a
placement under a ramavtal needs the supplier's contract under it, one
without a ramavtal names why (direktupphandling_skal).
"""

from leverantorer.imports.common import (
    OFORANDRAD,
    Plan,
    action,
    differs,
    max_length,
    model_errors,
)
from leverantorer.models import (
    Avtal,
    DirektupphandlingSkal,
    Lagrum,
    Leverantor,
    PlacerandeEnhet,
    Placering,
    Verksamhet,
)
from uppfoljning.tabular import Column, row_message

PLACERINGAR = "placeringar"

COLUMNS = [
    Column("referens", "text", required_value=True, max_length=max_length(Placering, "referens")),
    Column("organisationsnummer", "orgnr", required_value=True, check_identity=False),
    Column("verksamhet", "text", required_value=True, max_length=max_length(Verksamhet, "namn")),
    Column("ramavtal", "text", max_length=50),
    Column(
        "direktupphandling_skal", "choice", required_column=False, choices=DirektupphandlingSkal
    ),
    Column("startdatum", "date", required_value=True),
    Column("slutdatum", "date", required_column=False),
    Column("lagrum", "choice", required_value=True, choices=Lagrum),
    Column("avtalsomrade", "int", required_column=False),
    Column("placerande_enhet", "choice", required_value=True, choices=PlacerandeEnhet),
    Column("kostnad_per_dygn", "decimal", max_digits=10),
    Column("kostnad_totalt", "decimal", max_digits=12),
]


class PlaceringarPlan(Plan):
    kind = PLACERINGAR
    columns = COLUMNS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.leverantorer = {}  # organisationsnummer -> Leverantor or None
        self.units = {}  # leverantor pk -> {folded name: [Verksamhet]}
        self.contracts = {}  # (leverantor pk, ramavtal pk) -> Avtal or None
        self.referenser = {}  # referens -> first row number

    def row(self, number, values):
        errors = []
        self._check_referens(number, values["referens"], errors)
        leverantor, unit = self._find_unit(number, values, errors)
        ramavtal, avtal, skal = self._find_contract(number, values, leverantor, errors)
        fields = {
            "avtal": avtal,
            "verksamhet": unit,
            "direktupphandling_skal": skal,
            "startdatum": values["startdatum"],
            "lagrum": values["lagrum"],
            "placerande_enhet": values["placerande_enhet"],
            "kostnad_per_dygn": values["kostnad_per_dygn"],
            "kostnad_totalt": values["kostnad_totalt"],
        }
        fields.update(self._optional_fields(number, values, ramavtal, errors))
        if errors:
            return "", errors
        return self._plan_placering(number, values["referens"], fields)

    # ------------------------------------------------------------ checks

    def _check_referens(self, number, referens, errors):
        if referens in self.referenser:
            errors.append(
                row_message(
                    number,
                    "referens",
                    f"samma referens finns redan på rad {self.referenser[referens]} i filen.",
                )
            )
        else:
            self.referenser[referens] = number

    def _find_unit(self, number, values, errors):
        """The supplier (by organisationsnummer) and its one unit of the row's name."""
        orgnr = values["organisationsnummer"]
        if orgnr not in self.leverantorer:
            self.leverantorer[orgnr] = Leverantor.objects.filter(organisationsnummer=orgnr).first()
        leverantor = self.leverantorer[orgnr]
        if leverantor is None:
            errors.append(
                row_message(
                    number,
                    "organisationsnummer",
                    "ingen leverantör med det organisationsnumret finns i registret; "
                    "importera leverantörslistan först.",
                )
            )
            return None, None
        if leverantor.pk not in self.units:
            units = {}
            for candidate in leverantor.verksamheter.all():
                units.setdefault(candidate.namn.casefold(), []).append(candidate)
            self.units[leverantor.pk] = units
        matches = self.units[leverantor.pk].get(values["verksamhet"].casefold(), [])
        if len(matches) == 1:
            return leverantor, matches[0]
        problem = "har ingen verksamhet" if not matches else "har flera verksamheter"
        errors.append(
            row_message(
                number, "verksamhet", f"leverantören {problem} som heter ”{values['verksamhet']}”."
            )
        )
        return leverantor, None

    def _find_contract(self, number, values, leverantor, errors):
        """(ramavtal, avtal, skal): the contract placed under, or why there is none."""
        avtal = ramavtal = None
        skal = values.get("direktupphandling_skal") or ""
        if values["ramavtal"]:
            ramavtal = self._find_ramavtal(number, values["ramavtal"], errors)
            if skal:
                errors.append(
                    row_message(
                        number,
                        "direktupphandling_skal",
                        "ska vara tomt när placeringen gjorts under ett ramavtal.",
                    )
                )
            if ramavtal and leverantor:
                avtal = self._contract(leverantor, ramavtal)
                if avtal is None:
                    errors.append(
                        row_message(
                            number,
                            "ramavtal",
                            "leverantören har inget avtal under ramavtalet "
                            f"”{values['ramavtal']}”.",
                        )
                    )
        elif not skal:
            errors.append(
                row_message(
                    number,
                    "direktupphandling_skal",
                    "värde saknas: ange skälet när placeringen inte gjorts under ett ramavtal.",
                )
            )
        return ramavtal, avtal, skal

    def _contract(self, leverantor, ramavtal):
        key = (leverantor.pk, ramavtal.pk)
        if key not in self.contracts:
            self.contracts[key] = Avtal.objects.filter(
                leverantor=leverantor, ramavtal=ramavtal
            ).first()
        return self.contracts[key]

    def _optional_fields(self, number, values, ramavtal, errors):
        """The optional columns the file has: a missing column leaves the field as it is."""
        fields = {}
        if "slutdatum" in self.found:
            fields["slutdatum"] = values["slutdatum"]
            if values["slutdatum"] and values["slutdatum"] < values["startdatum"]:
                errors.append(
                    row_message(number, "slutdatum", "slutdatum kan inte ligga före startdatum.")
                )
        if "avtalsomrade" in self.found:
            fields["avtalsomrade"] = self._find_omrade(number, values, ramavtal, errors)
        return fields

    def _find_omrade(self, number, values, ramavtal, errors):
        nummer = values["avtalsomrade"]
        if nummer and not values["ramavtal"]:
            errors.append(
                row_message(
                    number,
                    "avtalsomrade",
                    "avtalsområde kan bara anges för placeringar under ett ramavtal.",
                )
            )
        elif nummer and ramavtal:
            omrade = self._omraden(ramavtal).get(nummer)
            if omrade is None:
                errors.append(
                    row_message(
                        number,
                        "avtalsomrade",
                        f"avtalsområde {nummer} finns inte i ramavtalet ”{ramavtal.diarienummer}”.",
                    )
                )
            return omrade
        return None

    # ------------------------------------------------------------ preview or write

    def _plan_placering(self, number, referens, fields):
        placering = Placering.objects.filter(referens=referens).first()
        created = placering is None
        if created:
            placering = Placering(referens=referens)
        changed = False
        for name, value in fields.items():
            if differs(placering, name, value):
                setattr(placering, name, value)
                changed = True
        if not (created or changed):
            return OFORANDRAD, []
        if self.commit:
            self._save(placering)
        else:
            errors = model_errors(number, placering)
            if errors:
                return "", errors
        return action(created, changed), []
