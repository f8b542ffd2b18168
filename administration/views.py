"""The administration pages for role Administratör (not Django admin)."""

import logging
import mimetypes
import smtplib

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from administration import anvandare as service
from administration.forms import (
    AnvandareCreateForm,
    AnvandareUpdateForm,
    ForstaStartForm,
    KommuninstallningForm,
)
from administration.kommun import aktuell, standard
from administration.models import Handelse, Kommuninstallning
from uppfoljning import roles
from uppfoljning.editing import add_errors
from uppfoljning.history import history_entries
from uppfoljning.lists import paginate

User = get_user_model()
logger = logging.getLogger(__name__)


def _hanterbar_anvandare(request, pk):
    """The user to change, if this Administratör may change it (else 403)."""
    user = get_object_or_404(User, pk=pk)
    if not service.far_hanteras_av(user, request.user):
        raise PermissionDenied("Superanvändare hanteras inte här.")
    return user


def _send_invite(request, user):
    """Send the password link; a mail server that refuses is told, not a 500."""
    try:
        service.skicka_inbjudan(user, request.user)
    except (smtplib.SMTPException, OSError):
        logger.exception("Invite to user %s could not be sent", user.pk)
        messages.error(
            request,
            "E-postmeddelandet kunde inte skickas. Kontrollera adressen och försök igen med "
            "”Skicka inbjudan igen”.",
        )
        return False
    return True


def _role_prefetch():
    return Prefetch("groups", queryset=Group.objects.order_by("name"))


@permission_required("administration.visa_anvandare", raise_exception=True)
def anvandare_list(request):
    users = (
        service.real_users()
        .prefetch_related(_role_prefetch())
        .order_by("-is_active", "first_name", "last_name", "username")
    )
    return render(request, "administration/anvandare_list.html", paginate(request, users))


@permission_required("administration.hantera_anvandare", raise_exception=True)
def anvandare_create(request):
    form = AnvandareCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Created first, mailed after the commit: a rolled-back user never gets a link.
        user = service.skapa_anvandare(utford_av=request.user, **form.cleaned_data)
        if _send_invite(request, user):
            messages.success(
                request,
                f"{user.get_full_name()} är skapad. En inbjudan har skickats till {user.email}.",
            )
        return redirect("administration:anvandare", pk=user.pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": "Ny användare",
            "intro": "Användaren sätter själv sitt lösenord via en länk som skickas med e-post.",
            "cancel_url": reverse("administration:anvandare_list"),
        },
    )


@permission_required("administration.visa_anvandare", raise_exception=True)
def anvandare_detail(request, pk):
    user = get_object_or_404(User.objects.prefetch_related(_role_prefetch()), pk=pk)
    handelser = user.administrationshandelser.select_related("utford_av")[:200]
    context = {
        "anvandare": user,
        "handelser": handelser,
        "har_losenord": user.has_usable_password(),
        "ar_jag": user.pk == request.user.pk,
        "far_hanteras": service.far_hanteras_av(user, request.user),
    }
    return render(request, "administration/anvandare_detail.html", context)


@permission_required("administration.hantera_anvandare", raise_exception=True)
def anvandare_update(request, pk):
    user = _hanterbar_anvandare(request, pk)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "roller": list(user.groups.filter(name__in=roles.ROLES)),
    }
    form = AnvandareUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = service.andra_anvandare(
                utford_av=request.user, user=user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Ändringarna är sparade." if changed else "Inget ändrades.")
            return redirect("administration:anvandare", pk=user.pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": f"Ändra {user.get_full_name() or user.username}",
            "cancel_url": reverse("administration:anvandare", args=[user.pk]),
        },
    )


@require_POST
@permission_required("administration.hantera_anvandare", raise_exception=True)
def anvandare_inbjudan(request, pk):
    user = _hanterbar_anvandare(request, pk)
    if not user.is_active:
        messages.error(request, "Kontot är avaktiverat. Aktivera det först.")
    elif not user.email:
        messages.error(request, "Användaren saknar e-postadress.")
    elif _send_invite(request, user):
        messages.success(
            request, f"En ny länk för att sätta lösenord har skickats till {user.email}."
        )
    return redirect("administration:anvandare", pk=user.pk)


@require_POST
@permission_required("administration.hantera_anvandare", raise_exception=True)
def anvandare_avaktivera(request, pk):
    user = _hanterbar_anvandare(request, pk)
    try:
        service.avaktivera(utford_av=request.user, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Kontot är avaktiverat. Användaren kan inte längre logga in.")
    return redirect("administration:anvandare", pk=user.pk)


@require_POST
@permission_required("administration.hantera_anvandare", raise_exception=True)
def anvandare_aktivera(request, pk):
    user = _hanterbar_anvandare(request, pk)
    service.aktivera(utford_av=request.user, user=user)
    messages.success(request, "Kontot är aktivt igen.")
    return redirect("administration:anvandare", pk=user.pk)


@permission_required("administration.change_kommuninstallning", raise_exception=True)
def kommun_installningar(request):
    # Not created until saved: a refused form writes nothing.
    installning = Kommuninstallning.objects.filter(
        pk=Kommuninstallning.SINGLETON_PK
    ).first() or Kommuninstallning(pk=Kommuninstallning.SINGLETON_PK)
    form = KommuninstallningForm(
        request.POST or None, request.FILES or None, instance=installning, standard=standard()
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Kommunens inställningar är sparade.")
        return redirect("administration:kommun")
    context = {
        "form": form,
        "kommun": aktuell(),
        "history": history_entries(installning) if not installning._state.adding else [],
    }
    return render(request, "administration/kommun.html", context)


def logotyp(request):
    """The uploaded logo for the page header (any signed-in user)."""
    path = aktuell().logo_path
    if path is None:
        raise Http404
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = FileResponse(path.open("rb"), content_type=content_type)
    # The URL carries the version, so a new logo is a new URL.
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_not_required
def forsta_start(request):
    """Create the first Administratör; exists only while there is no user at all."""
    if not service.forsta_start_oppen():
        raise Http404
    form = ForstaStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = service.skapa_forsta_administrator(
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                password=data["password1"],
            )
        except service.ForstaStartStangd:
            raise Http404 from None
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            "Du är nu administratör. Fyll i kommunens uppgifter och bjud sedan in användarna.",
        )
        return redirect("administration:kommun")
    return render(request, "administration/forsta_start.html", {"form": form})


# The two password-set pages stay class-based, unlike every other view: they
# are Django's own PasswordResetConfirmView and PasswordResetCompleteView
# (token check, form, session handling), adjusted in a few methods.


@method_decorator(login_not_required, name="dispatch")
class SattLosenordView(auth_views.PasswordResetConfirmView):
    """The invite and renewal link: the user chooses a password themselves."""

    template_name = "administration/satt_losenord.html"
    success_url = reverse_lazy("satt_losenord_klart")
    post_reset_login = False

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # A deactivated account's old link must not work.
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            service.logga(form.user, Handelse.LOSENORD_SATT, form.user)
        return response


@method_decorator(login_not_required, name="dispatch")
class SattLosenordKlartView(auth_views.PasswordResetCompleteView):
    template_name = "administration/satt_losenord_klart.html"
