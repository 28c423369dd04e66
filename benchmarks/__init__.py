# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""softlayer.support against slcli, side by side, on the SoftLayer API emulator.

Run with the tool venv (scripts/bench does the set-up and runs ``python -m benchmarks``):

    scripts/bench                 # the default scenarios, 0 and 100 ms, full repetitions
    scripts/bench --quick         # fewer repetitions and a smaller host sample: a few minutes
    scripts/bench --scenarios 1,4 --latencies 100 --reps 9
    scripts/bench --help          # the scenario table

Where things live (imports only run downwards, from the runner to the harness):
- ``runner.py``: the scenario table (SCENARIOS), the options, one emulator per account, results files.
- ``scenarios/``: one module per scenario, each with ``run(scenario, emulator, workdir, settings)``.
- ``harness.py``: the emulator, measured child processes (SPAWNER), module, slcli and playbook runs.
- ``results.py``: series of repetitions, targets, the comparison tables; ``accounts.py``: generated
  accounts and static inventories; ``plays.py``: plays shared by scenarios; ``call_log.py``: round
  trips from the emulator's call log.
- ``ticket_events_calls.py``: the event source's API calls per poll (run on its own).

Each scenario runs both sides in one run, against one emulator, with the same injected
latency (the emulator sleeps that long in every API call), interleaving the sides
repetition by repetition so machine noise hits both alike. Times are medians of the
repetitions (min-max beside them); API calls and bytes (request + response bodies)
come from the emulator's call log; peak memory is the ru_maxrss of the measured
child process (median over the repetitions), started by a small helper process so
that it does not inherit this process's own peak (see harness.SPAWNER).

The emulator's rate limit is off where the table says so: those scenarios measure cost, and
slcli does not retry a rate-limited call, so the per-host slcli plays would fail part-way at
the real 50 requests/s. The fleet (scenario 5) switches the limit on.

Results: printed, and written to .build/bench/results.json and results.md.
"""
