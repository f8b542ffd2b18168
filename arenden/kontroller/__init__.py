"""IVO and credit checks of ongoing follow-up: sources (adapters), storage, comparison and sweeps.

- `svar`: the answer contract every source is parsed into, and `KontrollFel`.
- `http`, `fil`, `stub`: the three adapters; `kallor.adapter_for` picks one
  from settings (the stub is configured, and stored, as "demo").
- `jamforelse`: what changed between two checks and whether it got worse.
- `lagring`: `store_check` stores a check and raises at most one Signal.
- `svep`: sweeps in chunks, with a lease and a due-date schedule.
"""
