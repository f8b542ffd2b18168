"""User administration: create and invite, roles, deactivation — each step logged.

Our pages never set is_superuser, is_staff or anyone's password: a new user
gets an unusable password and an e-mail with a link to set their own.
Users are deactivated, never deleted, so their names stay on history.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from administration.kommun import aktuell
from administration.models import Anvandarhandelse, Handelse
from uppfoljning import roles
from uppfoljning.history import real_users

User = get_user_model()


def role_groups():
    """The role groups in the order of uppfoljning.roles.ROLES."""
    groups = {g.name: g for g in Group.objects.filter(name__in=roles.ROLES)}
    return [groups[name] for name in roles.ROLES if name in groups]


def logga(anvandare, handelse, utford_av=None, detalj=""):
    return Anvandarhandelse.objects.create(
        anvandare=anvandare, utford_av=utford_av, handelse=handelse, detalj=detalj[:300]
    )


def _lock_administrators():
    """Serialise changes that could leave no Administratör (and the first start).

    SQLite's IMMEDIATE transactions already serialise writers; on PostgreSQL
    the row lock on the Administratör group does it.
    """
    return Group.objects.select_for_update().get(name=roles.ADMINISTRATOR)


def _other_active_administrators(user):
    return (
        User.objects.filter(is_active=True, groups__name=roles.ADMINISTRATOR)
        .exclude(pk=user.pk)
        .exists()
    )


def _is_active_administrator(user):
    return user.is_active and user.groups.filter(name=roles.ADMINISTRATOR).exists()


def far_hanteras_av(user, utford_av):
    """May `utford_av` change `user` on our pages?

    Not a Django superuser unless by another: changing its e-mail and sending
    it a password link would hand an Administratör every right there is. Never
    the system user: it is no person, and giving it a password or a role would
    let someone log in as what tasks and imports act as.
    """
    if not user.is_superuser or utford_av.is_superuser:
        return real_users().filter(pk=user.pk).exists()
    return False


def namns_i_registren(user):
    """Does any record name the user (history rows, the audit log, decisions …)?

    Such a user is deactivated, never deleted: deletion would turn their name
    into "Systemet" on the history of everything they did, or remove the
    records with them. Many-to-many rows of the user's own (roles) do not count.
    """
    references = [
        (model, field.attname)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if (field.many_to_one or field.one_to_one) and field.related_model is User
    ]
    return any(
        model._base_manager.filter(**{attname: user.pk}).exists() for model, attname in references
    )


def password_link(user):
    """The absolute link where the user sets a password (invite or renewal)."""
    path = reverse(
        "satt_losenord",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def skicka_inbjudan(user, utford_av=None):
    """E-mail the user a link to set their password; logged."""
    kommun = aktuell()
    context = {
        "user": user,
        "link": password_link(user),
        "kommun": kommun,
        "dagar": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
        "login_url": f"{settings.SITE_URL}{reverse('login')}",
    }
    body = render_to_string("administration/inbjudan_epost.txt", context)
    subject = f"Uppföljning av privata utförare – {kommun.namn}: sätt ditt lösenord"
    EmailMessage(subject=subject, body=body, to=[user.email]).send()
    logga(user, Handelse.INBJUDAN, utford_av, f"Till {user.email}")


@transaction.atomic
def skapa_anvandare(*, utford_av, username, first_name, last_name, email, roller):
    """Create an active user with an unusable password (the caller sends the invite)."""
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email, is_active=True
    )
    user.set_unusable_password()
    user.save()
    user.groups.set(roller)
    logga(user, Handelse.SKAPAD, utford_av, f"Användarnamn {username}")
    for group in sorted(roller, key=lambda g: g.name):
        logga(user, Handelse.ROLL_TILLAGD, utford_av, group.name)
    return user


@transaction.atomic
def andra_anvandare(*, utford_av, user, first_name, last_name, email, roller):
    """Change name, e-mail and roles; refuse to leave no active Administratör."""
    _lock_administrators()
    user.refresh_from_db()
    before = set(user.groups.filter(name__in=roles.ROLES))
    after = set(roller)
    removed, added = before - after, after - before
    loses_admin = any(g.name == roles.ADMINISTRATOR for g in removed) and user.is_active
    if loses_admin and not _other_active_administrators(user):
        raise ValidationError(
            {
                "roller": "Det måste finnas minst en aktiv administratör. Ge någon annan "
                "rollen Administratör först."
            }
        )
    changes = []
    for attr, label in (("first_name", "förnamn"), ("last_name", "efternamn"), ("email", "e-post")):
        new = {"first_name": first_name, "last_name": last_name, "email": email}[attr]
        if getattr(user, attr) != new:
            changes.append(f"{label}: {getattr(user, attr) or '–'} → {new or '–'}")
            setattr(user, attr, new)
    if changes:
        user.save(update_fields=["first_name", "last_name", "email"])
        logga(user, Handelse.UPPGIFTER, utford_av, "; ".join(changes))
    for group in sorted(added, key=lambda g: g.name):
        user.groups.add(group)
        logga(user, Handelse.ROLL_TILLAGD, utford_av, group.name)
    for group in sorted(removed, key=lambda g: g.name):
        user.groups.remove(group)
        logga(user, Handelse.ROLL_BORTTAGEN, utford_av, group.name)
    return bool(changes or added or removed)


@transaction.atomic
def avaktivera(*, utford_av, user):
    """Deactivate: the user can no longer log in but stays on every history."""
    _lock_administrators()
    user.refresh_from_db()
    if utford_av is not None and user.pk == utford_av.pk:
        raise ValidationError("Du kan inte avaktivera ditt eget konto.")
    if not user.is_active:
        return False
    if _is_active_administrator(user) and not _other_active_administrators(user):
        raise ValidationError("Den sista aktiva administratören kan inte avaktiveras.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    logga(user, Handelse.AVAKTIVERAD, utford_av)
    return True


@transaction.atomic
def aktivera(*, utford_av, user):
    user.refresh_from_db()
    if user.is_active:
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    logga(user, Handelse.AKTIVERAD, utford_av)
    return True


class ForstaStartStangd(Exception):
    """Someone already exists: the first-start page is closed."""


def forsta_start_oppen():
    """The setup page is open while no user exists, where the settings allow it.

    The system user that tasks and imports act as is no user here (real_users).

    Production keeps it shut unless SETUP_PAGE=true: between `docker compose up`
    and `manage.py skapa_administrator` anyone reaching the server could
    otherwise make themselves the first Administratör.
    """
    return settings.SETUP_PAGE and not real_users().exists()


@transaction.atomic
def skapa_forsta_administrator(*, username, first_name, last_name, email, password):
    """The very first user, as Administratör; refused once anyone exists.

    The check runs inside the transaction holding the Administratör group's
    lock, so two simultaneous first starts cannot both succeed.
    """
    group = _lock_administrators()
    if not forsta_start_oppen():
        raise ForstaStartStangd
    user = User.objects.create_user(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    user.groups.add(group)
    logga(user, Handelse.SKAPAD, None, "Första administratören (första start)")
    logga(user, Handelse.ROLL_TILLAGD, None, group.name)
    return user


def skapa_administrator(*, username, first_name, last_name, email, password, kalla):
    """An active Administratör (never superuser or staff) from the command line."""
    with transaction.atomic():
        group = _lock_administrators()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(f"Användarnamnet {username!r} finns redan.")
        user = User.objects.create_user(
            username=username,
            email=email,
            password=password,
            first_name=first_name,
            last_name=last_name,
        )
        user.groups.add(group)
        logga(user, Handelse.SKAPAD, None, kalla)
        logga(user, Handelse.ROLL_TILLAGD, None, group.name)
    return user
