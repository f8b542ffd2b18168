"""Demo follow-up history: what the administration did 2022–2026 on the demo register.

Called by demo.register.load_demo_data (small scale) after the register,
its decisions and the successor agreements exist. Shaped like the real 2024
report (DOMAIN.md, reference/uppfoljning-2024-rapport.txt): about twenty
deviations a year, mostly cost responsibility and invoicing settled inside
the individual case; event-driven cases behind every pause, termination and
rescission of 2024, linked to those decisions; the special follow-ups the
2023 and 2024 plans named, with samples drawn by the app's own ranking,
methods, themes, document requests, observations, visits and findings;
three rounds of invoice sampling drawn with stored seeds; IVO sweeps twice a
year, credit checks and register checks of representatives.

Every random choice comes from random.Random seeded per phase, so two loads
into fresh databases give the same history. Dates are fixed, except what
depends on `today` (the one date demo.register.load_demo_data passes on): the
checks that must be recent for today's pre-call-off check to say "Klar för
avrop" (IVO and credit checks are valid 30–35 days) are dated a few days
before it, and the case open today a few weeks before. All names are
invented; no text holds an identity number (every text field keeps its
no_personal_identity validator).

Cases, samples, invoice draws and decisions go through the app's services
(arenden.handelsstyrd, arenden.sarskild, arenden.draw, leverantorer.beslut),
with the acting user. What has no service is written with `save_as`; the
checks of past sweeps and the sample's documents and observations are
written in bulk (bulk_create_with_history, with the acting user), dated when
they were made.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from arenden.avropskontroll import load_facts, verdict_for
from arenden.draw import stickprov_skapa
from arenden.handelsstyrd import handelsstyrd_oppna, uppfoljning_avsluta
from arenden.models import (
    Allvarlighet,
    Avropskontroll,
    Avvikelse,
    AvvikelseKategori,
    Brist,
    BristStatus,
    Dokumentbegaran,
    EjGenomfordOrsak,
    FakturaAvvikelse,
    FakturaResultat,
    Hanteringsstatus,
    Informationsbegaran,
    IvoKontroll,
    Kontrollkalla,
    Kontrollstatus,
    Kreditkontroll,
    Metod,
    Observation,
    PlaneradStatus,
    PlaneradUtfall,
    Platsbesok,
    Registerkontroll,
    RegisterkontrollTyp,
    RegisterkontrollUtfall,
    Signal,
    SignalKalla,
    StickprovKalla,
    Tema,
    Uppfoljning,
    UppfoljningStatus,
    UppfoljningTyp,
    Utfall,
    Utslag,
)
from arenden.sarskild import sarskild_skapa
from leverantorer.beslut import avtal_fatta_beslut
from leverantorer.models import (
    Avtal,
    AvtalStatus,
    Beslut,
    BeslutSkal,
    BeslutTyp,
    Foretradare,
    Placering,
    Tillstandsstatus,
    Verksamhet,
    units_of,
)
from ramavtal.models import Ramavtal
from uppfoljning.history import save_as

SEED = 20250108  # the date of the 2024 report's cover memo
D = datetime.date

# Names of the plan agreements, as in demo.register.PLAN_RAMAVTAL.
HVB_BARN = "HVB barn och unga"
STODBOENDE_UNGA = "Stödboende för ungdomar"
SPEL = "Behandling spelmissbruk och spelberoende"
STODBOENDE_VUXNA = "Stödboende för vuxna med missbruk"
FAMILJEHEM = "Konsulentstödd familjehemsvård"
HVB_VUXNA = "HVB för vuxna med missbruk"
SKYDDAT = "Skyddat boende"

DEVIATIONS_PER_YEAR = {2021: 11, 2022: 14, 2023: 17, 2024: 19, 2025: 19, 2026: 12}

# (kategori, weight, allvarlighet weights (låg, medel, allvarlig), texts)
DEVIATION_KINDS = (
    (
        AvvikelseKategori.KOSTNADSANSVAR,
        36,
        (9, 1, 0),
        (
            "Leverantören fakturerade för en period då kostnadsansvaret hade gått över till en "
            "annan kommun efter flytt. Rättat efter kontakt med socialsekreteraren.",
            "Oklart vem som skulle bära kostnaden för tandvård och glasögon under placeringen. "
            "Löst i dialog med leverantören utifrån avtalets bilaga om ersättning.",
            "Leverantören debiterade en extra personalinsats som förvaltningen inte hade "
            "beställt. Leverantören har dragit tillbaka debiteringen.",
            "Leverantören ville ta betalt för resor till skolan som enligt avtalet ingår i "
            "dygnspriset. Klarlagt i ärendet.",
        ),
    ),
    (
        AvvikelseKategori.FAKTURERING,
        34,
        (9, 1, 0),
        (
            "Fakturan avsåg nivå 3 i stället för beställd nivå 2. Kreditfaktura har begärts och "
            "kommit in.",
            "Fakturan omfattade utflyttsdagen trots att avtalet anger att den inte ersätts. "
            "Kreditering begärd och mottagen.",
            "Samma månad fakturerades två gånger. Leverantören har krediterat den ena fakturan.",
            "Fakturerat dygnspris var högre än det pris leverantören har i avropsordningen. "
            "Mellanskillnaden har krediterats.",
        ),
    ),
    (
        AvvikelseKategori.RAPPORTERING,
        6,
        (6, 4, 0),
        (
            "Månadsrapporten har uteblivit två månader i följd trots påminnelse.",
            "Uppföljningsrapporten saknade redovisning mot målen i genomförandeplanen.",
        ),
    ),
    (
        AvvikelseKategori.GENOMFORANDEPLAN,
        6,
        (6, 4, 0),
        (
            "Genomförandeplanen kom in först sex veckor efter inskrivning; avtalet anger fyra "
            "veckor.",
        ),
    ),
    (
        AvvikelseKategori.BEMANNING,
        6,
        (3, 5, 2),
        (
            "Socialsekreteraren uppfattade att boendet hade många vikarier och att "
            "kontaktpersonen byttes flera gånger under kort tid.",
            "Vid ett besök kvällstid fanns färre personal på plats än vad leverantören angett "
            "i sitt anbud.",
        ),
    ),
    (
        AvvikelseKategori.LOKALER,
        4,
        (6, 4, 0),
        (
            "En fuktskada i lägenheten åtgärdades inte trots upprepade påpekanden från "
            "socialsekreteraren.",
        ),
    ),
    (
        AvvikelseKategori.INFORMATIONSSKYLDIGHET,
        5,
        (3, 5, 2),
        (
            "Leverantören informerade inte socialtjänsten samma dygn om att den placerade "
            "avvikit från boendet.",
            "Byte av föreståndare meddelades inte kommunen.",
        ),
    ),
    (
        AvvikelseKategori.BEMOTANDE,
        3,
        (6, 4, 0),
        ("Vårdnadshavare framförde klagomål på personalens bemötande vid besök på boendet.",),
    ),
)


def _rng(phase):
    return random.Random(f"{SEED}:{phase}")  # noqa: S311 - synthetic data, not security


def _at(day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


def _in_force(on, ramavtal_q=None):
    """Contracts in force on `on` (Avtal.objects.i_kraft_under) under agreements in force
    then (Ramavtal.objects.i_kraft_under), of those matching `ramavtal_q` if given."""
    agreements = Ramavtal.objects.filter(ramavtal_q or Q()).i_kraft_under(on, on)
    return Avtal.objects.filter(ramavtal__in=agreements).i_kraft_under(on, on)


def _stamp(avropskontroll, when):
    """Date a call-off check `when` it was made.

    kontrollerad is auto_now_add: set the time on the row and its history
    record (demo data only; a real check is always stamped now).
    """
    Avropskontroll.objects.filter(pk=avropskontroll.pk).update(kontrollerad=when)
    Avropskontroll.history.filter(id=avropskontroll.pk).update(kontrollerad=when)
    avropskontroll.kontrollerad = when


def _day_in(rng, first, last):
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _first_unit(avtal):
    """The first unit (by pk) the contract covers (Verksamhet.objects.omfattas_av)."""
    contracts = Avtal.objects.filter(pk=avtal.pk)
    return Verksamhet.objects.omfattas_av(contracts).order_by("pk").first()


def demo_follow_up_exists():
    return Uppfoljning.objects.filter(typ=UppfoljningTyp.SARSKILD, ar=2024).exists()


def load_demo_follow_up(*, user, today, stdout=None):
    """Add the follow-up history to the demo register, as of `today`. None if already there."""
    if demo_follow_up_exists():
        return None
    summary = _FollowUp(user, today).run()
    if stdout is not None:
        stdout.write(
            "  uppföljning: " + ", ".join(f"{key} {value}" for key, value in summary.items()) + "\n"
        )
    return summary


class _FollowUp:
    def __init__(self, user, today):
        self.user = user
        self.today = today
        # The moment today's call-off checks are made and judged.
        self.now = _at(today, 8)
        users = {u.username: u for u in get_user_model().objects.all()}
        self.strateg = users.get("strateg", user)
        self.reporters = [users.get("socialsekreterare", user), users.get("samordnare", user)]
        self.samordnare = users.get("samordnare", user)
        self.ramavtal = {}  # name -> (old agreement, successor or None)
        for ram in Ramavtal.objects.order_by("startdatum"):
            old, _succ = self.ramavtal.get(ram.namn, (None, None))
            self.ramavtal[ram.namn] = (ram, None) if old is None else (old, ram)
        self.metoder = {m.namn: m for m in Metod.objects.all()}
        self.teman = {t.namn: t for t in Tema.objects.all()}
        self.counts = {}

    def run(self):
        self.deviations()
        self.event_driven()
        self.special_2023()
        self.special_2024()
        self.special_later()
        self.invoice_sampling()
        self.ivo_checks()
        self.credit_checks()
        self.register_checks()
        self.call_off_checks()
        self.current_case()
        return self.counts

    # --- Deviations ---------------------------------------------------------
    def deviations(self):
        rng = _rng("avvikelser")
        placements = list(
            Placering.objects.filter(avtal__isnull=False)
            .order_by("pk")
            .values_list(
                "pk", "startdatum", "slutdatum", "verksamhet_id", "verksamhet__leverantor_id"
            )
        )
        kinds = [k for k in DEVIATION_KINDS]
        weights = [k[1] for k in kinds]
        rows = []
        for year, antal in DEVIATIONS_PER_YEAR.items():
            last = min(D(year, 12, 31), self.today - datetime.timedelta(days=7))
            # Categories by quota, so every year looks like the report's: most about
            # cost responsibility and invoicing.
            total = sum(weights)
            quota = [max(1, round(antal * w / total)) for w in weights]
            quota[0] += antal - sum(quota)
            year_kinds = [k for k, n in zip(kinds, quota, strict=True) for _ in range(n)]
            rng.shuffle(year_kinds)
            for kind in year_kinds:
                day = _day_in(rng, D(year, 1, 10), last)
                ongoing = [p for p in placements if p[1] <= day and (p[2] is None or p[2] >= day)]
                _pk, _start, _slut, unit_id, supplier_id = rng.choice(ongoing)
                kategori, _w, severity, texts = kind
                allvarlighet = rng.choices(
                    [Allvarlighet.LAG, Allvarlighet.MEDEL, Allvarlighet.ALLVARLIG], severity
                )[0]
                in_case = allvarlighet != Allvarlighet.ALLVARLIG and rng.random() < 0.9
                rows.append(
                    Avvikelse(
                        leverantor_id=supplier_id,
                        verksamhet_id=unit_id,
                        datum=day,
                        kategori_id=kategori,
                        allvarlighet=allvarlighet,
                        beskrivning=rng.choice(texts),
                        hanterad_i_arendet=in_case,
                        status=Hanteringsstatus.BEDOMD,
                        rapporterad_av=rng.choice(self.reporters),
                    )
                )
        rows.sort(key=lambda a: a.datum)
        # The latest reports are still waiting in the strategist's inbox.
        for row in rows[-2:]:
            if row.datum >= self.today - datetime.timedelta(days=45):
                row.status, row.hanterad_i_arendet = Hanteringsstatus.NY, False
        for row in rows:
            save_as(row, user=row.rapporterad_av, clean=True)
        self.avvikelser = rows
        self.counts["avvikelser"] = len(rows)

    # --- Event-driven follow-up ---------------------------------------------
    def event_driven(self):
        """A case behind each 2024 chain of decisions, and a few without a decision."""
        rng = _rng("handelsstyrd")
        chains = {}
        for beslut in (
            Beslut.objects.filter(datum__year=2024)
            .exclude(typ=BeslutTyp.UPPHORANDE)
            .select_related("avtal__leverantor", "avtal__ramavtal")
            .order_by("datum", "pk")
        ):
            chains.setdefault(beslut.avtal_id, []).append(beslut)
        self.cases = []
        for chain in sorted(chains.values(), key=lambda c: (c[0].datum, c[0].pk)):
            first, last = chain[0], chain[-1]
            if first.skal_id in (BeslutSkal.OVERENSKOMMELSE, BeslutSkal.AVVECKLAD):
                continue  # ended by agreement or closed down: nothing to follow up
            self._case_for_chain(rng, chain, first, last)
        # Earlier years, and 2024 cases that ended without a decision.
        extra = (
            (2021, SignalKalla.MEDIA, Utfall.INGEN_ATGARD, HVB_BARN),
            (2021, SignalKalla.IVO, Utfall.KRAV_PA_RATTELSE, HVB_VUXNA),
            (2022, SignalKalla.MEDIA, Utfall.INGEN_ATGARD, HVB_BARN),
            (2022, SignalKalla.PRIVATPERSON, Utfall.KRAV_PA_RATTELSE, FAMILJEHEM),
            (2022, SignalKalla.IVO, Utfall.KRAV_PA_RATTELSE, HVB_VUXNA),
            (2023, SignalKalla.IVO, Utfall.KRAV_PA_RATTELSE, HVB_BARN),
            (2023, SignalKalla.KREDIT, Utfall.INGEN_ATGARD, STODBOENDE_VUXNA),
            (2023, SignalKalla.MEDIA, Utfall.INGEN_ATGARD, HVB_BARN),
            (2023, SignalKalla.PRIVATPERSON, Utfall.KRAV_PA_RATTELSE, SKYDDAT),
            (2023, SignalKalla.IVO, Utfall.INGEN_ATGARD, FAMILJEHEM),
            (2024, SignalKalla.MEDIA, Utfall.INGEN_ATGARD, HVB_BARN),
            (2024, SignalKalla.MEDIA, Utfall.KRAV_PA_RATTELSE, HVB_BARN),
            (2025, SignalKalla.IVO, Utfall.KRAV_PA_RATTELSE, HVB_BARN),
            (2025, SignalKalla.KREDIT, Utfall.INGEN_ATGARD, SKYDDAT),
        )
        for year, kalla, utfall, namn in extra:
            self._case_without_decision(rng, year, kalla, utfall, namn)
        self.counts["händelsestyrda"] = len(self.cases)

    def _signal(self, *, leverantor, verksamhet, kalla, datum, text, allvarlig):
        signal = Signal(
            leverantor=leverantor,
            verksamhet=verksamhet,
            kalla=kalla,
            datum=datum,
            beskrivning=text,
            allvarlig=allvarlig,
            registrerad_av=self.strateg,
            ansvarig=self.strateg,
        )
        return save_as(signal, user=self.strateg, clean=True)

    def _open(self, *, leverantor, verksamhet, ramavtal, rubrik, utlosande, oppnad, **triggers):
        """An event-driven case through the service; its signals, deviations or
        finding (`triggers`) are tied to it there."""
        case = handelsstyrd_oppna(
            leverantor=leverantor,
            verksamhet=verksamhet,
            ramavtal=ramavtal,
            rubrik=rubrik,
            utlosande=utlosande,
            ansvarig=self.strateg,
            user=self.strateg,
            oppnad=oppnad,
            **triggers,
        )
        self.cases.append(case)
        return case

    def _close(self, case, *, utfall, bedomning, avslutad, rattelse_senast=None):
        """Close a case whose outcome takes no decision, through the service."""
        uppfoljning_avsluta(
            uppfoljning=case,
            utfall=utfall,
            bedomning=bedomning,
            user=self.strateg,
            rattelse_senast=rattelse_senast,
            avslutad=avslutad,
        )

    def _close_on_decision(self, case, *, utfall, bedomning, avslutad, beslut):
        """Close a case on a decision the register already holds.

        The register's loader (demo.register) takes every 2024 decision before
        the follow-up exists, so the case is linked to it here;
        uppfoljning_avsluta would take the decision a second time.
        """
        case.utfall = utfall
        case.bedomning = bedomning
        case.beslut = beslut
        case.status = UppfoljningStatus.AVSLUTAD
        case.avslutad = avslutad
        save_as(case, user=self.strateg, reason=f"Avslutad: {Utfall(utfall).label}", clean=True)

    def _request(self, case, skickad, vad, days=14, answered=True):
        row = Informationsbegaran(
            uppfoljning=case,
            vad=vad,
            skickad=skickad,
            svar_senast=skickad + datetime.timedelta(days=days),
            besvarad=skickad + datetime.timedelta(days=days - 3) if answered else None,
        )
        return save_as(row, user=self.strateg, clean=True)

    def _case_for_chain(self, rng, chain, first, last):
        avtal = first.avtal
        unit = _first_unit(avtal)
        lev, ram = avtal.leverantor, avtal.ramavtal
        skal = first.skal_id
        kalla, rubrik, utlosande = {
            BeslutSkal.IVO_ARENDE: (
                SignalKalla.IVO,
                f"IVO-beslut med krav på återrapportering – {unit.namn}",
                "IVO:s tillsynsbeslut med krav på redovisning av åtgärder.",
            ),
            BeslutSkal.EKONOMI: (
                SignalKalla.KREDIT,
                f"Skatteskuld och betalningsanmärkningar – {lev.namn}",
                "Kreditupplysningstjänsten rapporterade skatteskuld och betalningsanmärkningar.",
            ),
            BeslutSkal.UTREDNING: (
                SignalKalla.IVO if ram.namn == HVB_BARN else SignalKalla.ANNAN,
                f"Utredning av {unit.namn}",
                "IVO har inlett ett ärende om återkallelse av tillståndet."
                if ram.namn == HVB_BARN
                else "Upprepade avvikelser från socialsekreterare om uteblivna rapporter.",
            ),
            BeslutSkal.VILANDE: (
                SignalKalla.ANNAN,
                f"Vilande verksamhet – {unit.namn}",
                "Leverantören meddelade att verksamheten är vilande.",
            ),
            BeslutSkal.BRISTER: (
                SignalKalla.SARSKILD if ram.namn == HVB_VUXNA else SignalKalla.PRIVATPERSON,
                f"Brister i bemanning och rutiner – {unit.namn}",
                "Brister från den särskilda uppföljningen 2023 som inte åtgärdats."
                if ram.namn == HVB_VUXNA
                else "Uppgifter från en privatperson om att boendet saknar personal kvällstid.",
            ),
            BeslutSkal.TILLSTAND_EJ_SOKT: (
                SignalKalla.IVO,
                f"Tillstånd för skyddat boende saknas – {unit.namn}",
                "IVO:s förteckning över ansökningar om tillstånd för skyddat boende "
                "saknade leverantören.",
            ),
        }[skal]
        oppnad = first.datum - datetime.timedelta(days=rng.randint(6, 20))
        signal = self._signal(
            leverantor=lev,
            verksamhet=unit,
            kalla=kalla,
            datum=oppnad - datetime.timedelta(days=rng.randint(1, 5)),
            text=utlosande,
            allvarlig=first.typ != BeslutTyp.PAUS or skal == BeslutSkal.UTREDNING,
        )
        avvikelser = []
        if skal == BeslutSkal.UTREDNING and ram.namn != HVB_BARN:
            # The deviations the pause rests on, reported in the months before.
            for n in range(2):
                avvikelse = Avvikelse(
                    leverantor=lev,
                    verksamhet=unit,
                    datum=oppnad - datetime.timedelta(days=20 + 35 * n),
                    kategori_id=AvvikelseKategori.RAPPORTERING,
                    allvarlighet=Allvarlighet.MEDEL,
                    beskrivning="Månadsrapporten har uteblivit trots påminnelse, och "
                    "uppdragstagaren har inte fått det stöd avtalet anger.",
                    rapporterad_av=self.reporters[n % 2],
                )
                save_as(avvikelse, user=avvikelse.rapporterad_av, clean=True)
                self.avvikelser.append(avvikelse)
                avvikelser.append(avvikelse)
        case = self._open(
            leverantor=lev,
            verksamhet=unit,
            ramavtal=ram,
            rubrik=rubrik,
            utlosande=utlosande,
            oppnad=oppnad,
            signaler=[signal],
            avvikelser=avvikelser,
        )
        self._request(
            case,
            oppnad + datetime.timedelta(days=1),
            {
                SignalKalla.KREDIT: "Förklaring till skatteskulden, plan för reglering och "
                "senaste årsredovisning.",
                SignalKalla.IVO: "IVO:s beslut, leverantörens redovisning av vidtagna åtgärder "
                "och bemanningsschema för de senaste fyra veckorna.",
            }.get(
                kalla,
                "Redogörelse för händelserna, bemanningsschema och rutiner för "
                "rapportering till socialtjänsten.",
            ),
        )
        if skal in (BeslutSkal.BRISTER, BeslutSkal.UTREDNING) and ram.namn != HVB_BARN:
            besok = Platsbesok(
                uppfoljning=case,
                verksamhet=unit,
                tidpunkt=_at(oppnad + datetime.timedelta(days=9), 19, 30),
                anmalt=False,
                kvall=True,
                genomfort=True,
                deltagare="Två avtalsansvariga strateger",
                iakttagelser="En personal på plats i stället för två enligt anbudet. "
                "Bemanningsschema fanns inte uppsatt och säkerhetsrutinerna kunde inte visas.",
            )
            save_as(besok, user=self.strateg, clean=True)
            brist = Brist(
                uppfoljning=case,
                leverantor=lev,
                verksamhet=unit,
                tema=self.teman.get("Bemanning och kompetens"),
                beskrivning="Bemanningen kvällstid understeg avtalets krav och "
                "bemanningsschema saknades.",
                allvarlighet=Allvarlighet.ALLVARLIG,
                krav="Bemanning enligt anbudet och bemanningsschema för fyra veckor i efterhand.",
                konstaterad=first.datum,
                atgard_senast=first.datum + datetime.timedelta(days=45),
                aterkopplad=first.datum,
            )
            if last.typ == BeslutTyp.PAUS:
                brist.status = BristStatus.ATGARDAD
                brist.verifierad = brist.atgard_senast - datetime.timedelta(days=5)
                brist.atgardad = brist.verifierad
                brist.verifierad_av = self.strateg
            else:
                brist.status = BristStatus.EJ_ATGARDAD
            save_as(brist, user=self.strateg, clean=True)
        utfall = {
            BeslutTyp.PAUS: Utfall.TILLFALLIG_UTESLUTNING,
            BeslutTyp.HAV_PAUS: Utfall.TILLFALLIG_UTESLUTNING,
            BeslutTyp.UPPSAGNING: Utfall.UPPSAGNING,
            BeslutTyp.HAVNING: Utfall.HAVNING,
        }[last.typ]
        decision = last if last.typ != BeslutTyp.HAV_PAUS else first
        bedomning = {
            Utfall.TILLFALLIG_UTESLUTNING: "Uppgifterna är styrkta. Leverantören utesluts "
            "tillfälligt från avrop tills bristerna är åtgärdade; beslutet omprövas.",
            Utfall.UPPSAGNING: "Leverantören uppfyller inte längre avtalets krav. Förvaltningen "
            "föreslår att nämnden säger upp avtalet.",
            Utfall.HAVNING: "Avtalsbrottet är väsentligt. Förvaltningen föreslår att nämnden "
            "häver avtalet.",
        }[utfall]
        if last.typ == BeslutTyp.HAV_PAUS:
            bedomning += " Leverantören har visat att bristerna är åtgärdade och pausen är hävd."
        self._close_on_decision(
            case, utfall=utfall, bedomning=bedomning, avslutad=last.datum, beslut=decision
        )

    def _case_without_decision(self, rng, year, kalla, utfall, namn):
        old, succ = self.ramavtal[namn]
        ram = succ if succ and succ.startdatum <= D(year, 3, 1) else old
        avtal = rng.choice(
            list(
                Avtal.objects.filter(
                    ramavtal=ram, status__in=[AvtalStatus.AKTIV, AvtalStatus.UPPHORT]
                )
                .exclude(beslut__typ__in=[BeslutTyp.PAUS, BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING])
                .select_related("leverantor")
                .order_by("pk")
            )
        )
        unit = _first_unit(avtal)
        first = max(D(year, 2, 1), ram.startdatum)
        last = min(D(year, 10, 31), ram.slutdatum_inkl_option)
        oppnad = _day_in(rng, first, last)
        text = {
            SignalKalla.MEDIA: "Uppgifter i lokal media om otillräcklig bemanning och om "
            "ungdomar som avvikit från boendet.",
            SignalKalla.PRIVATPERSON: "En privatperson hörde av sig om oro för hur boendet "
            "sköts kvällstid.",
            SignalKalla.IVO: "IVO:s tillsynsrapport påtalade brister i dokumentationen av "
            "genomförandeplaner.",
            SignalKalla.KREDIT: "Kreditupplysningstjänsten sänkte leverantörens rating på grund "
            "av svagt resultat.",
        }[kalla]
        signal = self._signal(
            leverantor=avtal.leverantor,
            verksamhet=unit,
            kalla=kalla,
            datum=oppnad - datetime.timedelta(days=2),
            text=text,
            allvarlig=False,
        )
        case = self._open(
            leverantor=avtal.leverantor,
            verksamhet=unit,
            ramavtal=ram,
            rubrik=f"Signal från {SignalKalla(kalla).label.lower()} – {unit.namn}",
            utlosande=text,
            oppnad=oppnad,
            signaler=[signal],
        )
        self._request(
            case,
            oppnad + datetime.timedelta(days=2),
            "Leverantörens redogörelse och de rutiner som berörs.",
        )
        avslutad = oppnad + datetime.timedelta(days=rng.randint(30, 60))
        if utfall == Utfall.KRAV_PA_RATTELSE:
            self._close(
                case,
                utfall=utfall,
                bedomning="Uppgifterna bekräftades delvis. Leverantören har fått krav på "
                "rättelse och redovisat åtgärderna inom fristen.",
                avslutad=avslutad,
                rattelse_senast=avslutad + datetime.timedelta(days=30),
            )
        else:
            self._close(
                case,
                utfall=utfall,
                bedomning="Leverantörens redogörelse och handlingarna visar att avtalet följs. "
                "Ingen åtgärd.",
                avslutad=avslutad,
            )

    # --- Special follow-ups -------------------------------------------------
    def _special(self, *, namn, ar, rubrik, fran, till, antal, oppnad, metoder, teman, **kw):
        ram = kw.pop("ramavtal", None) or self.ramavtal[namn][0]
        case = sarskild_skapa(
            ramavtal=ram,
            ar=ar,
            rubrik=rubrik,
            ansvarig=self.strateg,
            user=self.strateg,
            metoder=[self.metoder[m] for m in metoder],
            teman=[self.teman[t] for t in teman],
            urval_fran=fran,
            urval_till=till,
            antal=antal,
            **kw,
        )
        case.oppnad = oppnad
        save_as(case, user=self.strateg, clean=True)
        return case

    @staticmethod
    def _per_supplier(case, done=False):
        """The first sample row of each supplier: documents and observations are the
        supplier's, while the sample has a row per unit (first done one with done=True)."""
        rows, seen = [], set()
        for row in case.urval.select_related("leverantor").order_by("pk"):
            if row.leverantor_id in seen or (done and row.status != PlaneradStatus.GENOMFORD):
                continue
            seen.add(row.leverantor_id)
            rows.append(row)
        return rows

    def _documents(self, rng, case, documents, begart):
        rows = []
        for row in self._per_supplier(case):
            for dokument in documents:
                rows.append(
                    Dokumentbegaran(
                        uppfoljning=case,
                        leverantor=row.leverantor,
                        dokument=dokument,
                        begart=begart,
                        inkommet=begart + datetime.timedelta(days=rng.randint(7, 25))
                        if row.status != PlaneradStatus.INSTALLD
                        else None,
                    )
                )
        bulk_create_with_history(rows, Dokumentbegaran, default_user=self.strateg)

    def _observations(self, rng, case, texts):
        rows = []
        for row in self._per_supplier(case, done=True):
            if row.status != PlaneradStatus.GENOMFORD:
                continue
            for tema, metod, variants in texts:
                rows.append(
                    Observation(
                        uppfoljning=case,
                        leverantor=row.leverantor,
                        tema=self.teman[tema],
                        metod=self.metoder[metod],
                        text=rng.choice(variants),
                    )
                )
        bulk_create_with_history(rows, Observation, default_user=self.strateg)
        return len(rows)

    def _mark(self, case, statuses, bedomning, avslutad):
        """Sample rows done (with utfall) or not ((orsak, comment)), then close the case."""
        rows = list(case.urval.select_related("leverantor").order_by("-inkopsvarde", "pk"))
        for index, row in enumerate(rows):
            status, value = statuses.get(
                index, (PlaneradStatus.GENOMFORD, PlaneradUtfall.INGA_ANMARKNINGAR)
            )
            row.status = status
            if status == PlaneradStatus.GENOMFORD:
                row.utfall = value
            else:
                orsak, row.skal = value
                row.orsak = EjGenomfordOrsak.objects.get(namn=orsak)
            # A rättelse row is checked when _finding links its Brist, made just after.
            save_as(row, user=self.strateg, clean=row.utfall != PlaneradUtfall.RATTELSE)
        if avslutad is not None:
            case.bedomning = bedomning
            case.status = UppfoljningStatus.AVSLUTAD
            case.avslutad = avslutad
            save_as(case, user=self.strateg, reason="Särskild uppföljning avslutad", clean=True)
        return rows

    def _finding(self, case, row, tema, beskrivning, krav, senast, *, status, allvarlighet=None):
        brist = Brist(
            uppfoljning=case,
            leverantor=row.leverantor,
            tema=self.teman[tema],
            beskrivning=beskrivning,
            krav=krav,
            allvarlighet=allvarlighet or Allvarlighet.MEDEL,
            konstaterad=senast - datetime.timedelta(days=30),
            atgard_senast=senast,
            aterkopplad=senast - datetime.timedelta(days=30),
            status=status,
        )
        if status == BristStatus.ATGARDAD:
            brist.verifierad = senast - datetime.timedelta(days=4)
            brist.atgardad = brist.verifierad
            brist.verifierad_av = self.strateg
        save_as(brist, user=self.strateg, clean=True)
        if row.utfall == PlaneradUtfall.RATTELSE and not row.brist_id:
            # The outcome ladder's evidence: rättelse begärd names its finding.
            row.brist = brist
            save_as(row, user=self.strateg, clean=True)
        return brist

    @staticmethod
    def _unit(ramavtal, leverantor):
        """The supplier's first unit under the agreement (any of its units if none)."""
        units = Verksamhet.objects.filter(leverantor=leverantor).order_by("pk")
        contracts = Avtal.objects.filter(ramavtal=ramavtal, leverantor=leverantor)
        return units.omfattas_av(contracts).first() or units.first()

    def _visit(self, case, row, when, *, anmalt, kvall, text):
        unit = row.verksamhet or self._unit(case.ramavtal, row.leverantor)
        besok = Platsbesok(
            uppfoljning=case,
            verksamhet=unit,
            tidpunkt=when,
            anmalt=anmalt,
            kvall=kvall,
            genomfort=when.date() < self.today,
            deltagare="Två avtalsansvariga strateger",
            iakttagelser=text if when.date() < self.today else "",
        )
        return save_as(besok, user=self.strateg, clean=True)

    def special_2023(self):
        rng = _rng("sarskild-2023")
        vuxna = self._special(
            namn=STODBOENDE_VUXNA,
            ar=2023,
            rubrik="Särskild uppföljning 2023 – Stödboende för vuxna med missbruk",
            fran=D(2022, 4, 18),
            till=D(2023, 4, 30),
            antal=5,
            oppnad=D(2023, 5, 8),
            metoder=[
                "Enkät till socialsekreterare",
                "Begärda dokument",
                "Intervjuer med personal",
                "Oanmält besök",
            ],
            teman=[
                "Bemanning och kompetens",
                "Lokaler",
                "Alkohol- och drogkontroller",
                "Avvikelser och lex Sarah",
            ],
        )
        rows = self._mark(
            vuxna,
            {
                1: (PlaneradStatus.GENOMFORD, PlaneradUtfall.RATTELSE),
                2: (PlaneradStatus.GENOMFORD, PlaneradUtfall.RATTELSE),
                3: (
                    PlaneradStatus.FLYTTAD,
                    (
                        "Annan orsak",
                        "Verksamheten flyttade till nya lokaler under hösten; "
                        "uppföljningen görs i samband med nästa särskilda uppföljning.",
                    ),
                ),
            },
            "Leverantörerna i urvalet följer i huvudsak avtalet. Bemanningen motsvarar anbuden "
            "och rutinerna för drogtester finns. Två brister återkopplades och åtgärdades.",
            D(2023, 12, 8),
        )
        self._documents(rng, vuxna, ["Bemanningsschema", "Rutiner för drogtester"], D(2023, 5, 15))
        self._observations(rng, vuxna, OBSERVATIONER_VUXNA)
        self._visit(
            vuxna,
            rows[0],
            _at(D(2023, 10, 4), 19, 15),
            anmalt=False,
            kvall=True,
            text="Personal på plats enligt schemat. Lägenheterna välskötta.",
        )
        self._finding(
            vuxna,
            rows[1],
            "Alkohol- och drogkontroller",
            "Rutinen för drogtester saknade uppgift om samtycke.",
            "Komplettera rutinen och redovisa den.",
            D(2023, 11, 15),
            status=BristStatus.ATGARDAD,
        )
        self._finding(
            vuxna,
            rows[2],
            "Lokaler",
            "Brandskyddsdokumentation för en av lägenheterna saknades.",
            "Redovisa brandskyddsdokumentation.",
            D(2023, 11, 30),
            status=BristStatus.ATGARDAD,
        )

        familjehem = self._special(
            namn=FAMILJEHEM,
            ar=2023,
            rubrik="Särskild uppföljning 2023 – Konsulentstödd familjehemsvård",
            fran=D(2022, 1, 1),
            till=D(2023, 4, 30),
            antal=5,
            oppnad=D(2023, 4, 17),
            metoder=[
                "Enkät till socialsekreterare",
                "Enkät till leverantörens ledning",
                "IVO:s tillstånd och tillsynsbeslut",
                "Begärda dokument",
            ],
            teman=["Bemanning och kompetens", "Uppföljningsrapportering", "Genomförandeplan"],
        )
        rows = self._mark(
            familjehem,
            {1: (PlaneradStatus.GENOMFORD, PlaneradUtfall.RATTELSE)},
            "Konsulentstödet fungerar väl enligt socialsekreterarna. Handledningen av "
            "familjehemmen följer avtalet. En leverantör lämnade uppföljningsrapporter sent, "
            "vilket har rättats.",
            D(2023, 11, 24),
        )
        self._documents(
            rng, familjehem, ["Kvalitetsberättelse", "Plan för handledning"], D(2023, 4, 24)
        )
        self._observations(rng, familjehem, OBSERVATIONER_FAMILJEHEM)
        self._finding(
            familjehem,
            rows[1],
            "Uppföljningsrapportering",
            "Kvartalsrapporterna kom in upp till sex veckor för sent.",
            "Rapporter inom den tid avtalet anger.",
            D(2023, 10, 31),
            status=BristStatus.ATGARDAD,
        )
        self.counts["särskilda_2023"] = 2

    def special_2024(self):
        rng = _rng("sarskild-2024")
        fran, till = D(2023, 1, 1), D(2024, 4, 30)
        # HVB barn och unga: the five with the highest purchase value.
        hvb = self._special(
            namn=HVB_BARN,
            ar=2024,
            rubrik="Särskild uppföljning 2024 – HVB barn och unga",
            fran=fran,
            till=till,
            antal=5,
            oppnad=D(2024, 5, 13),
            metoder=[
                "Enkät till socialsekreterare",
                "Enkät till leverantörens ledning",
                "Begärda dokument",
                "Intervjuer med personal",
                "IVO:s tillstånd och tillsynsbeslut",
                "Anmält besök",
                "Oanmält besök",
            ],
            teman=[
                "Bemanning och kompetens",
                "Uppföljningsrapportering",
                "Avvikelser och lex Sarah",
                "Delaktighet, synpunkter och klagomål",
                "Dokumentation och rapportering",
                "Hälso- och sjukvård",
                "Alkohol- och drogkontroller",
                "Lokaler",
                "Meddelarfrihet",
            ],
        )
        paused = set(
            Avtal.objects.filter(
                ramavtal=hvb.ramavtal,
                beslut__datum__year=2024,
                beslut__typ__in=[BeslutTyp.PAUS, BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING],
            ).values_list("leverantor_id", flat=True)
        )
        statuses = {}
        for index, row in enumerate(hvb.urval.order_by("-inkopsvarde", "pk")):
            if row.leverantor_id in paused:
                statuses[index] = (
                    PlaneradStatus.INSTALLD,
                    (
                        "Följs upp i en händelsestyrd uppföljning",
                        "Leverantören var tillfälligt utesluten från avrop under året.",
                    ),
                )
        if not statuses:
            statuses[4] = (
                PlaneradStatus.INSTALLD,
                (
                    "Enheten har upphört",
                    "Verksamheten lades ned i november 2024, enligt leverantören av "
                    "ekonomiska skäl.",
                ),
            )
        statuses.setdefault(1, (PlaneradStatus.GENOMFORD, PlaneradUtfall.RATTELSE))
        rows = self._mark(hvb, statuses, BEDOMNING_HVB, D(2024, 12, 6))
        self._documents(
            rng,
            hvb,
            [
                "Bemanningsschema",
                "Redogörelse för personalens kompetens",
                "Kvalitetsberättelse",
                "Verksamhetsberättelse",
            ],
            D(2024, 5, 20),
        )
        self._observations(rng, hvb, OBSERVATIONER_HVB)
        done = [r for r in rows if r.status == PlaneradStatus.GENOMFORD]
        self._visit(
            hvb, done[0], _at(D(2024, 9, 17), 20, 0), anmalt=False, kvall=True, text=BESOK_OK
        )
        self._visit(
            hvb, done[1], _at(D(2024, 9, 26), 19, 30), anmalt=False, kvall=True, text=BESOK_OK
        )
        self._visit(
            hvb, done[2], _at(D(2024, 10, 8), 14, 0), anmalt=True, kvall=False, text=BESOK_OK
        )
        done[1].utfall = PlaneradUtfall.RATTELSE
        save_as(done[1], user=self.strateg)  # checked when _finding links its Brist
        self._finding(
            hvb,
            done[1],
            "Dokumentation och rapportering",
            "I ett ärende fick socialsekreteraren genomförandeplanen med fördröjning.",
            "Genomförandeplan inom fyra veckor från inskrivning.",
            D(2024, 11, 15),
            status=BristStatus.ATGARDAD,
        )

        # Stödboende för ungdomar: the five with the highest purchase value.
        sb = self._special(
            namn=STODBOENDE_UNGA,
            ar=2024,
            rubrik="Särskild uppföljning 2024 – Stödboende för ungdomar",
            fran=fran,
            till=till,
            antal=5,
            oppnad=D(2024, 6, 3),
            metoder=[
                "Begärda dokument",
                "Enkät till socialsekreterare",
                "Intervjuer med personal",
                "Oanmält besök",
            ],
            teman=[
                "Bemanning och kompetens",
                "Genomförandeplan",
                "Uppföljningsrapportering",
                "Avvikelser och lex Sarah",
                "Lex Sarah",
                "Alkohol- och drogkontroller",
                "Meddelarfrihet",
                "Hälso- och sjukvård",
            ],
        )
        rows = self._mark(
            sb,
            {
                0: (PlaneradStatus.GENOMFORD, PlaneradUtfall.RATTELSE),
                1: (PlaneradStatus.GENOMFORD, PlaneradUtfall.RATTELSE),
                2: (PlaneradStatus.GENOMFORD, PlaneradUtfall.RATTELSE),
                4: (
                    PlaneradStatus.FLYTTAD,
                    (
                        "Leverantören har bytt ledning",
                        "Leverantören bytte verksamhetschef under hösten; "
                        "intervjuerna flyttas till våren 2025.",
                    ),
                ),
            },
            BEDOMNING_STODBOENDE,
            D(2024, 12, 13),
        )
        self._documents(
            rng,
            sb,
            [
                "Rutiner för in- och utskrivning",
                "Rutin för flytt från stödboende till eget boende",
                "Rutiner för synpunkts- och klagomålshantering",
                "Rutiner för lex Sarah-anmälan",
                "Rutin för registerutdrag vid anställning",
            ],
            D(2024, 9, 2),
        )
        self._observations(rng, sb, OBSERVATIONER_STODBOENDE)
        self._visit(
            sb,
            rows[0],
            _at(D(2024, 11, 5), 20, 15),
            anmalt=False,
            kvall=True,
            text="Ingen personal på plats efter klockan 19 trots angiven "
            "kvällsbemanning. Personal kom efter cirka en halvtimme efter inringning. "
            "Rutiner för krissituationer visades.",
        )
        self._visit(
            sb,
            rows[1],
            _at(D(2024, 11, 12), 20, 30),
            anmalt=False,
            kvall=True,
            text="Varken kontaktpersonen eller personalen i tjänst kunde visa aktuellt "
            "bemanningsschema. Personalen var osäker på rutinerna.",
        )
        for row in rows[:3]:
            self._finding(
                sb,
                row,
                "Meddelarfrihet",
                "Personalen hade låg kännedom om meddelarfriheten.",
                "Information om meddelarfriheten i introduktionen av personal.",
                D(2025, 1, 31),
                status=BristStatus.ATGARDAD,
            )
        self._finding(
            sb,
            rows[2],
            "Genomförandeplan",
            "Rutinen för flytt från stödboende till eget boende var tunn.",
            "Utveckla rutinen och redovisa den.",
            D(2025, 1, 15),
            status=BristStatus.ATGARDAD,
        )
        self._finding(
            sb,
            rows[0],
            "Bemanning och kompetens",
            "Kvällsbemanningen efter klockan 19 hade tagits bort utan att kommunen informerats.",
            "Bemanning enligt anbudet eller anmälan av ändring till kommunen.",
            D(2024, 12, 20),
            status=BristStatus.ATGARDAD,
        )
        unfixed = self._finding(
            sb,
            rows[1],
            "Bemanning och kompetens",
            "Aktuellt bemanningsschema saknades vid oanmält besök kvällstid och personalen "
            "kunde inte nå beredskapen.",
            "Bemanningsschema uppsatt på boendet och fungerande beredskap; redovisa schema "
            "för fyra veckor.",
            D(2024, 12, 6),
            status=BristStatus.OPPEN,
            allvarlighet=Allvarlighet.ALLVARLIG,
        )
        self._escalate_finding(sb, rows[1], unfixed)

        # Spelmissbruk: the whole agreement, handled by one unit.
        spel_ram = self.ramavtal[SPEL][0]
        suppliers = [
            a.leverantor
            for a in Avtal.objects.filter(ramavtal=spel_ram)
            .select_related("leverantor")
            .order_by("rangordning")
        ]
        spel = self._special(
            namn=SPEL,
            ar=2024,
            rubrik="Särskild uppföljning 2024 – Behandling spelmissbruk och spelberoende",
            fran=fran,
            till=till,
            antal=None,
            oppnad=D(2024, 8, 19),
            metoder=["Intervjuer med personal", "Enkät till socialsekreterare"],
            teman=["Delaktighet, synpunkter och klagomål", "Dokumentation och rapportering"],
            leverantorer=suppliers,
            urvalskriterier="Hela ramavtalet, då det är litet och alla ärenden handläggs på "
            "en enhet inom avdelning vuxen",
        )
        rows = self._mark(
            spel,
            {
                0: (PlaneradStatus.GENOMFORD, PlaneradUtfall.RATTELSE),
                1: (PlaneradStatus.GENOMFORD, PlaneradUtfall.RATTELSE),
            },
            BEDOMNING_SPEL,
            D(2024, 11, 29),
        )
        self._observations(rng, spel, OBSERVATIONER_SPEL)
        for row in rows[:2]:
            self._finding(
                spel,
                row,
                "Delaktighet, synpunkter och klagomål",
                "Klienterna hade inte fått skriftlig information om vart de vänder "
                "sig med synpunkter eller klagomål.",
                "Skriftlig information till varje klient vid inskrivning.",
                D(2025, 2, 28),
                status=BristStatus.ATGARDAD,
            )
        self.counts["särskilda_2024"] = 3

    def _escalate_finding(self, case, row, brist):
        """The finding left unfixed becomes an event-driven case (as in the 2024 report)."""
        oppnad = D(2024, 12, 16)
        unit = self._unit(case.ramavtal, row.leverantor)
        media = self._signal(
            leverantor=row.leverantor,
            verksamhet=unit,
            kalla=SignalKalla.MEDIA,
            datum=D(2024, 12, 10),
            text="Uppgifter i media om bristande bemanning och tillsyn på boendet.",
            allvarlig=True,
        )
        uppf = self._open(
            leverantor=row.leverantor,
            verksamhet=unit,
            ramavtal=case.ramavtal,
            rubrik=f"Ej åtgärdad brist från särskild uppföljning – {row.leverantor.namn}",
            utlosande="Brist i bemanning från den särskilda uppföljningen 2024 som inte "
            "åtgärdats, och uppgifter i media.",
            oppnad=oppnad,
            signaler=[media],
            brist=brist,
        )
        self._request(
            uppf,
            D(2024, 12, 17),
            "Bemanningsschema för oktober–december, "
            "beredskapsrutin och redogörelse för arbetstidsbyten.",
        )
        besok = Platsbesok(
            uppfoljning=uppf,
            verksamhet=unit,
            tidpunkt=_at(D(2025, 1, 21), 20, 0),
            anmalt=False,
            kvall=True,
            genomfort=True,
            deltagare="Två avtalsansvariga strateger",
            iakttagelser="Bemanningsschema uppsatt och personal enligt schemat på plats.",
        )
        save_as(besok, user=self.strateg, clean=True)
        self._close(
            uppf,
            utfall=Utfall.KRAV_PA_RATTELSE,
            bedomning="Leverantören har infört bemanningsschema och beredskapsrutin. Kravet "
            "på rättelse följs upp vid nästa särskilda uppföljning; underlaget räckte inte "
            "för hävning.",
            avslutad=D(2025, 2, 14),
            rattelse_senast=D(2025, 3, 31),
        )

    def special_later(self):
        """2025 (done) and 2026 (planned) special follow-ups on the successor agreements."""
        rng = _rng("sarskild-senare")
        for namn, ar, oppnad, fran, till, avslutad in (
            (HVB_VUXNA, 2025, D(2025, 4, 7), D(2024, 4, 1), D(2025, 3, 31), D(2025, 11, 28)),
            (SKYDDAT, 2025, D(2025, 3, 10), D(2024, 1, 1), D(2025, 2, 28), D(2025, 10, 24)),
            (STODBOENDE_VUXNA, 2026, D(2026, 9, 7), D(2025, 1, 1), D(2026, 6, 30), None),
            (FAMILJEHEM, 2026, D(2026, 10, 5), D(2025, 1, 1), D(2026, 8, 31), None),
        ):
            old, succ = self.ramavtal[namn]
            ram = succ if succ and succ.startdatum < till else old
            if not Placering.objects.filter(avtal__ramavtal=ram).overlapping(fran, till).exists():
                ram = old
            case = self._special(
                namn=namn,
                ramavtal=ram,
                ar=ar,
                rubrik=f"Särskild uppföljning {ar} – {namn}",
                fran=fran,
                till=till,
                antal=4,
                oppnad=oppnad,
                metoder=[
                    "Enkät till socialsekreterare",
                    "Begärda dokument",
                    "Oanmält besök",
                ],
                teman=["Bemanning och kompetens", "Lokaler", "Meddelarfrihet"],
            )
            if avslutad is not None:
                self._mark(
                    case,
                    {},
                    "Leverantörerna i urvalet följer avtalet. Inga brister har framkommit.",
                    avslutad,
                )
                self._documents(rng, case, ["Bemanningsschema"], oppnad + datetime.timedelta(7))
            elif namn == STODBOENDE_VUXNA:
                # Started: documents asked for, an evening visit planned (hidden).
                self._documents(rng, case, ["Bemanningsschema"], oppnad + datetime.timedelta(7))
                row = case.urval.order_by("-inkopsvarde", "pk").first()
                self._visit(
                    case, row, _at(D(2026, 12, 2), 19, 30), anmalt=False, kvall=True, text=""
                )
        self.counts["särskilda_2025_2026"] = 4

    # --- Invoice sampling ---------------------------------------------------
    def invoice_sampling(self):
        rng = _rng("stickprov")
        sb = self.ramavtal[STODBOENDE_UNGA][0]
        rounds = (
            (
                "Pilot: stickprov på fakturor, första kvartalet 2024",
                D(2024, 4, 22),
                StickprovKalla.PLACERINGAR,
                D(2024, 1, 1),
                D(2024, 3, 31),
                None,
                (
                    (FakturaAvvikelse.FEL_PRIS, "Dygnspriset avvek från avropsordningen."),
                    (FakturaAvvikelse.UTFLYTTSDAG, "Utflyttsdagen fakturerad."),
                ),
            ),
            (
                "Stickprov inom särskild uppföljning, stödboende för ungdomar",
                D(2024, 10, 14),
                StickprovKalla.PLACERINGAR,
                D(2023, 1, 1),
                D(2024, 4, 30),
                sb,
                ((FakturaAvvikelse.FEL_NIVA, "Fakturerad nivå 3, beställd nivå 2."),),
            ),
            (
                "Stickprov avslutade placeringar 2024",
                D(2024, 11, 25),
                StickprovKalla.AVSLUTADE,
                D(2024, 1, 1),
                D(2024, 10, 31),
                None,
                (
                    (FakturaAvvikelse.UTFLYTTSDAG, "Utflyttsdagen fakturerad."),
                    (FakturaAvvikelse.UTFLYTTSDAG, "Utflyttsdagen fakturerad."),
                    (FakturaAvvikelse.UTFLYTTSDAG, "Utflyttsdagen fakturerad; kreditering begärd."),
                    (FakturaAvvikelse.UTFLYTTSDAG, "Utflyttsdagen fakturerad; kreditering begärd."),
                    (
                        FakturaAvvikelse.FEL_PERIOD,
                        "Fakturan gällde dagar efter avslutad placering.",
                    ),
                ),
            ),
        )
        for namn, datum, kalla, fran, till, ramavtal, findings in rounds:
            stickprov = stickprov_skapa(
                namn=namn,
                datum=datum,
                kalla=kalla,
                fran=fran,
                till=till,
                antal=20,
                ramavtal=ramavtal,
                user=self.strateg,
                seed=int(datum.strftime("%Y%m%d")),
            )
            drawn = list(stickprov.fakturor.order_by("ordning"))
            bad = dict(zip(rng.sample(range(len(drawn)), len(findings)), findings, strict=True))
            for index, faktura in enumerate(drawn):
                if index in bad:
                    faktura.resultat = FakturaResultat.AVVIKELSE
                    faktura.avvikelsetyp, faktura.kommentar = bad[index]
                else:
                    faktura.resultat = FakturaResultat.OK
                save_as(faktura, user=self.strateg, clean=True)
        self.counts["stickprov"] = len(rounds)

    # --- Checks -------------------------------------------------------------
    def _ivo_units(self, on, ramavtal_q):
        """Units of contracts in force on `on` under the agreements of `ramavtal_q` in
        force then, by unit: [(Verksamhet, [avtal pk, …])]."""
        contracts = list(_in_force(on, ramavtal_q).order_by("pk"))
        units = {}
        for avtal_id, covered in units_of(contracts).items():
            for unit in covered:
                units.setdefault(unit.pk, (unit, []))[1].append(avtal_id)
        return [units[pk] for pk in sorted(units)]

    def ivo_checks(self):
        """Sweeps of the children's agreements twice a year; the app's Placeringsstöd reading.

        Remarks follow the register: units of contracts paused for an IVO case
        carry a demand for a corrective report, the revoked permit shows, a
        dormant unit is vilande.
        """
        rng = _rng("ivo")
        pauses = {}
        ivo_skal = [BeslutSkal.IVO_ARENDE, BeslutSkal.UTREDNING, BeslutSkal.VILANDE]
        for beslut in Beslut.objects.filter(skal__in=ivo_skal).order_by("datum"):
            pauses.setdefault(beslut.avtal_id, []).append(beslut)
        recent = self.today - datetime.timedelta(days=9)
        sweeps = [
            (D(2024, 3, 18), Q(arlig_ivo_tillsyn=True)),
            (D(2024, 9, 23), Q(arlig_ivo_tillsyn=True)),
            (D(2025, 3, 17), Q(arlig_ivo_tillsyn=True)),
            (D(2025, 9, 22), Q(arlig_ivo_tillsyn=True)),
            (D(2026, 3, 16), Q(arlig_ivo_tillsyn=True)),
            (D(2026, 9, 21), Q(arlig_ivo_tillsyn=True)),
            # Before today's call-offs: every permit-bound unit of the current agreements.
            (recent, Q(tillstandspliktig=True)),
        ]
        rows = []
        for day, ramavtal_q in sweeps:
            if day >= self.today:
                continue
            for unit, avtal_ids in self._ivo_units(day, ramavtal_q):
                tillstand = Tillstandsstatus.GILTIGT
                krav, oppna, vilande = False, 0, unit.vilande and day >= D(2024, 8, 19)
                if day > D(2026, 10, 1) and rng.random() < 0.03:
                    krav, oppna = True, 1  # a few open IVO cases today: a warning at call-off
                for avtal_id in avtal_ids:
                    for beslut in pauses.get(avtal_id, []):
                        within = beslut.datum - datetime.timedelta(days=30) <= day
                        if within and day <= beslut.datum + datetime.timedelta(days=120):
                            krav, oppna = True, 1
                if unit.tillstandsstatus == Tillstandsstatus.ATERKALLAT and day >= D(2024, 6, 1):
                    tillstand, krav, oppna = Tillstandsstatus.ATERKALLAT, False, 0
                rows.append(
                    IvoKontroll(
                        verksamhet=unit,
                        kontrollerad=_at(day, 9 + rng.randint(0, 6), rng.randint(0, 59)),
                        kalla=Kontrollkalla.MANUELL,
                        status=Kontrollstatus.OK,
                        tillstand=tillstand,
                        vilande=vilande,
                        oppna_tillsynsarenden=oppna,
                        krav_pa_aterrapportering=krav,
                        senaste_tillsyn=day - datetime.timedelta(days=rng.randint(30, 330)),
                        registrerad_av=self.strateg,
                    )
                )
        bulk_create_with_history(rows, IvoKontroll, default_user=self.strateg)
        self.counts["ivo_kontroller"] = len(rows)

    def credit_checks(self):
        """Credit sweeps of the suppliers in force, and the reports behind economic pauses."""
        rng = _rng("kredit")
        economic = {}
        for beslut in Beslut.objects.filter(skal=BeslutSkal.EKONOMI, typ=BeslutTyp.PAUS):
            economic.setdefault(beslut.avtal.leverantor_id, []).append(beslut.datum)
        rows = []
        recent = self.today - datetime.timedelta(days=12)
        for day in (
            D(2024, 2, 12),
            D(2024, 8, 12),
            D(2025, 2, 10),
            D(2025, 8, 11),
            D(2026, 2, 9),
            D(2026, 8, 10),
            recent,
        ):
            if day >= self.today:
                continue
            suppliers = (
                _in_force(day)
                .values_list("leverantor_id", flat=True)
                .distinct()
                .order_by("leverantor_id")
            )
            for leverantor_id in suppliers:
                rows.append(self._credit(rng, leverantor_id, day, economic))
        # The service's report that led to each economic pause.
        for leverantor_id, days in sorted(economic.items()):
            for day in days:
                rows.append(
                    self._credit(rng, leverantor_id, day - datetime.timedelta(days=7), economic)
                )
        bulk_create_with_history(rows, Kreditkontroll, default_user=self.strateg)
        self.counts["kreditkontroller"] = len(rows)

    def _credit(self, rng, leverantor_id, day, economic):
        troubled = any(
            d - datetime.timedelta(days=10) <= day <= d + datetime.timedelta(days=90)
            for d in economic.get(leverantor_id, [])
        )
        if day > D(2026, 10, 1) and rng.random() < 0.03:
            troubled = True  # a few remarks today: a warning at call-off
        return Kreditkontroll(
            leverantor_id=leverantor_id,
            kontrollerad=_at(day, 8, rng.randint(0, 59)),
            kalla=Kontrollkalla.STUB,
            status=Kontrollstatus.OK,
            rating="C" if troubled else rng.choice(["AAA", "AA", "AA", "A", "A", "B"]),
            betalningsanmarkningar=troubled,
            skatteskulder=troubled,
            registrerad_av=self.strateg,
        )

    def register_checks(self):
        """Belastningsregister of the HVB representatives twice in autumn 2024 (after media
        reports), then the twice-yearly round from 2025; the latest a few months back."""
        rng = _rng("register")
        rows = []
        hvb = self.ramavtal[HVB_BARN][0]
        hvb_reps = Foretradare.objects.filter(
            leverantor__avtal__ramavtal=hvb, till__isnull=True
        ).order_by("pk")
        flagged = set(rng.sample(list(hvb_reps.values_list("pk", flat=True)), 2))
        for begard in (D(2024, 9, 9), D(2024, 11, 18)):
            for rep in hvb_reps:
                bedomning = rep.pk in flagged and begard.month == 9
                rows.append(self._register(rep, begard, bedomning))
        current = (
            Foretradare.objects.filter(
                till__isnull=True, leverantor__avtal__in=Avtal.objects.aktiva()
            )
            .distinct()
            .order_by("pk")
        )
        reps = list(current)
        left_out = set(rng.sample([r.pk for r in reps], min(4, len(reps))))
        for begard in (
            D(2025, 5, 12),
            D(2025, 11, 10),
            D(2026, 5, 11),
            self.today - datetime.timedelta(days=75),
        ):
            if begard >= self.today or begard < D(2025, 5, 12):
                continue
            for rep in reps:
                if rep.pk in left_out and begard > D(2026, 1, 1):
                    continue
                rows.append(self._register(rep, begard, False))
        bulk_create_with_history(rows, Registerkontroll, default_user=self.strateg)
        self.counts["registerkontroller"] = len(rows)

    def _register(self, rep, begard, bedomning):
        besvarad = begard + datetime.timedelta(days=12)
        return Registerkontroll(
            foretradare=rep,
            typ=RegisterkontrollTyp.BELASTNINGSREGISTER,
            begard=begard,
            besvarad=besvarad,
            utfall=RegisterkontrollUtfall.BEDOMNING if bedomning else RegisterkontrollUtfall.INGET,
            giltig_till=begard + datetime.timedelta(days=182),
            registrerad_av=self.strateg,
        )

    def call_off_checks(self):
        """Coordinators' checks before call-offs in 2024 (as they then stood) and today."""
        rng = _rng("avrop")
        placements = list(
            Placering.objects.filter(
                avtal__ramavtal__arlig_ivo_tillsyn=True,
                startdatum__range=(D(2024, 1, 15), D(2024, 12, 15)),
            )
            .select_related("avtal")
            .order_by("pk")
        )
        rows = []
        for placering in rng.sample(placements, min(12, len(placements))):
            warn = rng.random() < 0.2
            skal = []
            if warn:
                skal = [
                    {
                        "niva": Utslag.VARNING,
                        "url": "",
                        "text": "IVO har ett öppet ärende med krav på återrapportering av "
                        "åtgärder.",
                    }
                ]
            rows.append(
                (
                    _at(placering.startdatum - datetime.timedelta(days=1), 11, rng.randint(0, 59)),
                    Avropskontroll(
                        avtal=placering.avtal,
                        verksamhet_id=placering.verksamhet_id,
                        kontrollerad_av=self.samordnare,
                        utslag=Utslag.VARNING if warn else Utslag.KLAR,
                        skal=skal,
                        anteckning=f"Avrop {placering.referens}",
                    ),
                )
            )
        for when, row in sorted(rows, key=lambda r: r[0]):
            # An empty list of reasons (Klar) is what the app stores too.
            save_as(row, user=self.samordnare)
            _stamp(row, when)
        # Today's: the real verdicts for two contracts of a current agreement.
        current = list(
            Avtal.objects.aktiva()
            .filter(
                ramavtal__in=Ramavtal.objects.filter(arlig_ivo_tillsyn=True).current(self.today)
            )
            .select_related("leverantor", "ramavtal")
            .order_by("ramavtal__startdatum", "rangordning")[:2]
        )
        units = units_of(current)
        facts = load_facts(current, units)
        for avtal in current:
            unit = units[avtal.pk][0]
            verdict = verdict_for(facts[(avtal.pk, unit.pk)], now=self.now)
            row = Avropskontroll(
                avtal=avtal,
                verksamhet=unit,
                kontrollerad_av=self.samordnare,
                utslag=verdict.utslag,
                skal=verdict.snapshot(),
                anteckning="Inför avrop",
            )
            save_as(row, user=self.samordnare)
            _stamp(row, self.now)
            rows.append((self.now, row))
        self.counts["avropskontroller"] = len(rows)

    # --- Today -----------------------------------------------------------------
    def current_case(self):
        """One event-driven case open today on a current contract, with a pause pending.

        The IVO sweep a few days ago found a demand for a corrective report.
        """
        if self.today < D(2026, 1, 1):
            return
        signal_day = self.today - datetime.timedelta(days=21)
        paus_day = signal_day + datetime.timedelta(days=4)
        # A contract well down the call-off order with no call-off since the pause.
        avtal = (
            Avtal.objects.aktiva()
            .filter(
                ramavtal__in=Ramavtal.objects.filter(namn=HVB_BARN).current(self.today),
                rangordning__gte=7,
            )
            .exclude(placeringar__startdatum__gte=paus_day)
            .select_related("leverantor", "ramavtal")
            .order_by("rangordning")
            .first()
        )
        if avtal is None:
            return
        unit = _first_unit(avtal)
        text = (
            f"IVO:s tillsyn av {unit.namn} visar brister i bemanningen nattetid. IVO kräver "
            "en redovisning av vidtagna åtgärder inom två månader."
        )
        signal = self._signal(
            leverantor=avtal.leverantor,
            verksamhet=unit,
            kalla=SignalKalla.IVO,
            datum=signal_day,
            text=text,
            allvarlig=True,
        )
        case = self._open(
            leverantor=avtal.leverantor,
            verksamhet=unit,
            ramavtal=avtal.ramavtal,
            rubrik=f"IVO-beslut med krav på återrapportering – {unit.namn}",
            utlosande=text,
            oppnad=signal_day + datetime.timedelta(days=2),
            signaler=[signal],
        )
        self._request(
            case,
            signal_day + datetime.timedelta(days=3),
            "IVO:s beslut, leverantörens åtgärdsplan och bemanningsschema nattetid för de "
            "senaste fyra veckorna.",
            days=21,
            answered=False,
        )
        beslut = avtal_fatta_beslut(
            avtal=avtal,
            typ=BeslutTyp.PAUS,
            datum=paus_day,
            beslutsfattare="Avdelningschef, avdelning Barn och ungdom",
            skal=BeslutSkal.IVO_ARENDE,
            faktaunderlag=text + " Tillfällig uteslutning från avrop tills IVO har godtagit "
            "redovisningen.",
            user=self.strateg,
            omprovning_datum=signal_day + datetime.timedelta(days=94),
        )
        latest = IvoKontroll.objects.filter(verksamhet=unit).order_by("-kontrollerad").first()
        if latest is not None:
            latest.krav_pa_aterrapportering = True
            latest.oppna_tillsynsarenden = 1
            save_as(latest, user=self.strateg, clean=True)
        self.counts["pågående_fall"] = 1
        self.current_beslut = beslut


# --- Texts ---------------------------------------------------------------------
BESOK_OK = (
    "Bemanning enligt schemat på plats. Lokalerna välhållna och städade. Personalen kunde "
    "redogöra för rutiner vid oförutsedda händelser och visade dem."
)
BEDOMNING_HVB = (
    "Leverantörerna i urvalet uppvisar god kvalitet och kan beskriva sina arbetssätt, metoder "
    "och rutiner. Socialsekreterarna är över lag nöjda. Samtliga har skickat in "
    "personalsammansättning och kvalitetsberättelse utan anmärkning. Vid de tre "
    "verksamhetsbesöken fanns bemanning enligt schema. Kännedomen om meddelarfriheten "
    "varierade och har återkopplats."
)
BEDOMNING_STODBOENDE = (
    "Samtliga leverantörer har rutiner inom alla områden, med varierande detaljeringsgrad. "
    "Socialsekreterarna är mycket nöjda. Kännedomen om meddelarfriheten var låg och har "
    "återkopplats. Vid ett oanmält besök saknades kvällsbemanning; leverantören har rättat "
    "detta. Vid det andra besöket saknades bemanningsschema, vilket inte åtgärdats och har "
    "lett till en händelsestyrd uppföljning."
)
BEDOMNING_SPEL = (
    "Ramavtalet är välfungerande. Leverantörerna har inte lämnat skriftlig information om "
    "vart klienterna vänder sig med synpunkter och klagomål; leverantörerna har åtgärdat "
    "detta."
)
OBSERVATIONER_HVB = (
    (
        "Bemanning och kompetens",
        "Enkät till leverantörens ledning",
        (
            "Minst två personal i tjänst dygnet runt; timvikarier vid frånvaro. Fortbildning "
            "erbjuds utifrån verksamhetens profil.",
            "Bemanningen anpassas efter beläggning och de inskrivnas behov. Studieintyg, "
            "referenser och belastningsregister tas in vid anställning.",
        ),
    ),
    (
        "Hälso- och sjukvård",
        "Intervjuer med personal",
        (
            "Behovet av hälso- och sjukvård tas upp vid inskrivning och förs in i "
            "genomförandeplanen. Personalen hjälper till med tidsbokning.",
            "Samarbete med vårdcentral finns; sjuksköterska knuten till verksamheten.",
        ),
    ),
    (
        "Meddelarfrihet",
        "Intervjuer med personal",
        (
            "Personalen vet att de kan vända sig till media och till IVO men är osäker på "
            "begreppet meddelarfrihet.",
            "Meddelarfriheten tas upp på arbetsplatsträffar; god kännedom i personalgruppen.",
        ),
    ),
    (
        "Avvikelser och lex Sarah",
        "Enkät till leverantörens ledning",
        (
            "Skriftliga rutiner vid oplanerade avbrott; socialtjänsten informeras omgående.",
            "Risk- och sammanbrottsanalyser görs i förbättringssyfte efter avbrott.",
        ),
    ),
)
OBSERVATIONER_STODBOENDE = (
    (
        "Bemanning och kompetens",
        "Intervjuer med personal",
        (
            "Personalen anser att bemanningen räcker och anpassas efter ungdomarnas behov. "
            "Beredskap finns att nå för råd och stöd.",
            "Timvikarier kallas in vid behov av utökad bemanning eller vid frånvaro.",
        ),
    ),
    (
        "Genomförandeplan",
        "Enkät till socialsekreterare",
        (
            "Adekvat genomförandeplan i de flesta placeringarna.",
            "Genomförandeplanen hade kunnat kommuniceras tydligare med socialsekreteraren.",
        ),
    ),
    (
        "Uppföljningsrapportering",
        "Enkät till socialsekreterare",
        (
            "Månadsrapporterna har kommit in enligt avtal.",
            "Socialsekreteraren har behövt påminna om månadsrapporten vid personalbyte.",
        ),
    ),
    (
        "Meddelarfrihet",
        "Intervjuer med personal",
        (
            "Låg kännedom om meddelarfriheten bland den intervjuade personalen.",
            "Personalen har hört talas om visselblåsning men känner inte till lagens vidd.",
        ),
    ),
    (
        "Lex Sarah",
        "Begärda dokument",
        (
            "Rutin för lex Sarah finns; viss osäkerhet om gränsen mot en vanlig avvikelse.",
            "Rutin finns och verksamhetsansvarig stöttar i bedömningen.",
        ),
    ),
)
OBSERVATIONER_SPEL = (
    (
        "Delaktighet, synpunkter och klagomål",
        "Intervjuer med personal",
        (
            "Klienterna har inte fått skriftlig information om vart de vänder sig med "
            "synpunkter eller klagomål.",
        ),
    ),
    (
        "Dokumentation och rapportering",
        "Enkät till socialsekreterare",
        (
            "Grupper hålls både dag- och kvällstid; rapporteringen till socialsekreteraren "
            "fungerar.",
        ),
    ),
)
OBSERVATIONER_VUXNA = (
    (
        "Bemanning och kompetens",
        "Begärda dokument",
        (
            "Bemanningsschemat motsvarar anbudet; personal nås dygnet runt.",
            "Personal finns på plats dagtid och beredskap kvällar och helger enligt anbudet.",
        ),
    ),
    (
        "Alkohol- och drogkontroller",
        "Intervjuer med personal",
        (
            "Nolltolerans och rutin för drogtester efter uppdrag från socialsekreteraren.",
            "Drogtester görs med samtycke; återfall meddelas socialtjänsten samma dag.",
        ),
    ),
)
OBSERVATIONER_FAMILJEHEM = (
    (
        "Bemanning och kompetens",
        "Enkät till leverantörens ledning",
        (
            "Konsulenterna har socionomexamen och handleder familjehemmen varannan vecka.",
            "Jour dygnet runt för familjehemmen; handledning i grupp en gång i månaden.",
        ),
    ),
    (
        "Uppföljningsrapportering",
        "Enkät till socialsekreterare",
        (
            "Kvartalsrapporterna kommer in i tid och är utförliga.",
            "Rapporterna följer målen i vårdplanen.",
        ),
    ),
)
