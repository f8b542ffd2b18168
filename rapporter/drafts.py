"""Starting texts for the narrative: standard wording for a new document, and
"Fyll i utkast från data" — drafts written from the year's figures.

A draft only fills fields that are empty: what a strategist has written is
never overwritten.
"""

from administration.kommun import aktuell
from rapporter.arsrapport import arsrapport_data
from rapporter.plan import plan_data
from rapporter.text import antal, join_och


def arsrapport_defaults(ar):
    """The standard wording of a new annual report (editable)."""
    namnd = aktuell().namnd
    return {
        "forslag_till_beslut": f"{namnd.capitalize()} beslutar\n\n1. att lägga rapporten till "
        "handlingarna.",
        "beredning": "Ärendet har beretts av avtalsansvariga strateger.",
        "barnkonsekvensanalys": "Flera av nämndens ramavtal har barn och unga som målgrupp. "
        "Uppföljning är viktig för att säkerställa kvalitet i verksamheter som arbetar med barn "
        "och unga.",
        "lopande_text": "Den löpande uppföljningen av avtalen sker kontinuerligt under året med "
        "uppföljning av den enskilda insatsen. Strateg och placeringssamordnare samverkar för att "
        "fånga upp synpunkter och avvikelser gällande leverantörerna.",
        "ekonomisk_text": "Uppföljning av leverantörernas ekonomiska status sker löpande med stöd "
        "av en upphandlad kreditupplysningstjänst. Vid allvarlig anmärkning pausas leverantören "
        "tillfälligt från avrop och utredning sker om avtalet behöver sägas upp.",
        "handelsstyrd_text": "Händelsestyrd uppföljning kan bli aktuell vid upprepade "
        "avtalsavvikelser eller tecken på kvalitetsbrister hos samma leverantör, eller vid "
        "enstaka brister av allvarlig karaktär.",
        "sarskild_text": "I den särskilda uppföljningen väljer förvaltningen ut ett antal "
        "verksamheter för en mer fördjupad uppföljning. Målsättningen är att genomföra minst en "
        "särskild uppföljning av varje ramavtal under respektive avtalsperiod.",
    }


def plan_defaults(ar):
    """The standard wording of a new plan (editable)."""
    namnd = aktuell().namnd
    return {
        "forslag_till_beslut": f"{namnd.capitalize()} beslutar\n\n1. att anta nämndens plan för "
        f"kontroll och uppföljning av privata utförare {ar} enligt bilaga 1.",
        "arendet": "Nämndens plan för uppföljning av privata utförare syftar till att tillgodose "
        "uppföljning och insyn i den verksamhet som lämnats över till privata utförare. I ärendet "
        f"beskrivs hur förvaltningen avser att följa upp nämndens ramavtal under {ar}.",
        "beredning": "Ärendet har beretts inom förvaltningen.",
        "barnkonsekvensanalys": "Flera av nämndens ramavtal har barn som målgrupp, varför "
        "uppföljningen kan påverka barn direkt; inom ramavtal för vuxna kan barn påverkas "
        "indirekt eftersom många vuxna är vårdnadshavare eller närstående till barn.",
        "syfte": "Enligt 10 kap. 8 § kommunallagen ska kommunen kontrollera och följa upp "
        "verksamheten när skötseln av en kommunal angelägenhet har lämnats över till en privat "
        "utförare. Det huvudsakliga syftet med uppföljningen är att säkerställa en god kvalitet "
        "för brukarna och att leverantörerna följer ingångna avtal.",
        "avtalsuppfoljning_text": "Avtalsuppföljningen är inriktad mot att kontrollera att "
        "verksamheterna följer ingångna avtal.",
        "lopande_text": "Förvaltningen följer fortlöpande upp uppgifter om utförare inom "
        "ramavtalen: avvikelser från socialsekreterare, IVO:s tillstånd och tillsyn, ekonomiska "
        "kontroller via en kreditupplysningstjänst och stickprov på fakturor.",
        "handelsstyrd_text": "Den händelsestyrda uppföljningen sker på förekommen anledning, till "
        "exempel vid signaler om missförhållanden hos en leverantör.",
        "sarskild_text": "I den särskilda uppföljningen väljs ett antal verksamheter ut för en "
        "mer ingående uppföljning, ibland med planerade och oanmälda platsbesök. Inför den "
        "särskilda uppföljningen görs en riskbedömning av vilka områden som behöver fokuseras på.",
        "redovisning_text": "Förvaltningen sammanställer årligen en redovisning över den "
        "uppföljning som genomförts i handlingen Uppföljning av privata utförare.",
    }


def arsrapport_draft(ar):
    """Drafts of the data-driven narrative of the annual report."""
    data = arsrapport_data(ar)
    namn = [avsnitt.ramavtal.namn for avsnitt in data.sarskild]
    totalt = data.beslut_totalt
    most = max(data.beslut, key=lambda r: r.totalt, default=None)
    pvd = data.planerat_mot_genomfort.total
    arendet = (
        f"I bilagd rapport presenteras den uppföljning av privata utförare som genomförts under "
        f"{ar}."
    )
    if namn:
        arendet += f" Ramavtalen {join_och(namn)} har varit föremål för särskild uppföljning {ar}."
    # Not the number of agreements: "Aktuella ramavtal" prints it right after.
    bakgrund = (
        "Förvaltningen har nämndens uppdrag att följa upp och kontrollera att leverantörerna "
        "följer ingångna avtal."
    )
    bedomning = [
        f"Under {ar} rapporterades {antal(data.avvikelser.antal, 'avvikelse', 'avvikelser')}, "
        f"varav {data.avvikelser.hanterade_i_arendet} hanterades inom det enskilda ärendet.",
        f"Förvaltningen fattade {totalt['pauser']} beslut om tillfällig uteslutning från avrop, "
        f"{antal(totalt['uppsagningar'], 'uppsägning', 'uppsägningar')} och "
        f"{antal(totalt['havningar'], 'hävning', 'hävningar')}"
        + (f"; flest inom ramavtalet {most.ramavtal}." if most else "."),
    ]
    if pvd.planned:
        bedomning.append(f"{pvd.summary}.")
    open_findings = sum(a.brister_oppna + a.brister_eskalerade for a in data.sarskild)
    if data.sarskild:
        bedomning.append(
            "I den särskilda uppföljningen återkopplades "
            f"{antal(sum(len(a.brister) for a in data.sarskild), 'brist', 'brister')} till "
            "leverantörerna; "
            f"{open_findings} var inte åtgärdade vid årets slut."
        )
    return {
        "arendet": arendet,
        "bakgrund": bakgrund,
        "bedomning": "\n\n".join(bedomning),
        "beslutsunderlag": f"Tjänsteskrivelse.\nBilaga 1, rapport om nämndens uppföljning av "
        f"privata utförare {ar}.",
    }


def plan_draft(plan):
    """Drafts of the plan's data-driven narrative."""
    data = plan_data(plan)
    names = [r.namn for r in data.planerade_i_ar]
    foredragning = (
        f"Nämndens ramavtal omfattar {len(data.rader)} ramavtal under planperioden. I planen "
        "redovisas förvaltningens förslag till löpande, händelsestyrd och särskild uppföljning."
    )
    if names:
        foredragning += (
            f" Förvaltningen föreslår att den särskilda uppföljningen {plan.ar} genomförs inom "
            f"ramavtalen {join_och(names)}."
        )
    return {
        "foredragning": foredragning,
        "ramavtal_text": "Nämndens ramavtal är avtal med leverantörer om inköp av individuella "
        f"insatser. Under planperioden gäller {len(data.rader)} ramavtal.",
        "beslutsunderlag": f"Tjänsteskrivelse.\nBilaga 1, Rapport – Plan för uppföljning av "
        f"privata utförare {plan.ar}.",
    }


def fill_empty(dokument, texts):
    """Set only the empty fields; return the names that were filled."""
    filled = []
    for name, text in texts.items():
        if not (getattr(dokument, name) or "").strip():
            setattr(dokument, name, text)
            filled.append(name)
    return filled
