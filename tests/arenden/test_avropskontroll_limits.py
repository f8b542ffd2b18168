"""The age limits of the verdict: a check exactly as old as the limit is still fresh."""

import datetime

import pytest
from django.utils import timezone

from arenden.avropskontroll import Fakta, verdict_for
from arenden.models import IvoKontroll, Kontrollstatus, Kreditkontroll, Utslag
from leverantorer.models import AvtalStatus, Tillstandsstatus

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 0))
FRESH = NOW - datetime.timedelta(days=1)


def facts(ivo_at=FRESH, kredit_at=FRESH):
    return Fakta(
        avtal_status=AvtalStatus.AKTIV,
        tillstandspliktig=True,
        ivo=IvoKontroll(
            status=Kontrollstatus.OK,
            tillstand=Tillstandsstatus.GILTIGT,
            kontrollerad=ivo_at,
            vilande=False,
            krav_pa_aterrapportering=False,
        ),
        kredit=Kreditkontroll(
            status=Kontrollstatus.OK,
            kontrollerad=kredit_at,
            betalningsanmarkningar=False,
            skatteskulder=False,
        ),
    )


AGES = [
    # (age, verdict): the limit is 30 days for IVO and 35 for credit below.
    (datetime.timedelta(days=30), Utslag.KLAR),  # exactly at the limit
    (datetime.timedelta(days=30, hours=23), Utslag.KLAR),  # still 30 whole days
    (datetime.timedelta(days=31), Utslag.VARNING),  # one day over
]


@pytest.mark.parametrize(
    ("age", "verdict"), AGES, ids=["at the limit", "hours after", "a day over"]
)
def test_an_ivo_check_is_too_old_only_after_the_limit(age, verdict):
    result = verdict_for(facts(ivo_at=NOW - age), now=NOW, max_ivo_age=30, max_kredit_age=35)
    assert result.utslag == verdict
    if verdict == Utslag.VARNING:
        assert [s.text for s in result.skal] == [
            "Senaste IVO-kontrollen är från 2026-10-20, äldre än 30 dagar – "
            "kontrollera i IVO:s Placeringsstöd."
        ]


@pytest.mark.parametrize(
    ("age", "verdict"),
    [(datetime.timedelta(days=35), Utslag.KLAR), (datetime.timedelta(days=36), Utslag.VARNING)],
    ids=["at the limit", "a day over"],
)
def test_a_credit_check_is_too_old_only_after_the_limit(age, verdict):
    result = verdict_for(facts(kredit_at=NOW - age), now=NOW, max_ivo_age=30, max_kredit_age=35)
    assert result.utslag == verdict
    if verdict == Utslag.VARNING:
        assert [s.text for s in result.skal] == [
            "Senaste kreditkontrollen är från 2026-10-15, äldre än 35 dagar."
        ]
