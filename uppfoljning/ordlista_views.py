"""Pages for the word lists (uppfoljning.ordlistor): list, add, rename, retire.

One set of views for every registered list. Keeping a list needs the
model's change permission (adding also its add permission); there is no
delete: a word in use stays on old records, so it is retired instead.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import modelform_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from uppfoljning.history import history_entries
from uppfoljning.ordlistor import LISTOR, OrdForm


def _lista(request, slug, *, add=False):
    lista = LISTOR.get(slug)
    if lista is None:
        raise Http404("Det finns ingen sådan ordlista.")
    if not lista.may_change(request.user) or (add and not lista.may_add(request.user)):
        raise PermissionDenied
    return lista


def _form_class(lista):
    return modelform_factory(lista.model, form=OrdForm, fields=OrdForm.Meta.fields)


def index(request):
    listor = sorted(
        (lista for lista in LISTOR.values() if lista.may_change(request.user)),
        key=lambda lista: lista.rubrik,
    )
    if not listor:
        raise PermissionDenied
    return render(request, "uppfoljning/ordlistor/index.html", {"listor": listor})


def lista_detail(request, slug):
    lista = _lista(request, slug)
    entries = list(lista.model.objects.all())
    context = {
        "lista": lista,
        "aktiva": [e for e in entries if e.aktiv],
        "avvecklade": [e for e in entries if not e.aktiv],
        "may_add": lista.may_add(request.user),
    }
    return render(request, "uppfoljning/ordlistor/lista.html", context)


def ord_create(request, slug):
    lista = _lista(request, slug, add=True)
    form = _form_class(lista)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ord_ = form.save()
        messages.success(request, f"”{ord_}” är tillagt i {lista.rubrik.lower()}.")
        return redirect("ordlistor:lista", slug=slug)
    return _form_page(request, lista, form, title=f"Nytt ord i {lista.rubrik.lower()}")


def ord_update(request, slug, pk):
    lista = _lista(request, slug)
    ord_ = get_object_or_404(lista.model, pk=pk)
    form = _form_class(lista)(request.POST or None, instance=ord_)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Ändringarna är sparade.")
        return redirect("ordlistor:lista", slug=slug)
    return _form_page(
        request,
        lista,
        form,
        title=f"Byt namn på ”{ord_}”",
        intro="Det nya namnet visas också på äldre uppgifter som har ordet.",
        ord_=ord_,
    )


@require_POST
def ord_toggle(request, slug, pk):
    """Retire an entry (no longer offered for new records) or bring it back."""
    lista = _lista(request, slug)
    ord_ = get_object_or_404(lista.model, pk=pk)
    ord_.aktiv = not ord_.aktiv
    ord_._change_reason = "Återaktiverad" if ord_.aktiv else "Avvecklad"
    ord_.save(update_fields=["aktiv"])
    if ord_.aktiv:
        messages.success(request, f"”{ord_}” kan väljas igen.")
    else:
        messages.success(
            request, f"”{ord_}” är avvecklat: det visas på äldre uppgifter men kan inte väljas."
        )
    return redirect("ordlistor:lista", slug=slug)


def _form_page(request, lista, form, *, title, intro="", ord_=None):
    context = {
        "lista": lista,
        "form": form,
        "title": title,
        "intro": intro,
        "cancel_url": reverse("ordlistor:lista", args=[lista.slug]),
        "ord": ord_,
        "history": history_entries(ord_) if ord_ is not None else None,
    }
    return render(request, "uppfoljning/ordlistor/form.html", context)
