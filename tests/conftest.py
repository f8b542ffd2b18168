import pytest
from django.contrib.auth.models import Group

from uppfoljning import roles

PASSWORD = "test-lösenord-123"

# Named personas, one per role (see DOMAIN.md "People").
PERSONAS = {
    "alice": roles.STRATEG,
    "sam": roles.PLACERINGSSAMORDNARE,
    "charlotte": roles.CHEF,
    "sixten": roles.SOCIALSEKRETERARE,
    "ada": roles.ADMINISTRATOR,
}


def make_user(django_user_model, username, role=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def alice(django_user_model):
    """A strategist (avtalsansvarig strateg)."""
    return make_user(django_user_model, "alice", roles.STRATEG)


@pytest.fixture
def sam(django_user_model):
    """A placement coordinator (placeringssamordnare)."""
    return make_user(django_user_model, "sam", roles.PLACERINGSSAMORDNARE)


@pytest.fixture
def charlotte(django_user_model):
    """A manager (chef)."""
    return make_user(django_user_model, "charlotte", roles.CHEF)


@pytest.fixture
def sixten(django_user_model):
    """A social worker (socialsekreterare)."""
    return make_user(django_user_model, "sixten", roles.SOCIALSEKRETERARE)


@pytest.fixture
def ada(django_user_model):
    """An administrator (systemförvaltare)."""
    return make_user(django_user_model, "ada", roles.ADMINISTRATOR, is_staff=True)
