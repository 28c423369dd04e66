# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The scenario table and the run: options, one emulator per account, the results files.

The scenarios are the rows of SCENARIOS (below): each row names the account the emulator
serves, the hosts, forks, rate limit, injected faults and latency, what the scenario measures
and the targets it is judged by, and the module that runs it. main() runs the selected rows
in table order, one emulator per account.
"""

from __future__ import annotations

import argparse
import collections.abc
import dataclasses
import json
import os
import shutil
import tempfile
import time

import benchmarks
from benchmarks import harness
from benchmarks.accounts import big_account, fleet_account
from benchmarks.results import FIGURES, TARGETS, targets_table
from benchmarks.scenarios import (filtered_query, fleet, floor, hardware_failure, host_counts, host_facts, inventory_plugin,
                                  round_trips)

# Where --record writes each scenario's results: the data the docs site's figures and tables come from.
RECORDED = os.path.join(harness.ROOT, 'docs', 'data', 'bench')

# The emulator's seed file of each account (None: the bundled demo seed).
ACCOUNTS = {
    'demo': lambda settings: None,
    '10,000 tickets': lambda settings: big_account(),
    'fleet': lambda settings: fleet_account(settings.fleet[0]),
}


@dataclasses.dataclass(frozen=True)
class Scenario:
    """One row of SCENARIOS. ``latency_ms`` None: each of --latencies; ``targets``: the goals the run is judged by."""

    number: int
    name: str
    account: str                # a key of ACCOUNTS; scenarios on one account run back to back on one emulator
    hosts: int
    faults: str                 # what the emulator injects
    forks: int
    rate_limit: int             # requests per second per user; 0: off
    latency_ms: int | None
    measures: str
    targets: dict
    run: collections.abc.Callable
    default: bool = True        # part of a run without --scenarios
    extra: dict = dataclasses.field(default_factory=dict)


# Every scenario, in the order they run. main() iterates this table; --scenarios picks rows by number.
SCENARIOS = (
    Scenario(1, 'hardware failure', 'demo', hosts=1, faults='none', forks=1, rate_limit=0, latency_ms=None,
             measures='open a ticket + attach the server, re-run with nothing new, re-run with new evidence: '
                      'the module process against slcli processes, and the whole play against a play running slcli',
             targets={'module_vs_slcli': {100: 0.85, 500: 0.75}, 'cold_vs_slcli': {500: 0.90},
                      'play_vs_slcli': {100: 0.90, 500: 0.80}, 'rerun_calls': 2},
             run=hardware_failure.run),
    Scenario(4, 'floor', 'demo', hosts=1, faults='none', forks=1, rate_limit=0, latency_ms=0,
             measures='a module run against a bare python -c "import SoftLayer" process',
             targets={'module_vs_import': 1.20}, run=floor.run),
    Scenario(7, 'round trips per operation', 'demo', hosts=1, faults='none', forks=1, rate_limit=0, latency_ms=100,
             measures='API calls and round trips (calls made at once count as one) of sl_ticket plays: open, open '
                      'with evidence, re-run with nothing to do, add evidence; and of ibm_case plays: open, re-run, '
                      'add a comment; and on a known ticket: sl_ticket and sl_ticket_info by id, the subjects, attaching and '
                      'downloading a file; ibm_case_info with the ticket; from the emulator\'s call log',
             targets={'open_round_trips': 4, 'warm_open_round_trips': 3, 'rerun_round_trips': 1}, run=round_trips.run),
    Scenario(5, 'fleet under the rate limit', 'fleet', hosts=500, faults='rate-limit refusals', forks=50,
             rate_limit=50, latency_ms=100,
             measures='examples/hardware_failure.yml three times (open, nothing new, new evidence) against the '
                      'same play scripting slcli: wall time against the ideal at the rate limit, duplicates',
             targets={'wall_vs_ideal': 1.5}, run=fleet.run, default=False,
             extra={'failed': 100, 'evidence': 10}),
    Scenario(3, 'filtered query on 10,000 tickets', '10,000 tickets', hosts=1, faults='none', forks=1, rate_limit=0,
             latency_ms=None, measures="one host's open tickets: a server-side filter against slcli's full list",
             targets={'fewer_bytes': 100}, run=filtered_query.run),
    Scenario(2, 'open-ticket facts for 500 hosts', '10,000 tickets', hosts=500, faults='none', forks=10,
             rate_limit=0, latency_ms=None,
             measures='every host\'s open tickets: group_by_host once against sl_ticket_info or slcli per host',
             targets={'fewer_calls': 50}, run=host_facts.run),
    Scenario(6, 'sl_inventory plugin', '10,000 tickets', hosts=1000, faults='none', forks=10, rate_limit=0,
             latency_ms=None,
             measures='every host\'s open tickets: the sl_inventory plugin (ansible-inventory --list, and a play '
                      'over it) against group_by_host (the module process, and a run_once play)',
             targets={}, run=inventory_plugin.run, default=False),
    Scenario(8, 'calls and bytes against hosts', '10,000 tickets', hosts=1000, faults='none', forks=10, rate_limit=0,
             latency_ms=0,
             measures='API calls and bytes of every host\'s open tickets at each of --host-counts hosts (and every '
                      'host for the ways that read once): sl_ticket_info or slcli per host, group_by_host once, the '
                      'sl_inventory plugin; no times',
             targets={}, run=host_counts.run, default=False),
)
SCENARIO_BY_NUMBER = {scenario.number: scenario for scenario in SCENARIOS}
FLEET = SCENARIO_BY_NUMBER[5]


# How each target reads in --help.
TARGET_TEXT = {
    'module_vs_slcli': 'module process, look-ups learnt, <= {}x slcli (by latency in ms)',
    'cold_vs_slcli': 'module process, cold start, <= {}x slcli (by latency in ms)',
    'play_vs_slcli': 'whole play, look-ups learnt, <= {}x slcli (by latency in ms)',
    'rerun_calls': 're-run <= {} calls',
    'module_vs_import': 'module run <= {}x import SoftLayer',
    'wall_vs_ideal': 'wall time <= {}x calls at the rate limit',
    'fewer_bytes': '>= {}x fewer bytes than slcli',
    'fewer_calls': '>= {}x fewer calls than per host',
    'open_round_trips': 'open with evidence <= {} round trips',
    'warm_open_round_trips': 'open with evidence, look-ups learnt, <= {} round trips',
    'rerun_round_trips': 're-run <= {} round trip',
}


def scenario_table():
    """SCENARIOS as a text table, for --help."""
    header = ('#', 'scenario', 'account', 'hosts', 'forks', 'rate limit', 'faults', 'latency')
    rows = []
    for item in sorted(SCENARIOS, key=lambda row: row.number):
        rows.append(('%d%s' % (item.number, '*' if item.default else ''), item.name, item.account, str(item.hosts),
                     str(item.forks), '%d/s' % item.rate_limit if item.rate_limit else 'off', item.faults,
                     '%d ms' % item.latency_ms if item.latency_ms is not None else '--latencies'))
    widths = [max(len(row[column]) for row in rows + [header]) for column in range(len(header))]
    lines = ['scenarios (* runs without --scenarios):', '']
    for row in [header] + rows:
        lines.append('  ' + '  '.join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    lines += ['', 'what each measures, and its targets:', '']
    for item in sorted(SCENARIOS, key=lambda row: row.number):
        goals = '; '.join(TARGET_TEXT[name].format(value) for name, value in item.targets.items()) or 'none'
        lines.append('  %d  %s. Targets: %s.' % (item.number, item.measures, goals))
    return '\n'.join(lines)


class Settings:
    """The run's options, as the scenarios read them."""

    def __init__(self, options):
        self.reps = options.reps or (3 if options.quick else 7)
        self.play_reps = options.play_reps or (2 if options.quick else 5)
        self.sample = options.hosts_sample or (10 if options.quick else 50)
        # scenario 8: a process per host for the per-host ways, so the largest count stays modest
        self.host_counts = [int(x) for x in (options.host_counts or ('1,10' if options.quick else '1,10,50')).split(',')
                            if x.strip()]
        self.floor_reps = max(self.reps, 5 if options.quick else 15)
        self.alone_reps = 1 if options.quick else 3
        self.latencies = [int(x) for x in options.latencies.split(',') if x.strip()]
        harness.Emulator.connect_round_trips = options.connect_round_trips
        harness.Emulator.https = options.https
        # scenario 5: hosts, failed disks, forks, latency ms, servers with new evidence
        self.fleet = tuple(int(x) for x in options.fleet.split(','))


def run_scenarios(selected, workdir, settings):
    """Run the selected rows of SCENARIOS in table order, one emulator per account; (series, texts)."""
    all_series, texts = [], []
    emulator, account = None, None
    try:
        for scenario in selected:
            if scenario.account != account:
                if emulator is not None:
                    emulator.stop()
                    emulator = None
                emulator = harness.Emulator(workdir, seed_file=ACCOUNTS[scenario.account](settings))
                account = scenario.account
            print('scenario %d: %s ...' % (scenario.number, scenario.name), flush=True)
            judged, figured = len(TARGETS), set(FIGURES)
            series, text = scenario.run(scenario, emulator, workdir, settings)
            for item in TARGETS[judged:]:
                item['scenario'] = scenario.number
            for name in set(FIGURES) - figured:
                FIGURES[name]['scenario'] = scenario.number
            all_series += series
            texts.append(text)
            print(text + '\n', flush=True)
    finally:
        if emulator is not None:
            emulator.stop()
    return all_series, texts


def parse_options(argv):
    """The options, checked; (options, selected scenario numbers)."""
    parser = argparse.ArgumentParser(prog='scripts/bench', description=benchmarks.__doc__.split('\n\n', maxsplit=1)[0],
                                     epilog=scenario_table(), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--quick', action='store_true', help='fewer repetitions and a smaller host sample')
    by_default = sorted(s.number for s in SCENARIOS if s.default)
    parser.add_argument('--scenarios', default=','.join(str(n) for n in by_default),
                        help='comma-separated scenario numbers (default: %(default)s)')
    parser.add_argument('--latencies', default='0,100', help='injected latencies in ms, comma-separated')
    parser.add_argument('--reps', type=int, help='repetitions of module and slcli processes')
    # As users meet the API: https, where a new connection costs TCP's and TLS 1.3's handshakes.
    parser.add_argument('--http', dest='https', action='store_false',
                        help='the emulator serves plain http (default: https, as the real endpoint)')
    parser.add_argument('--connect-round-trips', type=int, default=2,
                        help='round trips a new connection costs before its first answer, each the injected latency '
                             '(default 2: TCP and TLS 1.3; TLS 1.2 is 3; 0: connections are free)')
    parser.add_argument('--play-reps', type=int, help='repetitions of whole plays')
    parser.add_argument('--hosts-sample', type=int, help='hosts the per-host variants of scenario 2 really run on')
    parser.add_argument('--host-counts', help='scenario 8: the host counts every way runs at, comma-separated '
                                              '(default 1,10,50; --quick 1,10)')
    fleet_default = (FLEET.hosts, FLEET.extra['failed'], FLEET.forks, FLEET.latency_ms, FLEET.extra['evidence'])
    parser.add_argument('--record', action='store_true',
                        help='also write each scenario\'s results to %s/scenario-N.json, the data the docs '
                             'site draws its figures from (commit them)' % os.path.relpath(RECORDED, harness.ROOT))
    parser.add_argument('--fleet', default=','.join(str(n) for n in fleet_default),
                        help='scenario 5: hosts,failed disks,forks,latency ms,servers with new evidence')
    options = parser.parse_args(argv)
    numbers = {int(s) for s in options.scenarios.split(',') if s.strip()}
    unknown = numbers - set(SCENARIO_BY_NUMBER)
    if unknown:
        parser.error('no scenario %s (see --help)' % ', '.join(str(n) for n in sorted(unknown)))
    if not harness.collection_staged():
        parser.error('the collection is not at %s: run scripts/bench (it sets up the tool venv)' % harness.COLLECTIONS)
    return options, numbers


def main(argv=None):
    options, numbers = parse_options(argv)
    settings = Settings(options)
    os.makedirs(harness.OUT, exist_ok=True)
    harness.start_spawner()   # while this process is still small (see harness.SPAWNER)
    started = time.monotonic()
    info = harness.machine()
    print('softlayer.support benchmarks: %s CPUs, Python %s, load %s; reps %d, play reps %d, host sample %d; %s, '
          'a new connection %d round trips' % (
              info['cpus'], info['python'], info['load_at_start'], settings.reps, settings.play_reps, settings.sample,
              'https' if options.https else 'http', options.connect_round_trips), flush=True)
    workdir = tempfile.mkdtemp(prefix='sl-bench-')
    try:
        all_series, texts = run_scenarios([s for s in SCENARIOS if s.number in numbers], workdir, settings)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        harness.stop_spawner()
    targets = targets_table()
    print(targets)
    elapsed = time.monotonic() - started
    print('\n(%.0f s)' % elapsed)
    info['load_at_end'] = [round(x, 2) for x in os.getloadavg()]
    document = {'machine': info, 'options': {'quick': options.quick, 'reps': settings.reps,
                                             'play_reps': settings.play_reps, 'hosts_sample': settings.sample,
                                             'latencies': settings.latencies, 'https': options.https,
                                             'connect_round_trips': options.connect_round_trips,
                                             'host_counts': settings.host_counts},
                'seconds': round(elapsed), 'series': [s.summary() for s in all_series], 'targets': TARGETS}
    document.update(FIGURES)
    write_results(document, '\n\n'.join(texts + [targets]) + '\n')
    if options.record:
        record(document, sorted(numbers))
    return 0


def record(document, numbers):
    """One data file per scenario run, for the docs site: a later run of other scenarios leaves it alone."""
    os.makedirs(RECORDED, exist_ok=True)
    common = {key: document[key] for key in ('machine', 'options')}
    for number in numbers:
        scenario = SCENARIO_BY_NUMBER[number]
        data = dict(common, scenario=number, name=scenario.name, date=time.strftime('%Y-%m-%d'),
                    series=[s for s in document['series'] if s['scenario'] == number],
                    targets=[t for t in document['targets'] if t.get('scenario') == number],
                    figures={k: v for k, v in FIGURES.items() if v.get('scenario') == number})
        path = os.path.join(RECORDED, 'scenario-%d.json' % number)
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump(data, handle, indent=1, sort_keys=True)
            handle.write('\n')
        print('recorded %s' % os.path.relpath(path, harness.ROOT))


def write_results(document, text):
    with open(os.path.join(harness.OUT, 'results.json'), 'w', encoding='utf-8') as handle:
        json.dump(document, handle, indent=2)
    with open(os.path.join(harness.OUT, 'results.md'), 'w', encoding='utf-8') as handle:
        handle.write(text)
    print('written to %s/results.json and results.md' % os.path.relpath(harness.OUT, harness.ROOT))
