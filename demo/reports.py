"""The committee's documents for the demo: plans 2024 and 2025 and the annual report 2024.

Called by demo.register.load_demo_data (small scale) after the follow-up
history (demo.follow_up). Written like the real documents (reference/), with
the municipality from administration.kommun.aktuell(), invented handläggare and signatory, and the
figures in the narrative read from the same functions the report prints, so
text and tables agree. The documents are complete (saknade_avsnitt() is
empty) and can be fastställda from the app; they are not frozen here, as
rendering the PDF would slow every demo load.
"""

import datetime

from administration.kommun import aktuell
from arenden.models import Uppfoljning, UppfoljningTyp
from rapporter.arsrapport import NO_RAMAVTAL, arsrapport_data
from rapporter.models import Arsrapport
from rapporter.services import arsrapport_skapa, plan_markera_ar, plan_skapa
from rapporter.text import join_och
from uppfoljning.history import save_as

D = datetime.date

HANDLAGGARE = "Maja Lindqvist, Oskar Berglund och Yasmin Ahmadi"
UNDERTECKNARE = "Henrik Sjöberg"
PLAN_DNR = {2024: "SCN-2024-00047", 2025: "SCN-2025-00031"}
RAPPORT_DNR = "SCN-2025-00012"

# The years the plans mark for special follow-up, by agreement name: the
# 2024 plan's table (reference/plan-2024.txt) and its 2025 successor.
PLAN_KRYSS = {
    2024: {
        "Stödboende för vuxna med missbruk": (2023,),
        "Konsulentstödd familjehemsvård": (2023,),
        "Stödboende för ungdomar": (2024,),
        "HVB barn och unga": (2024,),
        "Behandling spelmissbruk och spelberoende": (2024,),
        "HVB för vuxna med missbruk": (2025,),
        "Skyddat boende": (2025,),
    },
    2025: {
        "Stödboende för ungdomar": (2024,),
        "HVB barn och unga": (2024,),
        "Behandling spelmissbruk och spelberoende": (2024,),
        "HVB för vuxna med missbruk": (2025,),
        "Skyddat boende": (2025,),
        "Stödboende för vuxna med missbruk": (2026,),
        "Konsulentstödd familjehemsvård": (2026,),
    },
}


def load_demo_rapporter(*, user, stdout=None):
    """Create the demo documents; None if the annual report 2024 already exists."""
    if Arsrapport.objects.filter(ar=2024).exists():
        return None
    plans = [_plan(ar, user) for ar in (2024, 2025)]
    rapport = _arsrapport(user, plans[0])
    if stdout is not None:
        stdout.write(f"  dokument: {', '.join(p.titel for p in plans)}, {rapport.titel}\n")
    return {"dokument": len(plans) + 1}


def _special_agreements(ar):
    """The agreement each special follow-up of a year was made on, by name."""
    return {
        u.ramavtal.namn: u.ramavtal
        for u in Uppfoljning.objects.filter(typ=UppfoljningTyp.SARSKILD, ar=ar).select_related(
            "ramavtal"
        )
    }


def _plan(ar, user):
    namnd = aktuell().namnd
    plan = plan_skapa(ar=ar, user=user)
    kryss = PLAN_KRYSS[ar]
    valda = set()
    for namn, years in kryss.items():
        for year in years:
            ramavtal = _special_agreements(year).get(namn)
            if ramavtal is not None:
                valda.add((ramavtal.pk, year))
    plan_markera_ar(plan=plan, valda=valda, user=user)
    i_ar = sorted(n for n, years in kryss.items() if ar in years)
    plan.datum = D(ar, 2, 26)
    plan.diarienummer = PLAN_DNR[ar]
    plan.handlaggare = HANDLAGGARE
    plan.undertecknare_namn = UNDERTECKNARE
    plan.foredragning = (
        f"{namnd.capitalize()} upphandlar biståndsbeslutade insatser genom ramavtal och "
        "direktupphandlingar. Nämndens ramavtal omfattar sammantaget ett stort antal "
        "leverantörer och reglerar nämndens krav på utförarna. Genom en återkommande "
        "uppföljning ska nämnden säkerställa att utförarna följer ingångna avtal.\n\n"
        "I planen redovisas förvaltningens förslag till löpande uppföljning, händelsestyrd "
        f"uppföljning och särskild uppföljning. Förvaltningen föreslår att den särskilda "
        f"uppföljningen {ar} genomförs inom ramavtalen {join_och(i_ar)}."
    )
    plan.ramavtal_text = (
        "Nämndens ramavtal är avtal med leverantörer om inköp av individuella insatser. "
        "Insatser köps genom avrop utifrån pris och individuella krav på tjänsten. Utförare "
        "högre upp i avropsordningen används oftare, och placeringssamordnarna hjälper "
        "socialsekreterarna att hitta lämpliga leverantörer."
    )
    if ar >= 2025:
        plan.lopande_text += (
            " Från 2025 kontrolleras leverantörernas företrädare mot belastningsregistret två "
            "gånger per år, och stickproven på fakturor permanentas."
        )
    plan.beslutsunderlag = (
        f"Tjänsteskrivelse daterad {plan.datum:%Y-%m-%d}.\n"
        f"Bilaga 1, Rapport – Plan för uppföljning av privata utförare {ar}."
    )
    save_as(plan, user=user, clean=True)
    return plan


def _arsrapport(user, plan_2024):
    ar = 2024
    kommun_nu = aktuell()
    namnd = kommun_nu.namnd
    kommun = kommun_nu.namn
    rapport = arsrapport_skapa(ar=ar, user=user)
    data = arsrapport_data(ar)
    sarskilda = [a.ramavtal.namn for a in data.sarskild]
    totalt = data.beslut_totalt
    avv = data.avvikelser
    kontroll = data.kontroller
    stick = data.stickprov
    vanligast = avv.rader[0].kategori.lower() if avv.rader else ""
    nast = avv.rader[1].kategori.lower() if len(avv.rader) > 1 else ""
    # Most event-driven follow-ups (not most decisions): the sentence is about the former.
    flest = max(
        (r for r in data.handelsstyrd.rader if r.ramavtal != NO_RAMAVTAL),
        key=lambda r: r.antal,
        default=None,
    )
    ej_atgardade = sum(a.brister_eskalerade for a in data.sarskild)
    vanligaste_fakturafel = stick.per_typ[0][0].lower() if stick.per_typ else ""

    rapport.datum = D(2025, 1, 8)
    rapport.diarienummer = RAPPORT_DNR
    rapport.handlaggare = HANDLAGGARE
    rapport.undertecknare_namn = UNDERTECKNARE
    rapport.arendet = (
        f"I mars {ar} fattade {namnd} beslut om en plan för kontroll och uppföljning av "
        f"privata utförare {ar} ({plan_2024.diarienummer}). I bilagd rapport presenteras den "
        f"uppföljning som genomförts under {ar}. Ramavtalen {join_och(sarskilda)} har varit "
        f"föremål för nämndens särskilda uppföljning {ar}."
    )
    rapport.beredning = (
        "Ärendet har beretts av avtalsansvariga strateger. Den särskilda uppföljningen har "
        "genomförts av strateger med underlag från enheter inom avdelning Vuxen och avdelning "
        "Barn och ungdom samt från ett urval av leverantörer inom berörda ramavtal."
    )
    rapport.foredragning = (
        "Enligt 10 kap. 8 § kommunallagen ska kommunen kontrollera och följa upp verksamheten "
        "när skötseln av en kommunal angelägenhet genom avtal har lämnats över till en privat "
        "utförare. Nämndens uppföljning består av löpande uppföljning, händelsestyrd "
        "uppföljning och särskild (planerad) uppföljning.\n\n"
        f"Fokus för den särskilda uppföljningen {ar} var ramavtalen {join_och(sarskilda)}. För "
        "HVB och stödboende gjordes ett urval utifrån nämndens inköpsvärde och antal "
        "placeringar januari 2023 – april 2024; ramavtalet för spelmissbruk och spelberoende "
        "följdes upp i sin helhet. Uppföljningen har genomförts med enkäter, intervjuer, "
        "begärda dokument, kontroller i IVO:s Placeringsstöd och platsbesök, varav flera "
        "oanmälda på kvällstid.\n\n"
        "Av den särskilda uppföljningen framgår att den absoluta majoriteten av leverantörerna "
        "uppvisar god kvalitet. Vid enstaka verksamheter har brister framkommit, vilka har "
        "påtalats direkt till leverantören eller lett till en händelsestyrd uppföljning.\n\n"
        f"Förvaltningen har under {ar} fattat {totalt['pauser']} beslut om tillfällig "
        f"uteslutning från avrop, och nämnden har sagt upp {totalt['uppsagningar']} och hävt "
        f"{totalt['havningar']} avtal. Behov av nya kontrollmoment har uppmärksammats, till "
        "exempel kontroll av belastningsregister för företrädare, vilket förvaltningen avser "
        "att utveckla kommande år."
    )
    rapport.barnkonsekvensanalys = (
        "Ramavtalen för HVB, stödboende och konsulentstödd familjehemsvård har barn och unga "
        "som målgrupp. Uppföljning är viktig för att säkerställa kvalitet i verksamheter som "
        "arbetar med barn och unga, och syftet med insatserna är att förbättra situationen "
        "och förhindra en ogynnsam utveckling för dem. Inom ramavtalen för vuxna påverkas barn "
        "indirekt, eftersom många vuxna är vårdnadshavare eller närstående till barn."
    )
    rapport.ekonomiska_konsekvenser = "Beslutet medför inga ekonomiska konsekvenser för nämnden."
    rapport.beslutsunderlag = (
        f"Tjänsteskrivelse, daterad {rapport.datum:%Y-%m-%d}.\n"
        f"Bilaga 1, rapport om {namnd}s uppföljning av privata utförare {ar}, daterad "
        f"{rapport.datum:%Y-%m-%d}."
    )
    rapport.bakgrund = (
        f"En stor del av {namnd}s insatser utförs av privata utförare, även kallade "
        f"leverantörer, med finansiering av nämnden. {kommun} upphandlar enskilda platser för "
        "individuella insatser genom ramavtal och direktupphandling. Ramavtalen omfattar ett "
        "stort antal leverantörer. Direktupphandlingar förekommer men har minskat tack vare "
        "bredden av leverantörer inom ramavtalen.\n\n"
        "Förvaltningen har nämndens uppdrag att följa upp och kontrollera att leverantörerna "
        f"följer ingångna avtal. Under {ar} har förvaltningen infört rutiner för stickprov på "
        "fakturor och för kontroll av IVO:s tillsyn två gånger per år inom HVB för barn och "
        "unga och stödboende för ungdomar, och kontroller av företrädare mot "
        "belastningsregistret."
    )
    rapport.lopande_text = (
        "Den löpande uppföljningen sker kontinuerligt under året med uppföljning av den "
        "enskilda insatsen. Placeringssamordnarna för en dialog med leverantörerna och "
        "samverkar med avtalsansvarig strateg för att fånga upp synpunkter och avvikelser.\n\n"
        # The counts follow in the report's own figures; the text says what they were about.
        + (
            "Majoriteten av årets avvikelser har kunnat hanteras inom ramen för det enskilda "
            f"ärendet, och de flesta har rört {vanligast} och {nast}."
            if 2 * avv.hanterade_i_arendet > avv.antal
            else f"De flesta av årets avvikelser har rört {vanligast} och {nast}."
        )
    )
    rapport.ekonomisk_text = (
        "Leverantören ska ha en ekonomisk ställning som kan upprätthålla ett långsiktigt "
        "avtal. Uppföljningen sker löpande med stöd av en upphandlad kreditupplysningstjänst. "
        "Avvikelser följs upp genom kontakt med leverantören; vid allvarlig anmärkning, till "
        "exempel skatteskulder, pausas leverantören tillfälligt från avrop och förvaltningen "
        "utreder om avtalet behöver sägas upp."
    )
    rapport.stickprov_text = (
        f"Under året har den ekonomiska uppföljningen fördjupats genom stickprov på fakturor. "
        "Stickproven var en pilot för att pröva metodiken, ett stickprov inom den särskilda "
        "uppföljningen och ett av placeringar som avslutats under året. Den vanligaste "
        f"avvikelsen var att nämnden hade {vanligaste_fakturafel.lower()}, trots att avtalet "
        "anger att leverantören inte ska få betalt för den dagen."
        if stick.per_typ and stick.per_typ[0][0] == "Betalt för utflyttsdagen"
        else "Under året har den ekonomiska uppföljningen fördjupats genom stickprov på fakturor."
    )
    rapport.handelsstyrd_text = (
        "Händelsestyrd uppföljning blir aktuell vid upprepade avtalsavvikelser eller tecken på "
        "kvalitetsbrister hos samma leverantör, eller vid enstaka brister av allvarlig "
        "karaktär. Förvaltningen begär då upplysningar från leverantören och gör vid behov "
        "ett besök. För att stänga av en leverantör från avrop ska beslutet vara välgrundat "
        "och underbyggt av fakta.\n\n"
        + (
            f"Flest händelsestyrda uppföljningar gjordes inom ramavtalet {flest.ramavtal}. "
            if flest
            else ""
        )
        + "Huvudsakliga skäl till tillfälliga uteslutningar är ärenden hos IVO med krav på "
        "återrapportering, ekonomiska anmärkningar och vilande verksamhet. Avtal har sagts upp "
        "när leverantören förlorat sitt tillstånd, hamnat på ekonomiskt obestånd eller "
        "avvecklat verksamheten, och hävts när leverantören inte ansökt om det tillstånd som "
        "krävs för skyddat boende från den 1 juli 2024. Samtliga uppsägningar och hävningar "
        "har beslutats av nämnden i enlighet med delegationsordningen."
    )
    rapport.sarskild_text = (
        "I den särskilda uppföljningen väljer förvaltningen ut ett antal verksamheter för en "
        "fördjupad uppföljning, och inom ramen för den görs besök hos utvalda leverantörer. "
        "Målsättningen är minst en särskild uppföljning av varje ramavtal under respektive "
        "avtalsperiod."
    )
    rapport.bedomning = (
        "Av den särskilda uppföljningen framgår att majoriteten av leverantörerna uppvisar god "
        "kvalitet och kan beskriva sina arbetssätt, metoder och rutiner. Socialsekreterarna "
        "vittnar över lag om en bred nöjdhet med leverantörerna.\n\n"
        "I ett fåtal verksamheter har brister uppmärksammats och återkopplats till "
        "verksamhetsansvariga, som mestadels åtgärdat dem utan dröjsmål. En genomgående brist "
        "är den låga kännedomen om meddelarfriheten, vilket leverantörerna har tagit på allvar.\n\n"
        + (
            f"Inom den särskilda uppföljningen har {ej_atgardade} "
            f"{'leverantör' if ej_atgardade == 1 else 'leverantörer'} inte åtgärdat påtalade "
            "brister, vilket har gett upphov till händelsestyrd uppföljning.\n\n"
            if ej_atgardade
            else ""
        )
        + f"Förvaltningen har under {ar} stärkt sina kontroller. Detta har tillsammans med "
        "ökad medial granskning och IVO:s utökade tillsyn lett till ovanligt många tillfälliga "
        "uteslutningar från avrop. Kontroller av företrädare mot belastningsregistret har "
        f"gjorts vid två tillfällen ({kontroll.registerkontroller} kontroller), och i planen "
        f"för {ar + 1} föreslås att de görs halvårsvis. Stickprovskontrollerna av fakturor "
        "permanentas kommande år."
    )
    save_as(rapport, user=user, clean=True)
    return rapport
