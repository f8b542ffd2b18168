"""Create/edit views share one form page and the permission check."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils.http import url_has_allowed_host_and_scheme


class FormPageMixin(PermissionRequiredMixin):
    """A create/update view rendered by templates/form_page.html."""

    template_name = "form_page.html"
    raise_exception = True
    title = ""
    success_message = "Ändringarna är sparade."

    def get_title(self):
        return self.title

    def get_cancel_url(self):
        obj = getattr(self, "object", None)
        return obj.get_absolute_url() if obj is not None and obj.pk else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.get_title(), cancel_url=self.get_cancel_url())
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.success_message)
        return response


def safe_next(request, default):
    """The `next` parameter (POST or GET) when it is a path on this site, else default.

    Never an open redirect: another host or scheme falls back to the default.
    """
    target = request.POST.get("next") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
