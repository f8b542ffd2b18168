import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from uppfoljning import roles


@pytest.mark.django_db
def test_it_creates_one_demo_user_per_role(settings, capsys):
    settings.DEMO_MODE = True
    settings.DEMO_PASSWORD = "demo-lösenord-1"
    call_command("setup_demo")
    users = get_user_model().objects.order_by("username")
    assert [u.username for u in users] == [
        "admin",
        "chef",
        "samordnare",
        "socialsekreterare",
        "strateg",
    ]
    assert get_user_model().objects.get(username="strateg").groups.get().name == roles.STRATEG
    # Nobody is superuser (who passes every check); each holds its role's permissions.
    assert not users.filter(is_superuser=True).exists()
    for user in users:
        role = user.groups.get().name
        assert user.get_all_permissions() == set(roles.ROLE_PERMISSIONS[role]), user.username
    sixten = users.get(username="socialsekreterare")
    assert sixten.get_all_permissions() == {"arenden.add_avvikelse"}
    admin = users.get(username="admin")
    assert admin.is_staff and not admin.has_perm("auth.change_user")
    assert not admin.has_perm("leverantorer.add_beslut")
    assert not admin.has_perm("leverantorer.view_skyddad_adress")
    assert get_user_model().objects.get(username="chef").check_password("demo-lösenord-1")
    out = capsys.readouterr().out
    assert "demo-lösenord-1" in out and "samordnare" in out


@pytest.mark.django_db
def test_it_is_idempotent_and_keeps_changed_passwords(settings):
    settings.DEMO_MODE = True
    settings.DEMO_PASSWORD = "demo-lösenord-1"
    call_command("setup_demo")
    chef = get_user_model().objects.get(username="chef")
    chef.set_password("chefens-eget-losenord")
    chef.save()
    call_command("setup_demo")
    assert get_user_model().objects.count() == 5
    chef.refresh_from_db()
    assert chef.check_password("chefens-eget-losenord")
    assert chef.groups.count() == 1


@pytest.mark.django_db
def test_it_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("setup_demo")
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db
def test_it_never_mixes_the_demo_into_a_real_database(settings, django_user_model):
    settings.DEMO_MODE = True
    settings.DEMO_PASSWORD = "demo-lösenord-1"
    django_user_model.objects.create_user(username="berit", email="berit@norrvik.se")
    with pytest.raises(CommandError, match="This database has real users"):
        call_command("setup_demo")
    assert list(django_user_model.objects.values_list("username", flat=True)) == ["berit"]


@pytest.mark.django_db
def test_the_system_user_is_no_real_user_to_the_demo(settings, django_user_model, monkeypatch):
    from demo.management.commands import setup_demo
    from uppfoljning.history import system_user

    settings.DEMO_MODE = True
    settings.DEMO_PASSWORD = "demo-lösenord-1"
    system_user()  # a task ran on the empty database
    # Only the check is under test here: the demo register itself is slow to load.
    monkeypatch.setattr(setup_demo, "load_demo_data", lambda **kwargs: None)

    call_command("setup_demo")

    assert django_user_model.objects.filter(email__endswith="@demo.invalid").count() == 5


@pytest.mark.django_db
def test_a_rerun_takes_superuser_and_stray_permissions_from_an_older_demo():
    from django.contrib.auth.models import Permission

    from demo.management.commands.setup_demo import create_demo_users

    create_demo_users("demo-lösenord-1")
    admin = get_user_model().objects.get(username="admin")
    admin.is_superuser = True  # as the demo made it before issue 14
    admin.save()
    admin.user_permissions.add(Permission.objects.get(codename="change_user"))
    create_demo_users("demo-lösenord-1")
    admin = get_user_model().objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (False, True)
    assert admin.get_all_permissions() == set(roles.ROLE_PERMISSIONS[roles.ADMINISTRATOR])
