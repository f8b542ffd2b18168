"""The answer pages: the personal link (outside login) and a colleague's staff survey.

`besvara` and `besvara_fil` are the only enkater pages outside login
(tests/uppfoljning/test_url_protection.py lists them). They answer an unknown,
revoked, expired or foreign token with one neutral 404 page, are rate-limited per
client address and per token (429), send `Referrer-Policy: no-referrer`, and log
the token masked only (enkater.tokens.masked). The rules are in enkater.besvara.
"""

import logging
import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from enkater import besvara as regler
from enkater.forms.besvara import BesvaraForm, field_name
from enkater.models import FragaTyp, Mottagare, SvarStatus, SvarVarde
from enkater.tokens import masked, token_hash
from uppfoljning.ratelimit import for_mycket
from uppfoljning.throttling import client_ip

log = logging.getLogger("uppfoljning.atkomst")


def _limits():
    """(per client address, per token) requests allowed per minute."""
    return getattr(settings, "ENKATER_SVAR_GRANS", (120, 60))


def _no_referrer(response):
    """Never send the token's URL as a Referer, to another site or to our own static files.

    The page with the form has `strict-origin` (set by _answer_page: the origin only, never
    the path): under `no-referrer` Chromium sends `Origin: null` with the form's POST, which
    Django's CSRF check refuses. Every other response is `no-referrer`.
    """
    response.setdefault("Referrer-Policy", "no-referrer")
    return response


def _saknas(request):
    """The one page for every link that does not open: it says nothing about why."""
    return _no_referrer(render(request, "enkater/besvara_saknas.html", status=404))


def _rate_limited(request, token):
    per_address, per_token = _limits()
    address = client_ip(request) or "okand"
    over = for_mycket(f"besvara:adress:{address}", per_address, 60)
    over = for_mycket(f"besvara:token:{token_hash(token)}", per_token, 60) or over
    return over


def _for_manga(request):
    return _no_referrer(render(request, "enkater/besvara_for_manga.html", status=429))


def _posted_texts(request, mottagare_or_none):
    """What was typed in a refused save, to show back: (question text, value) pairs."""
    labels = {}
    if mottagare_or_none is not None:
        labels = {field_name(f): f.text for f in regler.fragor_i(mottagare_or_none.utskick.version)}
    shown = []
    for key in request.POST:
        if not key.startswith("fraga_"):
            continue
        values = [v for v in request.POST.getlist(key) if v.strip()]
        if values:
            shown.append((labels.get(key, "Ditt svar"), "\n".join(values)))
    return shown


@login_not_required
@csrf_protect
@require_http_methods(["GET", "POST"])
def besvara(request, token):
    """Answer a questionnaire by personal link: the form, a draft save, a submit."""
    if _rate_limited(request, token):
        log.warning("besvara for manga token=%s", masked(token))
        return _for_manga(request)
    today = timezone.localdate()
    mottagare = regler.mottagare_for_token(token, today)
    if mottagare is None:
        if request.method == "POST":
            # Typed text is never lost: the page shows it back (same page for any token).
            known = (
                Mottagare.objects.select_related("utskick__version")
                .filter(token_hash=token_hash(token), anvandare__isnull=True)
                .exclude(token_hash="")
                .first()
            )
            log.info("besvara ej sparat token=%s", masked(token))
            response = render(
                request,
                "enkater/besvara_utgangen.html",
                {"texter": _posted_texts(request, known)},
                status=404,
            )
            return _no_referrer(response)
        return _saknas(request)
    regler.registrera_besok(mottagare)
    response = _answer_page(request, mottagare, token=token)
    return _no_referrer(response)


@login_not_required
@require_http_methods(["GET"])
def besvara_fil(request, token, fraga_pk):
    """The respondent's own uploaded file, by the same personal link."""
    if _rate_limited(request, token):
        return _for_manga(request)
    mottagare = regler.mottagare_for_token(token, timezone.localdate())
    if mottagare is None:
        return _saknas(request)
    varde = (
        SvarVarde.objects.filter(svar__mottagare=mottagare, fraga_id=fraga_pk)
        .exclude(fil="")
        .first()
    )
    if varde is None:
        return _saknas(request)
    content_type = mimetypes.guess_type(varde.fil.name)[0] or "application/octet-stream"
    name = varde.filnamn or PurePath(varde.fil.name).name
    response = FileResponse(
        varde.fil.open("rb"), content_type=content_type, as_attachment=True, filename=name
    )
    log.info("besvara fil token=%s", masked(token))
    return _no_referrer(response)


@require_http_methods(["GET"])
def personal_lista(request):
    """My staff surveys, open and answered."""
    today = timezone.localdate()
    mottagare = list(
        Mottagare.objects.filter(anvandare=request.user, aterkallad__isnull=True)
        .select_related("utskick__version__formular", "leverantor", "verksamhet", "svar")
        .order_by("-utskick__svar_senast", "pk")
    )
    rader = []
    for m in mottagare:
        svar = regler.svar_for(m)
        rader.append(
            {
                "mottagare": m,
                "besvarad": m.besvarad,
                "oppen": not m.besvarad
                and regler.ar_oppen(m, today, svar=svar, kompletteringar=[]),
                "utkast": svar is not None and svar.status == SvarStatus.UTKAST,
            }
        )
    return render(request, "enkater/besvara_personal_lista.html", {"rader": rader})


@require_http_methods(["GET", "POST"])
def personal_svara(request, pk):
    """Answer a staff survey, logged in: only the recipient's own user, else 404."""
    mottagare = get_object_or_404(
        Mottagare.objects.select_related("utskick__version__formular", "leverantor", "verksamhet"),
        pk=pk,
        anvandare=request.user,
        aterkallad__isnull=True,
    )
    if mottagare.besvarad and regler.svar_for(mottagare) is None:
        # An anonymous answer: nothing links it to this person, so nothing is shown.
        return render(
            request,
            "enkater/besvara_kvitto.html",
            {
                "mottagare": mottagare,
                "anonymt": True,
                "inskickad": None,
                "svar": None,
                "redan": False,
                "inskickat_nu": False,
                "rader": [],
            },
        )
    if not regler.ar_oppen(mottagare, timezone.localdate()):
        svar = regler.svar_for(mottagare)
        if svar is not None and svar.status != SvarStatus.UTKAST:
            return _answer_page(request, mottagare, token=None)
        raise Http404
    regler.registrera_besok(mottagare)
    return _answer_page(request, mottagare, token=None)


def _answer_page(request, mottagare, *, token):
    """The form (GET), a draft save or a submit (POST), or the receipt once submitted."""
    today = timezone.localdate()
    utskick = mottagare.utskick
    fragor = regler.fragor_i(utskick.version)
    svar = regler.svar_for(mottagare)
    kompletteringar = regler.oppna_kompletteringar(svar)
    editable = regler.andringsbara(svar, fragor, kompletteringar)
    sparade = regler.sparade_varden(svar)
    sista = regler.sista_svarsdag(mottagare, kompletteringar)
    context = {
        "mottagare": mottagare,
        "utskick": utskick,
        "formular": utskick.version.formular,
        "token": token,
        "anonymt": utskick.anonymt,
        "sista_svarsdag": sista,
        "giltig_till": regler.giltig_till(mottagare, kompletteringar),
        "efter_sista_dag": today > sista,
        "redan": False,
        "inskickat_nu": False,
        "rader": [],
        "sparat": None,
        "sparat_sent": False,
    }
    if svar is not None and svar.status in (SvarStatus.INSKICKAT, SvarStatus.GODKANT):
        if request.method == "POST" and "skicka" in request.POST:
            context["redan"] = True
        context.update(svar=svar, inskickad=svar.inskickad, rader=_receipt_rows(fragor, sparade))
        return render(request, "enkater/besvara_kvitto.html", context)

    skicka = request.method == "POST" and "skicka" in request.POST
    form = BesvaraForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        fragor=fragor,
        editable=editable,
        sparade=sparade,
        skicka=skicka,
    )
    if request.method == "POST" and form.is_valid():
        varden = form.varden()
        if skicka:
            try:
                result = regler.skicka_in(mottagare, varden, today=today)
            except regler.SvarSaknas as error:
                for fraga in error.fragor:
                    form.add_error(field_name(fraga), "Frågan måste besvaras.")
            else:
                log.info("besvara inskickat %s", _who(mottagare, token))
                if result.svar is None:  # anonymous: shown once, from what was posted
                    rows = [(f, _display(f, varden.get(f.pk))) for f in fragor if f.pk in varden]
                    context.update(rader=rows, inskickat_nu=True, inskickad=today, svar=None)
                    return render(request, "enkater/besvara_kvitto.html", context)
                return redirect(request.path)
        else:
            saved = regler.spara_utkast(mottagare, varden, today=today)
            log.info("besvara utkast %s", _who(mottagare, token))
            context["sparat"] = saved.senast_sparad
            context["sparat_sent"] = saved.sparad_efter_sista_dag
            svar = saved
            sparade = regler.sparade_varden(svar)
            form = BesvaraForm(fragor=fragor, editable=editable, sparade=sparade, skicka=False)
    kommentarer = {k.fraga_id: k.kommentar for k in kompletteringar}
    nummer = {f.pk: index for index, f in enumerate(fragor, start=1)}
    sektioner = []
    for fraga in fragor:
        if not sektioner or sektioner[-1]["sektion"].pk != fraga.sektion_id:
            sektioner.append({"sektion": fraga.sektion, "fragor": []})
        villkor = None
        if fraga.villkor_fraga_id:
            villkor = {
                "nummer": nummer.get(fraga.villkor_fraga_id),
                "varde": fraga.villkor_varde,
                "falt": f"fraga_{fraga.villkor_fraga_id}",
            }
        sektioner[-1]["fragor"].append(
            {
                "fraga": fraga,
                "nummer": nummer[fraga.pk],
                "field": form[field_name(fraga)],
                "villkor": villkor,
                "kommentar": kommentarer.get(fraga.pk),
                "sparad": sparade.get(fraga.pk),
                "dokument": fraga.typ == FragaTyp.DOKUMENT,
            }
        )
    context.update(
        form=form,
        sektioner=sektioner,
        svar=svar,
        komplettering=bool(kompletteringar),
    )
    response = render(request, "enkater/besvara_formular.html", context)
    response["Referrer-Policy"] = "strict-origin"  # see _no_referrer
    return response


def _who(mottagare, token):
    if token is not None:
        return f"token={masked(token)}"
    return "personal" if mottagare.utskick.anonymt else f"mottagare={mottagare.pk}"


def _display(fraga, value):
    if fraga.typ == FragaTyp.DOKUMENT:
        return getattr(value, "name", "") or ""
    return value or ""


def _receipt_rows(fragor, sparade):
    rows = []
    for fraga in fragor:
        saved = sparade.get(fraga.pk)
        if saved is None:
            continue
        rows.append((fraga, saved.filnamn if fraga.typ == FragaTyp.DOKUMENT else saved.text))
    return rows
