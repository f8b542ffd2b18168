"""The follow-up layer's models; `from arenden.models import X` finds every one.

- `avvikelser`: deviations, signals and the escalation rule (ongoing follow-up);
- `stickprov`: invoice sampling (ongoing);
- `kontroller`: every check: IVO and credit checks, their sweeps, schedules and files,
  the coordinator's recorded pre-call-off check (Avropskontroll), and register checks
  of representatives;
- `uppfoljningar`: event-driven and special follow-ups with their requests, visits,
  findings, planned suppliers, documents and observations;
- `paminnelser`: the log of reminders mailed;
- `common`: what several of them share.
"""

from arenden.models.avvikelser import *  # noqa: F403
from arenden.models.avvikelser import AvvikelseKategori
from arenden.models.common import *  # noqa: F403
from arenden.models.kontroller import *  # noqa: F403
from arenden.models.paminnelser import *  # noqa: F403
from arenden.models.stickprov import *  # noqa: F403
from arenden.models.uppfoljningar import *  # noqa: F403
from arenden.models.uppfoljningar import EjGenomfordOrsak, Metod, Tema
from uppfoljning import ordlistor

# The word lists of this app, managed on /ordlistor/ (uppfoljning.ordlista_views).
ordlistor.registrera(
    "metoder", Metod, "Metoder", "Hur en särskild uppföljning genomförs (enkät, intervju, besök …)."
)
ordlistor.registrera(
    "teman", Tema, "Teman", "Områden som granskas i uppföljningar och som brister gäller."
)
ordlistor.registrera(
    "avvikelsekategorier",
    AvvikelseKategori,
    "Avvikelsekategorier",
    "Vad en avvikelse gäller; årsrapporten räknar avvikelser per kategori.",
)
ordlistor.registrera(
    "ej-genomforda",
    EjGenomfordOrsak,
    "Orsaker till ej genomförd uppföljning",
    "Varför en planerad uppföljning av en leverantör flyttades eller ställdes in.",
)
