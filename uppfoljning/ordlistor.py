"""Word lists the municipality owns (methods, themes, deviation categories …).

Each list is a model on the abstract `Ordlista`: a unique name, an `aktiv`
flag and a sort order. Entries are added, renamed and retired on the pages
in `uppfoljning.ordlista_views`, never deleted: old records keep showing a
retired entry, new ones cannot choose it. Lists the code has rules on
(`KodadOrdlista`) also carry a stable `kod` the rules refer to; renaming
never touches it.

This module is on the bottom layer: the apps that define lists register them
here (`registrera`), so the shared pages need not import upward.
"""

from dataclasses import dataclass

from django import forms
from django.db import connections, models
from django.db.models import Q
from django.utils.text import slugify

from uppfoljning.validators import no_personal_identity

NAMN_FINNS = "Det finns redan ett ord med det namnet i listan."


class OrdlistaQuerySet(models.QuerySet):
    def aktiva(self):
        """Entries that may be chosen for new records."""
        return self.filter(aktiv=True)

    def valbara(self, *current):
        """Active entries plus the ones a record already has (instances or keys).

        Editing an old record must not silently drop a retired entry it holds.
        """
        keys = [getattr(c, "pk", c) for c in current if c not in (None, "")]
        if not keys:
            return self.aktiva()
        return self.filter(Q(aktiv=True) | Q(pk__in=keys))


class Ordlista(models.Model):
    namn = models.CharField(
        "namn",
        max_length=200,
        unique=True,
        validators=[no_personal_identity],
        error_messages={"unique": NAMN_FINNS},
    )
    aktiv = models.BooleanField(
        "aktiv", default=True, help_text="Bara aktiva ord kan väljas för nya uppgifter."
    )
    ordning = models.PositiveSmallIntegerField(
        "sorteringsordning",
        default=100,
        help_text="Lägre tal visas först; lika tal i bokstavsordning.",
    )

    objects = OrdlistaQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["ordning", "namn"]

    def __str__(self):
        return self.namn


class KodadOrdlista(Ordlista):
    """A list the code has rules on: entries also have a stable `kod`.

    KODER lists the kods the code names, with their first names. The app's
    migration seeds them; `sakerstall_koder` (post_migrate) recreates any that
    is missing, e.g. after a test flushed the database.
    """

    KODER = []

    kod = models.SlugField("kod", max_length=50, unique=True, editable=False)

    class Meta(Ordlista.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        # An entry added on the pages gets its kod from its first name; the
        # kod then stays, whatever the entry is renamed to.
        if not self.kod:
            self.kod = unik_kod(type(self), self.namn)
        super().save(*args, **kwargs)


def unik_kod(model, namn):
    """A slug of the name (å, ä, ö as a, a, o) not yet used in the list."""
    base = slugify(namn.translate(str.maketrans("åäöÅÄÖ", "aaoAAO")))[:45].strip("-") or "ord"
    kod, n = base, 2
    while model._default_manager.filter(kod=kod).exists():
        kod, n = f"{base}-{n}", n + 1
    return kod


def sakerstall_koder(using="default"):
    """Create every registered kod that has no row; existing rows stay as they are."""
    tables = set(connections[using].introspection.table_names())
    for lista in LISTOR.values():
        model = lista.model
        if not lista.har_kod or model._meta.db_table not in tables:
            continue  # migrated back to before the list existed
        manager = model._default_manager.db_manager(using)
        for ordning, (kod, namn) in enumerate(model.KODER, start=1):
            if manager.filter(kod=kod).exists():
                continue
            if manager.filter(namn=namn).exists():
                namn = f"{namn} ({kod})"
            manager.create(kod=kod, namn=namn, ordning=ordning)


# --- Forms ------------------------------------------------------------------


def begransa_till_valbara(field, *current):
    """Offer only active entries of the field's queryset, plus those the edited
    record already has."""
    field.queryset = field.queryset.valbara(*current)


class ValbaraOrdMixin:
    """ModelForm mixin: every word-list field offers only valbara entries.

    It runs inside the form's super().__init__(): a form that sets a field's
    queryset after that calls `begransa_till_valbara` itself instead.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or not issubclass(queryset.model, Ordlista):
                continue
            begransa_till_valbara(field, *self._nuvarande_ord(name))

    def _nuvarande_ord(self, name):
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            return []
        model_field = instance._meta.get_field(name)
        if model_field.many_to_many:
            return list(getattr(instance, name).all())
        return [getattr(instance, name, None)] if model_field.concrete else []


# --- Registry ---------------------------------------------------------------


@dataclass(frozen=True)
class Lista:
    slug: str
    model: type
    rubrik: str
    beskrivning: str

    @property
    def perm_prefix(self):
        return f"{self.model._meta.app_label}.%s_{self.model._meta.model_name}"

    def may_add(self, user):
        return user.has_perm(self.perm_prefix % "add")

    def may_change(self, user):
        return user.has_perm(self.perm_prefix % "change")

    @property
    def har_kod(self):
        return issubclass(self.model, KodadOrdlista)


LISTOR = {}


def registrera(slug, model, rubrik, beskrivning=""):
    """Make a word list manageable on /ordlistor/<slug>/ (called from models.py)."""
    LISTOR[slug] = Lista(slug, model, rubrik, beskrivning)
    return model


class OrdForm(forms.ModelForm):
    """Add or rename an entry: its name and sort order."""

    class Meta:
        fields = ["namn", "ordning"]

    def clean_namn(self):
        # The database refuses an exact copy; "kvällsbesök" beside "Kvällsbesök"
        # would be a copy to the reader too.
        namn = " ".join(self.cleaned_data["namn"].split())
        others = self._meta.model._default_manager.exclude(pk=self.instance.pk)
        if others.filter(namn__iexact=namn).exists():
            raise forms.ValidationError(NAMN_FINNS)
        return namn
