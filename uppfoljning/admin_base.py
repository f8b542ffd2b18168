"""The admin classes every app registers its models with.

History in the admin is for reading. django-simple-history's history form
saves a POSTed old version after checking view permission only, and "revert
disabled" merely hides the button: a contract could be set back to aktiv, or a
decision's faktaunderlag rewritten, with no decision behind it. Here a
historical version is shown read-only and any POST to it is refused, for
superusers too. A model without a history table gets Django's plain admin
(its history page reads the admin log), never SimpleHistoryAdmin, whose
history pages would answer 500.
"""

import dataclasses

from django.contrib import admin
from django.core import checks
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

SAFE_METHODS = ("GET", "HEAD")


def has_history(model):
    """True when django-simple-history keeps a history table for the model."""
    return hasattr(model._meta, "simple_history_manager_attribute")


class _HiddenFieldsHelper(HistoricalRecordContextHelper):
    """Leaves fields the user may not see out of the changes on the history list."""

    def __init__(self, *args, hidden=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.hidden = set(hidden)

    def context_for_delta_changes(self, delta):
        changes = [c for c in delta.changes if c.field not in self.hidden]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history list and versions can be read, never restored."""

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if not has_history(self.model):
            errors.append(
                checks.Error(
                    f"{self.model._meta.label} has no history table; register it with "
                    "uppfoljning.admin_base.PlainNoDeleteAdmin or admin.ModelAdmin.",
                    obj=type(self),
                    id="uppfoljning.E001",
                )
            )
        return errors

    def history_hidden_fields(self, request):
        """Field names this user may not see in history (e.g. a protected address)."""
        return ()

    def get_historical_record_context_helper(self, request, historical_record):
        return _HiddenFieldsHelper(
            self.model, historical_record, hidden=self.history_hidden_fields(request)
        )

    def revert_disabled(self, request, obj=None):
        return True

    def has_change_history_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The package would save a POSTed version; nobody may, superusers included.
        if request.method not in SAFE_METHODS:
            raise PermissionDenied
        request._reading_history = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if getattr(request, "_reading_history", False):
            # Every field shown as text: a version is read, not edited.
            excluded = set(self.get_exclude(request, obj) or ())
            model_fields = [
                f.name
                for f in (*self.model._meta.fields, *self.model._meta.many_to_many)
                if f.editable and not f.auto_created and f.name not in excluded
            ]
            fields = [*model_fields, *(f for f in fields if f not in model_fields)]
        return fields


class NoDeleteAdmin(ReadOnlyHistoryAdmin):
    """Records with history are ended or archived, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


class PlainNoDeleteAdmin(admin.ModelAdmin):
    """For models without a history table: never deleted, no simple-history pages."""

    def has_delete_permission(self, request, obj=None):
        return False
