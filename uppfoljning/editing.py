"""View glue for the form pages every app shares.

- `edit_page`: the create/update page — show the form; on a valid POST save
  it, say so and redirect. `child_page` is the same for a row that belongs
  to a parent (a supplier's unit, an agreement's area, a case's visit).
- `form_page`: render a form on templates/form_page.html (or a template
  with the same keys) when a view does its own saving.
- `add_errors`: put a service's ValidationError on the form.
- `safe_next`: the `next` parameter, never an open redirect.

Views check permissions themselves (`@permission_required(...,
raise_exception=True)`) before they call these.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from uppfoljning.params import has_control_characters

SAVED = "Ändringarna är sparade."


def add_errors(form, error, *, renamed=None):
    """Put a service's or a model's ValidationError on the form.

    Messages for a field the form shows go on that field; the rest (a field
    the form does not have, or no field at all) on the form as a whole.
    `renamed` maps the rule's field names to the form's where they differ.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    renamed = renamed or {}
    for name, errors in error.error_dict.items():
        name = renamed.get(name, name)
        form.add_error(name if name in form.fields else None, errors)


def form_page(
    request, form, *, title, intro="", cancel_url=None, template="form_page.html", **extra
):
    """A form on the shared form page: a heading, an intro, Save and Cancel."""
    context = {"title": title, "intro": intro, "form": form, "cancel_url": cancel_url, **extra}
    return render(request, template, context)


def edit_page(
    request,
    form_class,
    *,
    title,
    instance=None,
    form_kwargs=None,
    attrs=None,
    success_message=SAVED,
    success_url=None,
    cancel_url=None,
    validate_constraints=False,
    **page,
):
    """The create/update page for a model form.

    A POST binds the form even when it is empty, as Django's generic edit
    views do. `attrs` are set on the form's instance before it is validated:
    what the page knows and the form does not ask for. On a valid POST the
    object is saved, `success_message` (a text, or a function of the saved
    object) is shown, and the browser goes to `success_url` (default: the
    saved object's page). Cancel leads to `cancel_url` (default: the
    instance's page when it exists). With `validate_constraints` every
    constraint of the model is checked before saving, also those on fields
    the form does not show. `page` goes to `form_page` (intro, template,
    extra context).
    """
    posted = request.method == "POST"
    form = form_class(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=instance,
        **(form_kwargs or {}),
    )
    for name, value in (attrs or {}).items():
        setattr(form.instance, name, value)
    if posted and form.is_valid() and (not validate_constraints or _constraints_hold(form)):
        obj = form.save()
        text = success_message(obj) if callable(success_message) else success_message
        messages.success(request, text)
        return redirect(success_url or obj.get_absolute_url())
    if cancel_url is None and instance is not None and instance.pk:
        cancel_url = instance.get_absolute_url()
    return form_page(request, form, title=title, cancel_url=cancel_url, **page)


def child_page(request, form_class, *, parent, field, back=None, **kwargs):
    """`edit_page` for a row that belongs to `parent` through its `field`.

    The parent is set on the row before the form is validated, so the
    model's rules see it (a new row, or one the caller fetched through the
    parent). The parent is no field of the form, so the form skipped the
    constraints that include it (unique per supplier, per agreement, per
    case): they are checked here, for a Swedish message instead of a
    database error. Save and Cancel lead back to `back`, by default the
    parent's page (`success_url=None`: to the saved row's own page).
    """
    back = back or parent.get_absolute_url()
    kwargs.setdefault("success_url", back)
    kwargs.setdefault("cancel_url", back)
    kwargs["attrs"] = {**kwargs.get("attrs", {}), field: parent}
    return edit_page(request, form_class, validate_constraints=True, **kwargs)


def _constraints_hold(form):
    try:
        form.instance.validate_constraints()
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True


def safe_next(request, default):
    """The `next` parameter (POST or GET) when it is a path on this site, else default.

    Never an open redirect: another host or scheme falls back to the default.
    """
    target = request.POST.get("next") or request.GET.get("next", "")
    # Only a path: redirect() would try a bare word ("0x1F") as a URL name and fail.
    # No control characters either: a newline in a Location header is a 500.
    if (
        target.startswith("/")
        and not has_control_characters(target)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default
