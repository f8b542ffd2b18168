"""The library of questionnaire templates shipped with the app (Python data, not rows).

Drawn from the special follow-ups of HVB för barn och unga and Stödboende för
ungdomar (/work/shared/reference): what the municipality asks the supplier's
management, its own social workers, and every unit in a self-report round.
`skapa_fran_mall` turns one into an ordinary questionnaire the strategist then
edits; themes are found by name (a missing one is added to the word list).
"""

from dataclasses import dataclass, field

from django.db import transaction

from arenden.models import Tema
from enkater.models import Formular, FormularVersion, Fraga, FragaTyp, Malgrupp, Sektion
from uppfoljning.history import save_as

BEMANNING = "Bemanning och kompetens"
MATCHNING = "Matchning"
SAMARBETE = "Samarbete och information"
AVVIKELSER = "Avvikelser och lex Sarah"
GENOMFORANDEPLAN = "Genomförandeplan"
RAPPORTERING = "Uppföljningsrapportering"
KVALITET = "Ledningssystem för systematiskt kvalitetsarbete"
DELAKTIGHET = "Delaktighet, synpunkter och klagomål"
HALSA = "Hälso- och sjukvård"
DROGER = "Alkohol- och drogkontroller"
UNDERLEVERANTORER = "Underleverantörer"
MEDDELARFRIHET = "Meddelarfrihet"


@dataclass
class Q:
    """A template question; `nyckel` names it for another question's condition."""

    typ: str
    text: str
    hjalptext: str = ""
    obligatorisk: bool = False
    alternativ: list = field(default_factory=list)
    skala: tuple = ()  # (min, max, min label, max label)
    tema: str = ""
    nyckel: str = ""
    villkor: tuple = ()  # (nyckel of an earlier question, value)


@dataclass
class S:
    rubrik: str
    fragor: list
    beskrivning: str = ""


@dataclass
class Mall:
    nyckel: str
    namn: str
    beskrivning: str
    malgrupp: str
    sektioner: list
    anonymt: bool = False

    @property
    def malgrupp_namn(self):
        return Malgrupp(self.malgrupp).label

    @property
    def antal_fragor(self):
        return sum(len(s.fragor) for s in self.sektioner)


NOJD = (1, 5, "Mycket missnöjd", "Mycket nöjd")
INSTAMMER = (1, 5, "Instämmer inte alls", "Instämmer helt")

LEDNING = Mall(
    nyckel="leverantorens-ledning",
    namn="Frågeformulär till leverantörens ledning",
    beskrivning="Frågorna utgår från ramavtalets krav. Svara för verksamheten som helhet och "
    "bifoga de dokument som efterfrågas. Uppgifterna används i kommunens särskilda "
    "uppföljning av ramavtalet.",
    malgrupp=Malgrupp.LEVERANTOR,
    sektioner=[
        S(
            "Ledning och kvalitetsarbete",
            [
                Q(
                    FragaTyp.JA_NEJ,
                    "Har verksamheten ett ledningssystem för systematiskt kvalitetsarbete "
                    "enligt SOSFS 2011:9?",
                    obligatorisk=True,
                    tema=KVALITET,
                    nyckel="ledningssystem",
                ),
                Q(
                    FragaTyp.DOKUMENT,
                    "Bifoga verksamhetens senaste kvalitetsberättelse.",
                    hjalptext="PDF eller Word-dokument.",
                    tema=KVALITET,
                    villkor=("ledningssystem", "Ja"),
                ),
                Q(
                    FragaTyp.LANG_TEXT,
                    "Beskriv hur ni följer upp och utvecklar kvaliteten i verksamheten.",
                    tema=KVALITET,
                ),
            ],
        ),
        S(
            "Bemanning och kompetens",
            [
                Q(
                    FragaTyp.TAL,
                    "Hur många årsarbetare arbetar i verksamheten med direkt omsorg?",
                    obligatorisk=True,
                    tema=BEMANNING,
                ),
                Q(
                    FragaTyp.TAL,
                    "Hur stor andel (procent) av personalen har den utbildning som ramavtalet "
                    "kräver?",
                    tema=BEMANNING,
                ),
                Q(
                    FragaTyp.DOKUMENT,
                    "Bifoga bemanningsschema för de senaste fyra veckorna.",
                    obligatorisk=True,
                    tema=BEMANNING,
                ),
                Q(
                    FragaTyp.ETT_VAL,
                    "Hur är bemanningen ordnad nattetid?",
                    alternativ=["Vaken natt", "Sovande jour", "Beredskap", "Annat"],
                    tema=BEMANNING,
                ),
                Q(
                    FragaTyp.JA_NEJ,
                    "Anlitar ni underleverantörer eller bemanningsföretag?",
                    tema=UNDERLEVERANTORER,
                    nyckel="underleverantor",
                ),
                Q(
                    FragaTyp.KORT_TEXT,
                    "Vilka underleverantörer anlitar ni och för vad?",
                    tema=UNDERLEVERANTORER,
                    villkor=("underleverantor", "Ja"),
                ),
            ],
        ),
        S(
            "Avvikelser och oplanerade avbrott",
            [
                Q(
                    FragaTyp.JA_NEJ,
                    "Finns skriftliga rutiner för avvikelser och lex Sarah?",
                    obligatorisk=True,
                    tema=AVVIKELSER,
                ),
                Q(
                    FragaTyp.TAL,
                    "Hur många lex Sarah-rapporter har upprättats de senaste tolv månaderna?",
                    tema=AVVIKELSER,
                ),
                Q(
                    FragaTyp.LANG_TEXT,
                    "Beskriv hur ni informerar placerande socialsekreterare vid oplanerade "
                    "avbrott och allvarliga händelser.",
                    tema=SAMARBETE,
                ),
            ],
        ),
        S(
            "Delaktighet, dokumentation och hälsa",
            [
                Q(
                    FragaTyp.FLERA_VAL,
                    "Hur tar ni tillvara de placerades synpunkter och klagomål?",
                    alternativ=[
                        "Individuella samtal",
                        "Husmöten",
                        "Skriftlig synpunktshantering",
                        "Brukarundersökning",
                    ],
                    tema=DELAKTIGHET,
                ),
                Q(
                    FragaTyp.JA_NEJ,
                    "Upprättas en genomförandeplan inom avtalad tid för varje placering?",
                    tema=GENOMFORANDEPLAN,
                ),
                Q(
                    FragaTyp.LANG_TEXT,
                    "Beskriv rutinerna för läkemedelshantering och kontakt med hälso- och "
                    "sjukvården.",
                    tema=HALSA,
                ),
                Q(
                    FragaTyp.JA_NEJ,
                    "Har personalen informerats om meddelarfrihet och meddelarskydd?",
                    tema=MEDDELARFRIHET,
                ),
            ],
        ),
    ],
)

SOCIALSEKRETERARE = Mall(
    nyckel="socialsekreterare",
    namn="Enkät till socialsekreterare",
    beskrivning="Enkäten går till dig som har eller har haft en placering hos leverantören. "
    "Svaren är anonyma och redovisas bara när minst tre har svarat om samma leverantör.",
    malgrupp=Malgrupp.PERSONAL,
    anonymt=True,
    sektioner=[
        S(
            "Bemanning och kompetens",
            [
                Q(
                    FragaTyp.SKALA,
                    "Hur bedömer du personaltätheten hos leverantören?",
                    skala=(1, 5, "Mycket otillräcklig", "Mycket god"),
                    obligatorisk=True,
                    tema=BEMANNING,
                ),
                Q(
                    FragaTyp.SKALA,
                    "Hur bedömer du personalens kompetens utifrån den placerades behov?",
                    skala=(1, 5, "Mycket låg", "Mycket hög"),
                    tema=BEMANNING,
                ),
                Q(
                    FragaTyp.JA_NEJ,
                    "Har den placerade haft samma kontaktperson under hela placeringen?",
                    tema=BEMANNING,
                ),
            ],
        ),
        S(
            "Matchning och nöjdhet",
            [
                Q(
                    FragaTyp.SKALA,
                    "Hur väl motsvarade insatsen den placerades behov?",
                    skala=INSTAMMER,
                    obligatorisk=True,
                    tema=MATCHNING,
                ),
                Q(
                    FragaTyp.SKALA,
                    "Hur nöjd är du sammantaget med leverantören?",
                    skala=NOJD,
                    obligatorisk=True,
                    tema=MATCHNING,
                ),
                Q(
                    FragaTyp.LANG_TEXT,
                    "Vad fungerar bra, och vad kan leverantören bli bättre på?",
                    hjalptext="Skriv inte namn eller personnummer.",
                    tema=MATCHNING,
                ),
            ],
        ),
        S(
            "Samverkan och information",
            [
                Q(
                    FragaTyp.SKALA,
                    "Leverantören är lätt att nå och återkopplar utan dröjsmål.",
                    skala=INSTAMMER,
                    tema=SAMARBETE,
                ),
                Q(
                    FragaTyp.JA_NEJ,
                    "Har leverantören hållit god kontakt med vårdnadshavare och nätverk?",
                    tema=SAMARBETE,
                ),
            ],
        ),
        S(
            "Avvikelser",
            [
                Q(
                    FragaTyp.JA_NEJ,
                    "Har det under placeringen inträffat ett oplanerat avbrott eller en annan "
                    "allvarlig händelse?",
                    obligatorisk=True,
                    tema=AVVIKELSER,
                    nyckel="avbrott",
                ),
                Q(
                    FragaTyp.ETT_VAL,
                    "Hur snabbt informerades du eller socialjouren?",
                    alternativ=[
                        "Samma dag",
                        "Inom ett dygn",
                        "Senare än ett dygn",
                        "Vi informerades inte",
                    ],
                    tema=AVVIKELSER,
                    villkor=("avbrott", "Ja"),
                ),
            ],
        ),
        S(
            "Rapportering och genomförandeplan",
            [
                Q(
                    FragaTyp.JA_NEJ,
                    "Fick du en genomförandeplan inom avtalad tid?",
                    obligatorisk=True,
                    tema=GENOMFORANDEPLAN,
                ),
                Q(
                    FragaTyp.SKALA,
                    "Genomförandeplanen utgår från uppdraget i vårdplanen.",
                    skala=INSTAMMER,
                    tema=GENOMFORANDEPLAN,
                ),
                Q(
                    FragaTyp.ETT_VAL,
                    "Hur ofta har uppföljningsrapporterna kommit in enligt avtal?",
                    alternativ=["Alltid", "Oftast", "Sällan", "Aldrig"],
                    tema=RAPPORTERING,
                ),
            ],
        ),
    ],
)

EGENRAPPORTERING = Mall(
    nyckel="egenrapportering",
    namn="Egenrapportering för verksamheter",
    beskrivning="Varje verksamhet i urvalet svarar för sin egen del. Frågorna knyts till "
    "ramavtalets krav; kommunen kan be om komplettering innan uppföljningen avslutas.",
    malgrupp=Malgrupp.VERKSAMHET,
    sektioner=[
        S(
            "Bemanning",
            [
                Q(
                    FragaTyp.TAL,
                    "Antal årsarbetare i verksamheten vid svarstillfället.",
                    obligatorisk=True,
                    tema=BEMANNING,
                ),
                Q(
                    FragaTyp.DOKUMENT,
                    "Ladda upp bemanningsschemat för den senaste fyraveckorsperioden.",
                    hjalptext="Schemat ska visa bemanningen dygnet runt, även helger.",
                    obligatorisk=True,
                    tema=BEMANNING,
                ),
                Q(
                    FragaTyp.JA_NEJ,
                    "Har all personal med direkt omsorg den utbildning ramavtalet kräver?",
                    obligatorisk=True,
                    tema=BEMANNING,
                    nyckel="utbildning",
                ),
                Q(
                    FragaTyp.LANG_TEXT,
                    "Beskriv vilken utbildning som saknas och plan för när kravet uppfylls.",
                    tema=BEMANNING,
                    villkor=("utbildning", "Nej"),
                ),
            ],
        ),
        S(
            "Tillstånd och rutiner",
            [
                Q(
                    FragaTyp.DATUM,
                    "Datum för verksamhetens tillstånd från IVO.",
                    tema=KVALITET,
                ),
                Q(
                    FragaTyp.FLERA_VAL,
                    "Vilka av följande skriftliga rutiner finns i verksamheten?",
                    alternativ=[
                        "In- och utskrivning",
                        "Synpunkter och klagomål",
                        "Avvikelser och lex Sarah",
                        "Alkohol- och drogtester",
                        "Läkemedelshantering",
                    ],
                    tema=KVALITET,
                ),
                Q(
                    FragaTyp.JA_NEJ,
                    "Har någon rapport enligt lex Sarah upprättats det senaste året?",
                    tema=AVVIKELSER,
                ),
            ],
        ),
        S(
            "Rapportering",
            [
                Q(
                    FragaTyp.SKALA,
                    "I vilken grad lämnas uppföljningsrapporter till socialtjänsten i tid?",
                    skala=(1, 5, "Aldrig i tid", "Alltid i tid"),
                    tema=RAPPORTERING,
                ),
                Q(
                    FragaTyp.KORT_TEXT,
                    "Kontaktperson för uppföljningen (funktion, inte namn).",
                    hjalptext="Till exempel ”verksamhetschef”.",
                ),
            ],
        ),
    ],
)

MALLAR = {mall.nyckel: mall for mall in (LEDNING, SOCIALSEKRETERARE, EGENRAPPORTERING)}


def _tema(namn, cache):
    """The theme by name: an existing one (any case) preferred, else created."""
    if not namn:
        return None
    if namn not in cache:
        tema = Tema.objects.filter(namn__iexact=namn).first()
        if tema is None:
            tema, _created = Tema.objects.get_or_create(namn=namn)
        cache[namn] = tema
    return cache[namn]


@transaction.atomic
def skapa_fran_mall(nyckel, user, ramavtal=None):
    """A new questionnaire (one unfrozen version) from the template `nyckel`.

    KeyError for an unknown key. Every question is validated (full_clean).
    """
    mall = MALLAR[nyckel]
    reason = f"Skapat från mallen {mall.namn}"
    formular = save_as(
        Formular(
            namn=mall.namn,
            beskrivning=mall.beskrivning,
            malgrupp=mall.malgrupp,
            anonymt=mall.anonymt,
            ramavtal=ramavtal,
            skapad_av=user,
        ),
        user=user,
        reason=reason,
        clean=True,
    )
    version = save_as(FormularVersion(formular=formular, nummer=1), user=user, reason=reason)
    teman = {}
    namngivna = {}
    for s_ordning, s in enumerate(mall.sektioner, start=1):
        sektion = save_as(
            Sektion(version=version, ordning=s_ordning, rubrik=s.rubrik, beskrivning=s.beskrivning),
            user=user,
            reason=reason,
        )
        for f_ordning, q in enumerate(s.fragor, start=1):
            fraga = Fraga(
                sektion=sektion,
                ordning=f_ordning,
                typ=q.typ,
                text=q.text,
                hjalptext=q.hjalptext,
                obligatorisk=q.obligatorisk,
                alternativ="\n".join(q.alternativ),
                tema=_tema(q.tema, teman),
            )
            if q.skala:
                (
                    fraga.skala_min,
                    fraga.skala_max,
                    fraga.skala_min_etikett,
                    fraga.skala_max_etikett,
                ) = q.skala
            if q.villkor:
                fraga.villkor_fraga = namngivna[q.villkor[0]]
                fraga.villkor_varde = q.villkor[1]
            save_as(fraga, user=user, reason=reason, clean=True)
            if q.nyckel:
                namngivna[q.nyckel] = fraga
    return formular
