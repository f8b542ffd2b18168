"""The Administratör is contained to the role table; Django admin's users and groups
are a superuser's, who still cannot delete a user the records name nor a role group.

Issue 14, findings 2 and 9: the role held auth.change_user, so in the Django admin an
Administratör could make itself superuser and set others' passwords; a user who
appears only in history could be deleted (history then said "Systemet"), and the
Strateg group could be deleted with one POST.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from administration.anvandare import namns_i_registren
from ramavtal.models import Ramavtal
from tests.factories import RamavtalFactory
from tests.helpers import make_user
from uppfoljning import roles
from uppfoljning.history import save_as


@pytest.fixture
def root(django_user_model):
    return make_user(django_user_model, "root", is_staff=True, is_superuser=True)


@pytest.mark.django_db
def test_the_administrator_holds_no_auth_permission(ada):
    assert {p for p in ada.get_all_permissions() if p.startswith("auth.")} == set()
    assert ada.has_perm("administration.hantera_anvandare")
    assert ada.has_perm("administration.visa_anvandare")
    assert ada.get_all_permissions() == set(roles.ROLE_PERMISSIONS[roles.ADMINISTRATOR])


@pytest.mark.django_db
def test_the_administrator_cannot_make_itself_superuser_in_the_django_admin(client, ada):
    client.force_login(ada)
    change = reverse("admin:auth_user_change", args=[ada.pk])
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(change).status_code == 403
    form = {
        "username": "ada",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
    }
    assert client.post(change, form).status_code == 403
    ada.refresh_from_db()
    assert not ada.is_superuser
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse("admin:auth_user_changelist") not in index.text
    assert reverse("admin:auth_group_changelist") not in index.text


@pytest.mark.django_db
def test_the_administrator_cannot_set_a_password_or_edit_a_groups_permissions(client, ada, alice):
    old_hash = alice.password
    client.force_login(ada)
    password_url = reverse("admin:auth_user_password_change", args=[alice.pk])
    posted = {"password1": "Nytt-lösenord-98765", "password2": "Nytt-lösenord-98765"}
    assert client.post(password_url, posted).status_code == 403
    alice.refresh_from_db()
    assert alice.password == old_hash
    strateg = Group.objects.get(name=roles.STRATEG)
    every = list(Permission.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("admin:auth_group_change", args=[strateg.pk]),
        {"name": roles.STRATEG, "permissions": every},
    )
    assert response.status_code == 403
    assert strateg.permissions.count() == len(roles.ROLE_PERMISSIONS[roles.STRATEG])


@pytest.mark.django_db
def test_the_administrator_still_manages_users_on_the_applications_pages(client, ada, alice):
    client.force_login(ada)
    assert client.get(reverse("administration:anvandare_list")).status_code == 200
    assert (
        client.get(reverse("administration:anvandare_update", args=[alice.pk])).status_code == 200
    )
    client.force_login(alice)
    assert client.get(reverse("administration:anvandare_list")).status_code == 403


@pytest.mark.django_db
def test_a_superuser_cannot_delete_a_user_who_appears_in_history(client, root, alice):
    save_as(RamavtalFactory.build(), user=alice)  # alice is on a history row only
    assert namns_i_registren(alice)
    client.force_login(root)
    delete = reverse("admin:auth_user_delete", args=[alice.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [alice.pk], "post": "yes"}
    client.post(reverse("admin:auth_user_changelist"), bulk)
    alice.refresh_from_db()
    assert Ramavtal.history.get().history_user == alice


@pytest.mark.django_db
def test_a_superuser_may_delete_a_user_no_record_names(client, root, django_user_model):
    stray = make_user(django_user_model, "felskapad", roles.CHEF)
    assert not namns_i_registren(stray)
    client.force_login(root)
    response = client.post(reverse("admin:auth_user_delete", args=[stray.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not django_user_model.objects.filter(username="felskapad").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES)
def test_a_superuser_cannot_delete_or_rename_a_role_group(client, root, role):
    group = Group.objects.get(name=role)
    granted = set(group.permissions.values_list("pk", flat=True))
    client.force_login(root)
    delete = reverse("admin:auth_group_delete", args=[group.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"}
    client.post(reverse("admin:auth_group_changelist"), bulk)
    every = list(Permission.objects.values_list("pk", flat=True))
    change = reverse("admin:auth_group_change", args=[group.pk])
    client.post(change, {"name": "Hackare", "permissions": every})
    group.refresh_from_db()
    assert group.name == role
    assert set(group.permissions.values_list("pk", flat=True)) == granted


@pytest.mark.django_db
def test_a_superuser_may_delete_a_group_that_is_no_role(client, root):
    extra = Group.objects.create(name="Testgrupp")
    client.force_login(root)
    response = client.post(reverse("admin:auth_group_delete", args=[extra.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Group.objects.filter(name="Testgrupp").exists()


@pytest.mark.django_db
def test_the_municipalitys_settings_change_on_our_page_only(client, ada):
    # The admin's plain ImageField would take any image of any size as the logo.
    from administration.models import Kommuninstallning

    installning = Kommuninstallning.objects.create(kommunens_namn="Norrvik")
    client.force_login(ada)
    change = reverse("admin:administration_kommuninstallning_change", args=[installning.pk])
    assert client.get(change).status_code == 200  # read
    assert client.post(change, {"kommunens_namn": "Sörvik"}).status_code == 403
    installning.refresh_from_db()
    assert installning.kommunens_namn == "Norrvik"
    assert client.get(reverse("admin:administration_kommuninstallning_add")).status_code == 403
