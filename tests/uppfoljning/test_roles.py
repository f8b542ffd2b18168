import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from oversikt.navigation import navigation_for
from uppfoljning import roles


@pytest.mark.django_db
def test_it_creates_one_group_per_role():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)


@pytest.mark.django_db
def test_it_gives_each_role_exactly_its_listed_permissions():
    for role, labels in roles.ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert granted == set(labels), role


@pytest.mark.django_db
def test_it_refuses_an_unknown_permission(monkeypatch):
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, roles.CHEF, ["ramavtal.fly_to_the_moon"])
    with pytest.raises(LookupError, match="fly_to_the_moon"):
        roles.sync_role_permissions()


@pytest.mark.django_db
def test_it_knows_a_users_role(alice, sam):
    assert roles.has_role(alice, roles.STRATEG)
    assert not roles.has_role(alice, roles.PLACERINGSSAMORDNARE)
    assert roles.has_role(sam, roles.STRATEG, roles.PLACERINGSSAMORDNARE)


@pytest.mark.django_db
def test_it_shows_administration_only_to_staff(alice, ada):
    assert "Administration" not in [item["label"] for item in navigation_for(alice)]
    assert "Administration" in [item["label"] for item in navigation_for(ada)]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["alice", "sam", "charlotte", "sixten", "ada"])
def test_every_role_reaches_the_home_page(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert user.groups.get().name in response.text
