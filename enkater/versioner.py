"""Versions of a questionnaire: frozen once sent; editing a frozen one makes a new one.

Every change to a version's sections and questions goes through the functions
here, which refuse it once the version is frozen (`redigerbar`): the views
only show what these decide.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from enkater.models import Formular, FormularVersion, Fraga, Sektion
from enkater.models.formular import CHOICE_TYPES
from uppfoljning.history import act_as, save_as


def frys(version):
    """Freeze a version (at its first send-out); a frozen version never changes."""
    if version.fryst is None:
        version.fryst = timezone.now()
        version.save(update_fields=["fryst"])
    return version


def fryst_meddelande(version):
    """What a strategist is told when a frozen version would change."""
    datum = timezone.localtime(version.fryst).date().isoformat()
    return f"Version {version.nummer} skickades {datum} och kan inte ändras."


def redigerbar(version):
    """Refuse (ValidationError) any change to a frozen version; the version from the database.

    Read again from the database: a version frozen by a send-out a moment ago
    (in another request) is frozen here too.
    """
    fresh = FormularVersion.objects.only("fryst", "nummer").get(pk=version.pk)
    if fresh.is_frozen:
        raise ValidationError(fryst_meddelande(fresh))
    return fresh


def aktuell_version(formular):
    """The latest version of a questionnaire (None before the first one)."""
    return formular.versioner.order_by("-nummer").first()


def _kopiera_innehall(fran, till, user, reason):
    """Copy `fran`'s sections and questions into `till`: conditions point at the copies."""
    kopior = {}
    villkor = []
    sektioner = fran.sektioner.order_by("ordning", "pk").prefetch_related("fragor__krav")
    for sektion in sektioner:
        ny_sektion = save_as(
            Sektion(
                version=till,
                ordning=sektion.ordning,
                rubrik=sektion.rubrik,
                beskrivning=sektion.beskrivning,
            ),
            user=user,
            reason=reason,
        )
        for fraga in sorted(sektion.fragor.all(), key=lambda f: (f.ordning, f.pk)):
            kopia = Fraga(
                sektion=ny_sektion,
                **{
                    name: getattr(fraga, name)
                    for name in (
                        "ordning",
                        "typ",
                        "text",
                        "hjalptext",
                        "obligatorisk",
                        "alternativ",
                        "skala_min",
                        "skala_max",
                        "skala_min_etikett",
                        "skala_max_etikett",
                        "villkor_varde",
                        "tema_id",
                    )
                },
            )
            save_as(kopia, user=user, reason=reason)
            krav = list(fraga.krav.all())
            if krav:
                act_as(kopia, user=user, reason=reason)
                kopia.krav.set(krav)
            kopior[fraga.pk] = kopia
            if fraga.villkor_fraga_id:
                villkor.append((kopia, fraga.villkor_fraga_id))
    for kopia, gammal in villkor:
        kopia.villkor_fraga = kopior[gammal]
        save_as(kopia, user=user, reason=reason)
    return kopior


@transaction.atomic
def ny_version(version, user):
    """A new, unfrozen version (number + 1) copied from `version`.

    A questionnaire has at most one unfrozen version: when one exists it is
    returned as it is, nothing is copied.
    """
    formular = Formular.objects.select_for_update(of=("self",)).get(pk=version.formular_id)
    oppen = formular.versioner.filter(fryst__isnull=True).order_by("-nummer").first()
    if oppen is not None:
        return oppen
    nummer = (formular.versioner.aggregate(n=Max("nummer"))["n"] or 0) + 1
    ny = save_as(
        FormularVersion(formular=formular, nummer=nummer),
        user=user,
        reason=f"Ny version av version {version.nummer}",
    )
    _kopiera_innehall(version, ny, user, f"Kopierad från version {version.nummer}")
    return ny


@transaction.atomic
def kopiera_formular(formular, user, namn=None):
    """A new questionnaire with one unfrozen version copied from `formular`'s latest."""
    kopia = save_as(
        Formular(
            namn=namn or f"{formular.namn} (kopia)"[:200],
            beskrivning=formular.beskrivning,
            malgrupp=formular.malgrupp,
            ramavtal=formular.ramavtal,
            anonymt=formular.anonymt,
            kopierat_fran=formular,
            skapad_av=user,
        ),
        user=user,
        reason=f"Kopierat från {formular.namn}",
    )
    version = save_as(FormularVersion(formular=kopia, nummer=1), user=user)
    senaste = aktuell_version(formular)
    if senaste is not None:
        _kopiera_innehall(senaste, version, user, f"Kopierat från {formular.namn}")
    return kopia


# Fields of a questionnaire that its sent versions depend on: who answered, anonymously or
# not, against which agreement's requirements. Fixed from the first send-out on.
FASTA_FALT = ("malgrupp", "anonymt", "ramavtal")


def spara_formular(formular, user):
    """Save a questionnaire (a new one gets its first, empty version).

    Once a version is sent, the target group, anonymity and agreement stay as
    they were: a copy or a new questionnaire is the way to change them.
    """
    ny = formular.pk is None
    if not ny:
        before = Formular.objects.get(pk=formular.pk)
        if before.versioner.filter(fryst__isnull=False).exists():
            errors = {
                name: "Formuläret har skickats; det här kan inte ändras. Kopiera formuläret "
                "för att ändra det."
                for name in FASTA_FALT
                if getattr(before, f"{name}_id" if name == "ramavtal" else name)
                != getattr(formular, f"{name}_id" if name == "ramavtal" else name)
            }
            if errors:
                raise ValidationError(errors)
    with transaction.atomic():
        if ny:
            formular.skapad_av = user
        save_as(formular, user=user)
        if ny:
            save_as(FormularVersion(formular=formular, nummer=1), user=user)
    return formular


def spara_sektion(sektion, user):
    """Save a section of an unfrozen version; a new one goes last."""
    redigerbar(sektion.version)
    if sektion.pk is None:
        hogst = sektion.version.sektioner.aggregate(n=Max("ordning"))["n"] or 0
        sektion.ordning = hogst + 1
    return save_as(sektion, user=user)


def _beroende_fel(fraga):
    """Messages for questions whose condition would no longer hold after this change."""
    if fraga.pk is None:
        return None
    beroende = list(fraga.beroende.all())
    if not beroende:
        return None
    if fraga.typ not in CHOICE_TYPES:
        return {
            "typ": "Andra frågor visas beroende på svaret här ("
            + "; ".join(f"”{b}”" for b in beroende)
            + "); frågan måste ha fasta svar."
        }
    saknas = [b for b in beroende if b.villkor_varde not in fraga.alternativ_lista]
    if saknas:
        return {
            "alternativ": "Svarsalternativ som andra frågors villkor bygger på saknas: "
            + ", ".join(f"”{b.villkor_varde}”" for b in saknas)
            + "."
        }
    return None


def spara_fraga(fraga, user, krav=None):
    """Save a question of an unfrozen version (full_clean first); a new one goes last.

    `krav` (a list of requirements, or None to leave them) replaces the links.
    A change that breaks another question's condition is refused.
    """
    redigerbar(fraga.sektion.version)
    errors = _beroende_fel(fraga)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if fraga.pk is None:
            hogst = fraga.sektion.fragor.aggregate(n=Max("ordning"))["n"] or 0
            fraga.ordning = hogst + 1
        save_as(fraga, user=user, clean=True)
        if krav is not None:
            act_as(fraga, user=user)
            fraga.krav.set(krav)
    return fraga


def _ordnade(sektion):
    """The section's questions in order, renumbered 1..n where gaps or ties crept in."""
    fragor = list(sektion.fragor.order_by("ordning", "pk"))
    for index, fraga in enumerate(fragor, start=1):
        if fraga.ordning != index:
            fraga.ordning = index
            Fraga.objects.filter(pk=fraga.pk).update(ordning=index)
    return fragor


@transaction.atomic
def flytta_fraga(fraga, upp, user):
    """Move a question one step up or down within its section.

    A condition's question stays before the questions that depend on it.
    Returns False when there is nowhere to move.
    """
    redigerbar(fraga.sektion.version)
    fragor = _ordnade(fraga.sektion)
    index = next(i for i, f in enumerate(fragor) if f.pk == fraga.pk)
    granne_index = index - 1 if upp else index + 1
    if not 0 <= granne_index < len(fragor):
        return False
    granne = fragor[granne_index]
    forst, sedan = (granne, fragor[index]) if upp else (fragor[index], granne)
    if sedan.villkor_fraga_id == forst.pk:
        raise ValidationError(
            "Frågan kan inte flyttas förbi frågan som avgör om den visas: villkorsfrågan "
            "måste komma först."
        )
    mover = fragor[index]
    mover.ordning, granne.ordning = granne.ordning, mover.ordning
    save_as(mover, user=user, reason="Flyttad")
    save_as(granne, user=user, reason="Flyttad")
    return True


@transaction.atomic
def ta_bort_fraga(fraga, user):
    """Remove a question from an unfrozen version (a draft never sent: no record kept).

    Refused while another question's condition points at it.
    """
    redigerbar(fraga.sektion.version)
    beroende = list(fraga.beroende.all())
    if beroende:
        raise ValidationError(
            "Frågan kan inte tas bort: "
            + "; ".join(f"”{b}”" for b in beroende)
            + " visas beroende på svaret. Ändra eller ta bort villkoret först."
        )
    act_as(fraga, user=user, reason="Borttagen ur utkast")
    fraga.krav.clear()
    fraga.delete()
