"""The supplier list from a procurement: suppliers, their contracts and units.

One row per supplier and ramavtal, optionally naming a unit (verksamhet) and
the contract's areas. Suppliers are matched on organisationsnummer, contracts
on supplier and ramavtal, units on their name within the supplier. Rows about
the same supplier, contract or unit must agree; an empty optional cell keeps
what the register has. A new contract starts as aktiv; an existing one's
status is never touched here, only by a Beslut.
"""

from dataclasses import dataclass, field

from leverantorer.imports.common import Plan, action, assign, max_length, model_errors
from leverantorer.models import Avtal, Leverantor, Verksamhet
from ramavtal.models import Ramavtal
from uppfoljning.history import act_as
from uppfoljning.tabular import Column, row_message

LEVERANTORER = "leverantorer"

COLUMNS = [
    Column("organisationsnummer", "orgnr", required_value=True, check_identity=False),
    Column("namn", "text", required_value=True, max_length=max_length(Leverantor, "namn")),
    Column("ort", "text", max_length=max_length(Leverantor, "ort")),
    Column("region", "text", max_length=max_length(Leverantor, "region")),
    Column("ramavtal", "text", required_value=True, max_length=50),
    Column("rangordning", "int", required_column=False),
    # The contract's start: for a choice system (LOV) the day the supplier was approved.
    Column("godkand", "date", required_column=False),
    Column("verksamhet", "text", required_column=False, max_length=max_length(Verksamhet, "namn")),
    Column(
        "ivo_tillstandsnummer",
        "text",
        required_column=False,
        max_length=max_length(Verksamhet, "ivo_tillstandsnummer"),
    ),
    Column("avtalsomraden", "int_list", required_column=False),
]

SUPPLIER_FIELDS = ("namn", "ort", "region")


class _Supplier:
    """A supplier as the plan sees it: saved or to be created, with its units and contracts."""

    def __init__(self, leverantor):
        self.leverantor = leverantor
        self.units = {}  # folded name -> [Verksamhet]
        self.contracts = {}  # ramavtal pk -> _Contract
        if leverantor.pk:
            for unit in leverantor.verksamheter.all():
                self.units.setdefault(unit.namn.casefold(), []).append(unit)


class _Contract:
    """A contract as the plan sees it, with the areas and units it is (to be) linked to."""

    def __init__(self, avtal):
        self.avtal = avtal
        self.omrade_ids = set()
        self.unit_names = set()
        if avtal.pk:
            self.omrade_ids = set(avtal.avtalsomraden.values_list("pk", flat=True))
            self.unit_names = {v.namn.casefold() for v in avtal.verksamheter.all()}


@dataclass
class _Found:
    """What a row refers to, looked up in the register and in what earlier rows planned."""

    orgnr: str
    ramavtal: Ramavtal | None
    omraden: list
    supplier: _Supplier
    unit_name: str
    ivo: str

    @property
    def unit_key(self):
        return self.unit_name.casefold()


@dataclass
class _Changes:
    """What a valid row changes. `dirty` is saved in order: the supplier before its parts."""

    dirty: list = field(default_factory=list)
    created: bool = False
    changed: bool = False
    unit: Verksamhet | None = None
    new_omraden: list = field(default_factory=list)
    link_unit: bool = False

    def touch(self, obj):
        self.dirty.append(obj)
        self.changed = True


class LeverantorslistaPlan(Plan):
    kind = LEVERANTORER
    columns = COLUMNS

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.suppliers = {}  # organisationsnummer -> _Supplier
        self.claims = {}  # (what, key, column) -> (row number, value)

    def row(self, number, values):
        found, errors = self._look_up(number, values)
        if errors:
            return "", errors
        # From here on the row is valid: record what it plans.
        self._claim_row(number, values, found)
        changes = _Changes()
        self._plan_supplier(found, values, changes)
        self._plan_unit(found, changes)
        contract = self._plan_contract(found, values, changes)
        self._plan_links(found, contract, changes)
        if self.commit:
            self._write(found.supplier.leverantor, contract.avtal, changes)
        else:
            errors = self._model_errors(number, found.supplier.leverantor, changes.dirty)
            if errors:
                return "", errors
        return action(changes.created, changes.changed), []

    # ------------------------------------------------------------ checks

    def _look_up(self, number, values):
        """The row's supplier, ramavtal, areas and unit, and every reason it is refused."""
        errors = []
        orgnr = values["organisationsnummer"]
        ramavtal = self._find_ramavtal(number, values["ramavtal"], errors)
        omraden = []
        if ramavtal:
            omraden = self._find_omraden(number, ramavtal, values.get("avtalsomraden", []), errors)
        unit_name = values.get("verksamhet", "")
        ivo = values.get("ivo_tillstandsnummer", "")
        if ivo and not unit_name:
            errors.append(
                row_message(
                    number, "ivo_tillstandsnummer", "ange också verksamheten tillståndet gäller."
                )
            )
        if ramavtal and ramavtal.ar_valfrihetssystem and values.get("rangordning") is not None:
            errors.append(
                row_message(
                    number,
                    "rangordning",
                    "ett valfrihetssystem har ingen avropsordning; lämna kolumnen tom.",
                )
            )
        if orgnr in self.suppliers:
            supplier = self.suppliers[orgnr]
        else:
            existing = Leverantor.objects.filter(organisationsnummer=orgnr).first()
            supplier = _Supplier(existing or Leverantor(organisationsnummer=orgnr))
        found = _Found(orgnr, ramavtal, omraden, supplier, unit_name, ivo)
        if unit_name and len(supplier.units.get(found.unit_key, [])) > 1:
            errors.append(
                row_message(
                    number,
                    "verksamhet",
                    f"leverantören har flera verksamheter som heter ”{unit_name}”; "
                    "rätta registret först.",
                )
            )
        errors += self._conflicts(number, values, found)
        return found, errors

    def _find_omraden(self, number, ramavtal, nummer_list, errors):
        known = self._omraden(ramavtal)
        omraden = []
        for nummer in nummer_list:
            if nummer in known:
                omraden.append(known[nummer])
            else:
                errors.append(
                    row_message(
                        number,
                        "avtalsomraden",
                        f"avtalsområde {nummer} finns inte i ramavtalet ”{ramavtal.diarienummer}”.",
                    )
                )
        return omraden

    def _conflicts(self, number, values, found):
        """Where the row disagrees with an earlier row about the same supplier, contract or unit."""
        orgnr = found.orgnr
        conflicts = [
            self._claim_conflict(number, "lev", orgnr, col, values[col], "organisationsnummer")
            for col in SUPPLIER_FIELDS
        ]
        if found.ramavtal:
            conflicts += [
                self._claim_conflict(
                    number,
                    "avtal",
                    (orgnr, found.ramavtal.pk),
                    column,
                    values.get(column),
                    "leverantör och ramavtal",
                )
                for column in ("rangordning", "godkand")
            ]
        if found.unit_name:
            conflicts.append(
                self._claim_conflict(
                    number,
                    "unit",
                    (orgnr, found.unit_key),
                    "ivo_tillstandsnummer",
                    found.ivo,
                    "verksamhet",
                )
            )
        return [conflict for conflict in conflicts if conflict]

    def _claim_conflict(self, number, what, key, column, value, label):
        claimed = self.claims.get((what, key, column))
        if value in ("", None) or claimed is None or claimed[1] == value:
            return None
        return row_message(number, column, f"skiljer sig från rad {claimed[0]} för samma {label}.")

    def _claim(self, number, what, key, column, value):
        if value not in ("", None):
            self.claims.setdefault((what, key, column), (number, value))

    def _claim_row(self, number, values, found):
        """Remember the valid row's values, so later rows about the same things must agree."""
        orgnr = found.orgnr
        self.suppliers[orgnr] = found.supplier
        for col in SUPPLIER_FIELDS:
            self._claim(number, "lev", orgnr, col, values[col])
        key = (orgnr, found.ramavtal.pk)
        for column in ("rangordning", "godkand"):
            self._claim(number, "avtal", key, column, values.get(column))
        if found.unit_name:
            self._claim(number, "unit", (orgnr, found.unit_key), "ivo_tillstandsnummer", found.ivo)

    # ------------------------------------------------------------ plan

    def _plan_supplier(self, found, values, changes):
        leverantor = found.supplier.leverantor
        # A supplier new to the register is created by the first row that names it.
        created = leverantor.pk is None and not getattr(leverantor, "_planned", False)
        if created:
            leverantor._planned = True
            changes.created = True
        updated = assign(leverantor, {name: values[name] for name in SUPPLIER_FIELDS})
        if created or updated:
            changes.touch(leverantor)

    def _plan_unit(self, found, changes):
        if not found.unit_name:
            return
        matches = found.supplier.units.get(found.unit_key)
        if matches:
            changes.unit = matches[0]
            if assign(changes.unit, {"ivo_tillstandsnummer": found.ivo}):
                changes.touch(changes.unit)
        else:
            changes.unit = Verksamhet(
                leverantor=found.supplier.leverantor,
                namn=found.unit_name,
                ivo_tillstandsnummer=found.ivo,
            )
            found.supplier.units[found.unit_key] = [changes.unit]
            changes.touch(changes.unit)

    def _plan_contract(self, found, values, changes):
        supplier, ramavtal = found.supplier, found.ramavtal
        contract = supplier.contracts.get(ramavtal.pk)
        if contract is None:
            avtal = None
            if supplier.leverantor.pk:
                avtal = Avtal.objects.filter(
                    leverantor=supplier.leverantor, ramavtal=ramavtal
                ).first()
            if avtal is None:
                # A new contract starts as aktiv (the model default); an existing
                # one's status is never touched here, only by a Beslut.
                avtal = Avtal(leverantor=supplier.leverantor, ramavtal=ramavtal)
                changes.created = True
                changes.dirty.append(avtal)
            contract = supplier.contracts[ramavtal.pk] = _Contract(avtal)
        avtal = contract.avtal
        ranked = assign(
            avtal, {"rangordning": values.get("rangordning"), "startdatum": values.get("godkand")}
        )
        if ranked and avtal not in changes.dirty:
            changes.touch(avtal)
        return contract

    def _plan_links(self, found, contract, changes):
        """The contract's areas and unit the row adds (each link is added once)."""
        changes.new_omraden = [o for o in found.omraden if o.pk not in contract.omrade_ids]
        contract.omrade_ids.update(o.pk for o in changes.new_omraden)
        changes.link_unit = changes.unit is not None and found.unit_key not in contract.unit_names
        if changes.link_unit:
            contract.unit_names.add(found.unit_key)
        changes.changed = changes.changed or bool(changes.new_omraden) or changes.link_unit

    # ------------------------------------------------------------ preview or write

    def _model_errors(self, number, leverantor, dirty):
        errors = []
        for obj in dirty:
            # A unit or contract of a supplier yet to be created has no key to check.
            unsaved_parent = obj is not leverantor and leverantor.pk is None
            errors += model_errors(number, obj, ["leverantor"] if unsaved_parent else [])
        return errors

    def _write(self, leverantor, avtal, changes):
        for obj in changes.dirty:
            if isinstance(obj, (Verksamhet, Avtal)):
                obj.leverantor = leverantor  # now saved; refresh the key
            self._save(obj)
        # One add per relation: each add is one history row for the contract,
        # which reads the acting user from the contract.
        act_as(avtal, user=self.user)
        if changes.new_omraden:
            avtal.avtalsomraden.add(*changes.new_omraden)
        if changes.link_unit:
            avtal.verksamheter.add(changes.unit)
