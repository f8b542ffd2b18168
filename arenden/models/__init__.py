"""The follow-up layer's models; `from arenden.models import X` finds every one.

- `arenden`: deviations, signals, cases, findings, samples, visits, register
  checks of representatives, reminders (the three tiers of DOMAIN.md).
- `kontroller`: IVO and credit checks, their sweeps, schedules and files,
  and the coordinator's recorded pre-call-off check (Avropskontroll).
"""

from arenden.models.arenden import *  # noqa: F403
from arenden.models.kontroller import *  # noqa: F403
