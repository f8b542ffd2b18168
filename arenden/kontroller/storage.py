"""Store a check and raise at most one Signal when the result got worse.

Every answer is stored as a dated snapshot with its source and the SHA-256
of the raw answer; a failed check is stored too (status misslyckad, a Swedish
message) so it shows as unknown, never as fine. A worsening against the
latest successful check creates one Signal for the responsible strategist,
keyed by a dedupe key made of the subject, the check compared against and the
worsened fields: a re-run, a re-delivered task or two checks racing on the
same baseline can never create a second one.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from arenden.avropskontroll import manuell_klarning
from arenden.kontroller.jamforelse import SERIOUS, forsamringar
from arenden.kontroller.parsing import KontrollFel, sha256
from arenden.models import (
    IvoKontroll,
    Kontrollkalla,
    Kontrollstatus,
    Kontrolltyp,
    Kreditkontroll,
    Signal,
    SignalKalla,
)
from leverantorer.models import Avtal, Leverantor, Verksamhet
from uppfoljning.history import acting_user, save_as

MODELS = {
    Kontrolltyp.IVO: (IvoKontroll, "verksamhet"),
    Kontrolltyp.KREDIT: (Kreditkontroll, "leverantor"),
}


def latest_ok(typ, amne_id, *, upto=None):
    """The newest successful check (as of `upto`, if given)."""
    model, fk = MODELS[typ]
    checks = model.objects.filter(**{f"{fk}_id": amne_id}, status=Kontrollstatus.OK)
    if upto is not None:
        checks = checks.filter(kontrollerad__lte=upto)
    return checks.order_by("-kontrollerad", "-pk").first()


def store_check(*, typ, amne_id, utfall, kalla, svep=None, user=None, now=None):
    """Store one check (utfall: Svar or KontrollFel); return (check, signal or None).

    Returns (None, None) when the sweep already holds a check of this subject:
    a resumed or doubled sweep skips it.
    """
    model, fk = MODELS[typ]
    per = None if isinstance(utfall, KontrollFel) else utfall.per
    check = model(
        **{f"{fk}_id": amne_id},
        kontrollerad=per or now or timezone.now(),
        kalla=kalla,
        svep=svep,
        registrerad_av=user,
    )
    if isinstance(utfall, KontrollFel):
        check.status = Kontrollstatus.MISSLYCKAD
        check.felmeddelande = utfall.message
        check.svar_sha256 = sha256(utfall.raw)
    else:
        check.status = Kontrollstatus.OK
        check.svar_sha256 = utfall.sha256
        for name, value in utfall.falt.items():
            setattr(check, name, value)
    try:
        return _save_and_compare(typ, check, amne_id)
    except IntegrityError:
        if svep is not None and model.objects.filter(svep=svep, **{f"{fk}_id": amne_id}).exists():
            return None, None
        raise


def store_manual_check(*, typ, check):
    """Store a check a person registered by hand; a worsening raises a signal too,
    and so does a check that lifts a stop or warning of the previous one."""
    _model, fk = MODELS[typ]
    amne_id = getattr(check, f"{fk}_id")
    with transaction.atomic():
        previous = latest_ok(typ, amne_id, upto=check.kontrollerad)
        check, signal = _save_and_compare(typ, check, amne_id)
        lifted = manuell_klarning(previous, check)
        if lifted:
            signal = signal or klarning_signal_skapa(typ=typ, check=check, lifted=lifted)
    return check, signal


def _save_and_compare(typ, check, amne_id):
    with transaction.atomic():
        # Compared with what was known before it: an answer dated back (an
        # old export read again) is never a "change" against a later check.
        ok = check.status == Kontrollstatus.OK
        previous = latest_ok(typ, amne_id, upto=check.kontrollerad) if ok else None
        with transaction.atomic():
            # A sweep has no person behind it: its checks are saved as the system user.
            save_as(check, user=acting_user(check.registrerad_av))
        signal = None
        if check.status == Kontrollstatus.OK:
            worse = forsamringar(previous, check)
            if worse:
                signal = signal_skapa(typ=typ, check=check, previous=previous, worse=worse)
    return check, signal


def ansvarig_strateg(leverantor_id, verksamhet_id=None):
    """The responsible strategist of a supplier (of the contracts covering the unit,
    if given): the register's rule, AvtalQuerySet.med_ansvarig_strateg."""
    contracts = Avtal.objects.filter(leverantor_id=leverantor_id)
    if verksamhet_id is not None:
        contracts = contracts.omfattar(verksamhet_id)
    ranked = contracts.med_ansvarig_strateg()
    return ranked.values_list("ramavtal__ansvarig_strateg", flat=True).first()


# How a signal names where the worsening was seen (a label lower-cased would
# read "manuellt registrerad (t.ex. ivo:s placeringsstöd)" inside parentheses).
SOURCE_PHRASES = {
    Kontrollkalla.MANUELL: "registrerad för hand",
    Kontrollkalla.HTTP: "hämtad från extern tjänst",
    Kontrollkalla.FIL: "från importerad fil",
    Kontrollkalla.STUB: "demodata",
}


def signal_skapa(*, typ, check, previous, worse):
    """One Signal for this worsening, or the one that already exists."""
    if typ == Kontrolltyp.IVO:
        unit = Verksamhet.objects.only("leverantor_id", "namn").get(pk=check.verksamhet_id)
        leverantor_id, verksamhet_id = unit.leverantor_id, unit.pk
        kalla = SignalKalla.IVO
        subject = f"IVO-kontroll av {unit.namn}"
    else:
        leverantor_id, verksamhet_id = check.leverantor_id, None
        kalla = SignalKalla.KREDIT
        subject = "Kreditkontroll av " + Leverantor.objects.get(pk=leverantor_id).namn
    fingerprint = ",".join(f"{c.falt}={c.efter}" for c in worse)[:120]
    key = f"{typ}:{check.verksamhet_id if typ == Kontrolltyp.IVO else leverantor_id}:"
    key += f"{previous.pk if previous else 0}:{fingerprint}"
    when = timezone.localtime(check.kontrollerad)
    source = SOURCE_PHRASES[check.kalla]
    description = (
        f"{subject} {when:%Y-%m-%d} ({source}) visar en försämring: "
        + "; ".join(change.text for change in worse)
        + ". Skapad automatiskt – bedöm om händelsestyrd uppföljning behövs. "
        "Inget avtal har pausats."
    )
    signal = Signal(
        dedupe_nyckel=key[:200],
        leverantor_id=leverantor_id,
        verksamhet_id=verksamhet_id,
        kalla=kalla,
        datum=when.date(),
        beskrivning=description,
        allvarlig=any(c.falt in SERIOUS for c in worse),
        ansvarig_id=ansvarig_strateg(leverantor_id, verksamhet_id),
    )
    if Signal.objects.filter(dedupe_nyckel=signal.dedupe_nyckel).exists():
        return None
    try:
        with transaction.atomic():
            save_as(signal, user=acting_user())
    except IntegrityError:
        # Another check on the same baseline created it between our get and create.
        return None
    return signal


def _subject(typ, check):
    """(leverantor_id, verksamhet_id, signal source, "IVO-kontroll av …") of a check."""
    if typ == Kontrolltyp.IVO:
        unit = Verksamhet.objects.only("leverantor_id", "namn").get(pk=check.verksamhet_id)
        return unit.leverantor_id, unit.pk, SignalKalla.IVO, f"IVO-kontroll av {unit.namn}"
    name = Leverantor.objects.get(pk=check.leverantor_id).namn
    return check.leverantor_id, None, SignalKalla.KREDIT, f"Kreditkontroll av {name}"


def klarning_signal_skapa(*, typ, check, lifted):
    """One Signal saying that a check registered by hand lifted a stop or warning."""
    leverantor_id, verksamhet_id, kalla, subject = _subject(typ, check)
    who = check.registrerad_av
    by = f" av {who.get_full_name() or who.username}" if who else ""
    when = timezone.localtime(check.kontrollerad)
    was = "stopp" if any(s.niva == "stopp" for s in lifted) else "varning"
    description = (
        f"{subject} {when:%Y-%m-%d}, registrerad för hand{by}, häver tidigare {was}: "
        + " ".join(s.text for s in lifted)
        + " Kontrollera underlaget innan avrop görs; en kontroll för hand ersätter "
        "inte ett beslut."
    )
    signal = Signal(
        dedupe_nyckel=f"{typ}:klarning:{check.pk}",
        leverantor_id=leverantor_id,
        verksamhet_id=verksamhet_id,
        kalla=kalla,
        datum=when.date(),
        beskrivning=description,
        allvarlig=was == "stopp",
        ansvarig_id=ansvarig_strateg(leverantor_id, verksamhet_id),
    )
    save_as(signal, user=acting_user())
    return signal
