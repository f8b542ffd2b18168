"""A year (2025) of special follow-ups with known counts, for the figures per area.

"Hemtjänst LOV" (open-ended) has three areas. Units in each area (from the
contracts): Nord 4 (v1 v2 v4 v5), Syd 3 (v4 v5 v6), Väst 2 (v7 v8, a contract
naming no units covers all of its supplier's); 7 in the agreement.
Ten sample rows:

    Nord  v1 genomförd utan anmärkning   v2 genomförd komplettering, åtgärdad
          v4 genomförd rättelse (brist Bemanning), hanteras   v5 flyttad (läggs ned)
    Syd   v4 genomförd vite 50 000 kr (brist Bemanning)   v6 pågår
          v5 inställd (avtalet har upphört)   L3 without a unit (old row), planerad
    Väst  v7 flyttad (omprioritering)   v8 genomförd hävning (brist Dokumentation)

Risk: the agreement Medelhög, Nord Hög (a later Låg from 2026 does not count for 2025).
"""

import datetime
from decimal import Decimal

from arenden.models import EjGenomfordOrsak, PlaneradStatus, PlaneradUtfall
from leverantorer.models import Beslut, BeslutSkal, BeslutTyp
from ramavtal.models import Riskbedomning, Riskniva, Upphandlingsform
from tests.arenden.factories_sarskild import (
    BristFactory,
    SarskildFactory,
    TemaFactory,
    UrvalRadFactory,
    UserFactory,
)
from tests.factories import (
    AvtalFactory,
    AvtalsomradeFactory,
    LeverantorFactory,
    RamavtalFactory,
    VerksamhetFactory,
)

AR = 2025
S = PlaneradStatus
U = PlaneradUtfall


def orsak(namn):
    return EjGenomfordOrsak.objects.get_or_create(namn=namn)[0]


def build_arsutfall(user=None):
    ramavtal = RamavtalFactory(
        namn="Hemtjänst LOV",
        upphandlingsform=Upphandlingsform.LOV,
        slutdatum=None,
        slutdatum_inkl_option=None,
    )
    nord = AvtalsomradeFactory(ramavtal=ramavtal, nummer=1, namn="Nord")
    syd = AvtalsomradeFactory(ramavtal=ramavtal, nummer=2, namn="Syd")
    vast = AvtalsomradeFactory(ramavtal=ramavtal, nummer=3, namn="Väst")
    l1, l2, l3, l4 = (LeverantorFactory(namn=f"Omsorg {n} AB") for n in (1, 2, 3, 4))
    v1, v2, v3 = (VerksamhetFactory(leverantor=l1, namn=f"Enhet {n}") for n in (1, 2, 3))
    v4, v5 = (VerksamhetFactory(leverantor=l2, namn=f"Enhet {n}") for n in (4, 5))
    v6 = VerksamhetFactory(leverantor=l3, namn="Enhet 6", skyddat_boende=True, adress="Hemlig 1")
    v7, v8 = (VerksamhetFactory(leverantor=l4, namn=f"Enhet {n}") for n in (7, 8))
    contracts = {}
    for lev, areas, units in (
        (l1, [nord], [v1, v2]),
        (l2, [nord, syd], [v4, v5]),
        (l3, [syd], [v6]),
        (l4, [vast], []),
    ):
        avtal = AvtalFactory(leverantor=lev, ramavtal=ramavtal)
        avtal.avtalsomraden.set(areas)
        avtal.verksamheter.set(units)
        contracts[lev.pk] = avtal
    user = user or UserFactory(username="strateg-arsutfall")
    kwargs = {"ansvarig": user}
    f_nord, f_syd, f_vast = (
        SarskildFactory(
            ramavtal=ramavtal, avtalsomrade=a, ar=AR, rubrik=f"Hemtjänst {a.namn}", **kwargs
        )
        for a in (nord, syd, vast)
    )
    bemanning = TemaFactory(namn="Bemanning")
    dokumentation = TemaFactory(namn="Dokumentation")
    skal = BeslutSkal.objects.order_by("kod").first()

    def beslut(lev, typ, belopp=None):
        return Beslut.objects.create(
            avtal=contracts[lev.pk],
            typ=typ,
            datum=datetime.date(AR, 10, 1),
            beslutsfattare="Nämnden",
            skal=skal,
            faktaunderlag="Brister kvarstod efter begärd rättelse.",
            belopp=belopp,
            registrerat_av=user,
        )

    def row(uppfoljning, verksamhet, status, utfall="", **extra):
        return UrvalRadFactory(
            uppfoljning=uppfoljning,
            verksamhet=verksamhet,
            leverantor=verksamhet.leverantor,
            status=status,
            utfall=utfall,
            **extra,
        )

    row(f_nord, v1, S.GENOMFORD, U.INGA_ANMARKNINGAR)
    row(f_nord, v2, S.GENOMFORD, U.KOMPLETTERING, atgardat=datetime.date(AR, 11, 1))
    row(f_nord, v4, S.GENOMFORD, U.RATTELSE)
    row(f_nord, v5, S.FLYTTAD, orsak=orsak("Verksamheten läggs ned"))
    row(f_syd, v4, S.GENOMFORD, U.VITE, beslut=beslut(l2, BeslutTyp.VITE, Decimal("50000")))
    row(f_syd, v6, S.PAGAR)
    row(f_syd, v5, S.INSTALLD, orsak=orsak("Avtalet har upphört"))
    UrvalRadFactory(uppfoljning=f_syd, leverantor=l3, status=S.PLANERAD)
    row(f_vast, v7, S.FLYTTAD, orsak=orsak("Omprioritering"))
    row(f_vast, v8, S.GENOMFORD, U.HAVNING, beslut=beslut(l4, BeslutTyp.HAVNING))
    BristFactory(uppfoljning=f_nord, leverantor=l2, verksamhet=v4, tema=bemanning)
    BristFactory(uppfoljning=f_syd, leverantor=l2, verksamhet=v4, tema=bemanning)
    BristFactory(uppfoljning=f_vast, leverantor=l4, verksamhet=v8, tema=dokumentation)
    for area, niva, datum in (
        (None, Riskniva.MEDELHOG, datetime.date(AR, 2, 1)),
        (nord, Riskniva.HOG, datetime.date(AR, 3, 1)),
        (nord, Riskniva.LAG, datetime.date(AR + 1, 3, 1)),
    ):
        Riskbedomning.objects.create(
            ramavtal=ramavtal, avtalsomrade=area, niva=niva, datum=datum, motivering="Låg insyn."
        )
    return {
        "ramavtal": ramavtal,
        "omraden": (nord, syd, vast),
        "uppfoljningar": (f_nord, f_syd, f_vast),
        "skyddad": v6,
        "oanvand": v3,
    }
