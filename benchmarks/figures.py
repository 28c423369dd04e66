# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The measured figures the docs quote, by name, read from the committed data files (docs/data).

The data files are written by the commands that measure (``scripts/bench --record``,
``python -m benchmarks.retry_timeline --record``, ``benchmarks/ticket_events_calls.py --record``,
and the system tests' .build/system-figures.json and the EDA delivery test's .build/delivery-figures.json,
copied by hand). The docs site's pages quote figures by
these names (``:fig:`name```, ``.. fig-table:: name``, docs/sphinx/sl_figures.py), so a figure
on a page is always the one in the data: a name that the data no longer holds fails the build.
"""

from __future__ import annotations

import glob
import json
import os

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'docs', 'data')


class Data:
    """Every data file under ``root``: bench scenarios by number, and the other files by name."""

    def __init__(self, root=DATA):
        self.root = root
        self.scenarios = {}
        for path in sorted(glob.glob(os.path.join(root, 'bench', 'scenario-*.json'))):
            document = _load(path)
            self.scenarios[document['scenario']] = document
        self.events = _load(os.path.join(root, 'events.json'))
        self.retries = _load(os.path.join(root, 'retry-timeline.json'))
        self.system = _load(os.path.join(root, 'system-figures.json'))
        self.events_other_zone = _load(os.path.join(root, 'events-user-timezone.json'))
        self.delivery = _load(os.path.join(root, 'delivery-figures.json'))

    def scenario(self, number):
        try:
            return self.scenarios[number]
        except KeyError:
            raise KeyError('no recorded data for benchmark scenario %d in %s/bench (run scripts/bench --record '
                           '--scenarios %d)' % (number, self.root, number)) from None

    def series(self, number, step, side, latency):
        for item in self.scenario(number)['series']:
            if (item['step'], item['side'], item['latency_ms']) == (step, side, latency):
                return item
        raise KeyError('scenario %d has no series %r / %r at %d ms' % (number, step, side, latency))


def _load(path):
    with open(path, encoding='utf-8') as handle:
        return json.load(handle)


def kb(value):
    return '{:,.1f}'.format(value / 1024.0)


def seconds(item):
    return '%.3f (%.3f-%.3f)' % (item['median_s'], item['min_s'], item['max_s'])


def count(value):
    return '{:,}'.format(value)


def ratio(a, b):
    return '%.2f' % (a / b) if b else '-'


# -- named figures -------------------------------------------------------------------------------

def figures(data):
    """Every quotable figure, by name: {name: text}."""
    named = {}
    _machine(data, named)
    _hardware_failure(data, named)
    _round_trips(data, named)
    _host_facts(data, named)
    _host_counts(data, named)
    _fleet(data, named)
    _events(data, named)
    _retries(data, named)
    _system(data, named)
    _delivery(data, named)
    return named


def _machine(data, named):
    for number, document in data.scenarios.items():
        named['s%d.date' % number] = document['date']
        named['s%d.cpus' % number] = str(document['machine']['cpus'])
        named['s%d.python' % number] = document['machine']['python']
        load = document['machine']
        named['s%d.load' % number] = '%.1f to %.1f' % (load['load_at_start'][0], load['load_at_end'][0])
        named['s%d.reps' % number] = str(document['options']['reps'])
        latencies = document['options']['latencies']
        named['s%d.latencies' % number] = ' and '.join('%d ms' % x for x in latencies)
        named['s%d.latency.low' % number], named['s%d.latency.high' % number] = '%d ms' % min(latencies), '%d ms' % max(
            latencies)
        # Recordings before the https default name no transport: they were plain http with free connections.
        options = document['options']
        named['s%d.transport' % number] = 'https' if options.get('https') else 'plain http'
        named['s%d.connect' % number] = str(options.get('connect_round_trips', 0))


def _hardware_failure(data, named):
    if 1 not in data.scenarios:
        return
    for latency in data.scenario(1)['options']['latencies']:
        for step in ('create', 'create_cold', 'rerun', 'evidence'):
            try:
                mine, theirs = (data.series(1, step, side, latency) for side in ('sl_ticket', 'slcli'))
            except KeyError:
                continue
            key = 's1.%s.%d' % (step, latency)
            named[key + '.calls'] = str(mine['calls'])
            named[key + '.slcli_calls'] = str(theirs['calls'])
            named[key + '.ratio'] = ratio(mine['median_s'], theirs['median_s'])


def _round_trips(data, named):
    if 7 not in data.scenarios:
        return
    trips = data.scenario(7)['figures']['round_trips']
    round_trip_operations(data)
    named['s7.latency'] = '%d ms' % trips['latency_ms']
    named['s7.overlap'] = '%d ms' % trips['overlap_ms']
    for index, item in enumerate(trips['operations'], 1):
        named['s7.op%d.calls' % index] = str(item['calls'])
        named['s7.op%d.round_trips' % index] = str(item['round_trips'])
    by_key = {item['key']: item for item in trips['operations'] if 'key' in item}
    for key, item in by_key.items():
        named['s7.%s.calls' % key] = str(item['calls'])
        named['s7.%s.round_trips' % key] = str(item['round_trips'])
        # The calls other than IAM's token request: what a case module asks of the Case Management API.
        named['s7.%s.api_calls' % key] = str(sum(1 for trip in item['trips'] for method in trip if method != 'get_token'))
    if 'open' in by_key:
        # The backstop: the searches for a twin after the creation (another controller's ticket opened at once).
        trips = by_key['open']['trips']
        created = next(index for index, trip in enumerate(trips) if 'createStandardTicket' in trip)
        named['s7.open.backstop_calls'] = str(sum(trip.count('getTickets') for trip in trips[created + 1:]))
    if {'open_cold', 'open_warm'} <= set(by_key):
        named['s7.cache.round_trips_saved'] = str(by_key['open_cold']['round_trips'] - by_key['open_warm']['round_trips'])


def _host_facts(data, named):
    if 2 not in data.scenarios:
        return
    for latency in data.scenario(2)['options']['latencies']:
        grouped = data.series(2, 'group_by_host', 'sl_ticket_info once', latency)
        per_host = data.series(2, 'per host', 'sl_ticket_info per host', latency)
        named['s2.%d.grouped_calls' % latency] = count(grouped['calls'])
        named['s2.%d.per_host_calls' % latency] = count(per_host['calls'])
        named['s2.%d.fewer_calls' % latency] = '%.0f' % (per_host['calls'] / grouped['calls'])
        # The per-host series ran on a sample of the hosts and is scaled to all of them.
        hosts = per_host['scale'] * data.scenario(2)['options']['hosts_sample']
        named['s2.%d.calls_per_host' % latency] = '%.0f' % (per_host['calls'] / hosts)


def _host_counts(data, named):
    """Scenario 8: what each way of reading every host's open tickets ran over (its calls and bytes are the plot)."""
    if 8 not in data.scenarios:
        return
    measured = data.scenario(8)['figures']['host_counts']
    named['s8.latency'] = '%d ms' % measured['latency_ms']
    named['s8.tickets'] = count(measured['account']['tickets'])
    named['s8.devices'] = count(measured['account']['devices'])
    for way in measured['ways']:
        hosts = [count(point['hosts']) for point in sorted(way['points'], key=lambda point: point['hosts'])]
        named['s8.%s.hosts' % way['key']] = ', '.join(hosts[:-1]) + ' and ' + hosts[-1]


def _fleet(data, named):
    if 5 not in data.scenarios:
        return
    fleet = data.scenario(5)['figures']['fleet']
    for key in ('hosts', 'failed', 'forks', 'evidence', 'rate_limit'):
        named['s5.%s' % key] = count(fleet[key])
    named['s5.latency'] = '%d ms' % fleet['latency_ms']


def _events(data, named):
    events = data.events
    named['events.tickets'] = count(events['tickets'])
    named['events.open'] = count(events['open'])
    named['events.settle'] = '%d s' % events['settle_seconds']
    named['events.default_settle'] = '%d s' % events['default_settle_seconds']
    polls = [p for p in events['polls'] if isinstance(p['poll'], int)]
    named['events.baseline_calls'] = str(polls[0]['calls'])
    idle = [p for p in polls[1:] if p['events'] == 0]
    named['events.idle_calls'] = '%d' % max(p['calls'] for p in idle)
    named['events.idle_bytes'] = count(min(p['response_bytes'] for p in idle))
    named['events.burst'] = count(events['burst'])
    named['events.summary_calls'] = str(events['summary']['calls'])
    _events_other_zone(data.events_other_zone, named)


def _events_other_zone(events, named):
    """The same polls for a user whose time zone is not SoftLayer's (the server may read filter dates in either)."""
    hours, softlayer = (int(zone[1:3]) * (1 if zone[0] == '+' else -1)
                        for zone in (events['user_timezone'], events['softlayer_timezone']))
    named['events.zone.name'] = 'UTC%+d' % hours
    # The source reads again the hours between the user's zone and SoftLayer's.
    named['events.zone.hours'] = str(hours - softlayer)
    named['events.zone.burst'] = count(events['burst'])
    polls = [p for p in events['polls'] if isinstance(p['poll'], int)]
    last_change = max(index for index, p in enumerate(polls) if p['events'])
    idle = [p for p in polls[last_change + 1:] if p['events'] == 0]
    named['events.zone.idle_calls'] = str(max(p['calls'] for p in idle))
    named['events.zone.idle_kb'] = '%s KB' % kb(max(p['response_bytes'] for p in idle))


def _retries(data, named):
    policy = data.retries['policy']
    named['retry.retries'] = str(policy['retries'])
    named['retry.sends'] = str(policy['retries'] + 1)
    named['retry.budget'] = '%d s' % policy['total_seconds']
    named['retry.warn_threshold'] = str(policy['warn_threshold'])
    for item in data.retries['timelines']:
        key = 'retry.%d.%s' % (item['timeout'], item['delays'])
        named[key + '.sends'] = str(sum(1 for span in item['spans'] if span['kind'] == 'send'))
        named[key + '.end'] = '%.1f s' % item['end']
        named['retry.%d.bound' % item['timeout']] = '%d s' % item['bound']


def _system(data, named):
    system = data.system
    for key, value in system['counts'].items():
        named['system.%s' % key] = count(value)
    for key, value in system['tests'].items():
        named['system.tests.%s' % key] = count(value)
    named['system.seconds'] = '%.0f s' % system['seconds']


# What became of a change's playbook (tests/eda/test_delivery.py's outcomes), and where its kill landed.
DELIVERY_OUTCOMES = (('once', 'ran once'), ('cut_then_once', 'cut, started again, ended once'),
                     ('twice', 'ran again in full'), ('other', 'other'))
DELIVERY_KILLS = {'acked': 'once the source saved it (the rule engine took it)', 'started': 'while its playbook ran',
                  'done': 'just after its playbook wrote its last line'}


def _kill_point(point):
    return DELIVERY_KILLS[point] if point in DELIVERY_KILLS else '%.1f s after the update' % point


def _delivery(data, named):
    delivery = data.delivery
    changes = delivery['changes']
    named['delivery.rulebook'] = delivery['ansible_rulebook']
    named['delivery.h2_options'] = delivery['h2_options'].lstrip(';')
    named['delivery.changes'] = count(len(changes))
    named['delivery.ended'] = count(sum(1 for item in changes if item['ends'] >= 1))
    # 'interrupted' is the test's word for a change whose playbook had started when the kill landed.
    named['delivery.not_started'] = count(sum(1 for item in changes if not item['interrupted']))
    named['delivery.ended_before_kill'] = count(sum(1 for item in changes if item['interrupted'] and item['outcome'] == 'once'))
    for key, unused in DELIVERY_OUTCOMES:
        named['delivery.%s' % key] = count(sum(1 for item in changes if item['outcome'] == key))


# -- tables --------------------------------------------------------------------------------------

def tables(data):
    """Every table a page shows, by name: {name: (header, rows)}; built when asked for."""
    return {
        'hardware-failure': lambda: _pairs_table(data, 1, (
            ('create', 'open ticket + attach server (look-ups learnt)'),
            ('create_cold', 'open ticket + attach server, cold start'),
            ('rerun', 're-run, nothing new (slcli: duplicates)'),
            ('evidence', 're-run with new evidence (slcli: list + update)'))),
        'round-trips': lambda: _round_trip_table(data),
        'case-round-trips': lambda: _case_round_trip_table(data),
        'floor': lambda: _floor_table(data),
        'filtered-query': lambda: _side_table(data, 3, 'filtered query', ('sl_ticket_info', 'slcli')),
        'host-facts': lambda: _host_facts_table(data),
        'inventory': lambda: _inventory_table(data),
        'fleet': lambda: _fleet_table(data),
        'events': lambda: _events_table(data),
        'targets': lambda: _targets_table(data),
        'retry-bounds': lambda: _retry_table(data),
        'system-counts': lambda: _system_table(data),
        'delivery': lambda: _delivery_table(data),
    }


def _pairs_table(data, number, steps):
    header = ('step', 'latency', 'sl_ticket: s median (min-max)', 'calls', 'KB', 'slcli: s median (min-max)', 'calls',
              'KB', 'time ratio')
    rows = []
    for latency in data.scenario(number)['options']['latencies']:
        for step, label in steps:
            mine, theirs = (data.series(number, step, side, latency) for side in ('sl_ticket', 'slcli'))
            rows.append((label, '%d ms' % latency, seconds(mine), str(mine['calls']), kb(mine['bytes']),
                         seconds(theirs), str(theirs['calls']), kb(theirs['bytes']),
                         ratio(mine['median_s'], theirs['median_s'])))
    for latency in data.scenario(number)['options']['latencies']:
        mine, theirs = (data.series(number, 'play', side, latency) for side in ('sl_ticket', 'slcli'))
        rows.append(('whole play: open ticket + attach server', '%d ms' % latency, seconds(mine), str(mine['calls']),
                     kb(mine['bytes']), seconds(theirs), str(theirs['calls']), kb(theirs['bytes']),
                     ratio(mine['median_s'], theirs['median_s'])))
    return header, rows


def round_trip_operations(data):
    """Scenario 7's operations; an error when the recording could not tell its round trips apart."""
    operations = data.scenario(7)['figures']['round_trips']['operations']
    unsure = [item['operation'] for item in operations if item.get('unsure')]
    if unsure:
        raise ValueError('the recorded round trips of %s are unsure (the call log watcher stalled, see '
                         'benchmarks/call_log.py): record scenario 7 again' % '; '.join(unsure))
    return operations


def _round_trip_table(data):
    trips = {'operations': round_trip_operations(data)}
    rows = [(item['operation'], str(item['calls']), str(item['round_trips']),
             ' → '.join(' + '.join(trip) for trip in item['trips'])) for item in trips['operations']]
    return ('operation', 'calls', 'round trips', 'calls per round trip, in order'), rows


# What each call of the case modules is, in the words of docs/docsite/rst/support_center_cases.rst.
CASE_CALLS = {'get_token': 'token', 'get_cases': 'search', 'getHardware': 'server look-up',
              'get_technical_offerings': 'offerings list', 'create_case': 'create', 'add_comment': 'comment',
              'get_case': 'the case', 'getTickets': 'the tickets look-up'}
CASE_OPERATIONS = (('case_open', 'open (offering by key, one classic server, a CRN, a watcher)'),
                   ('case_rerun', 're-run with nothing to do'), ('case_comment', 'add a comment'),
                   ('case_info', 'read one case with its ticket'))


def _case_round_trip_table(data):
    by_key = {item.get('key'): item for item in round_trip_operations(data)}

    def in_words(trips):
        return ', '.join(' + '.join(CASE_CALLS.get(method, method) for method in trip) for trip in trips)
    rows = [(label, str(by_key[key]['calls']), in_words(by_key[key]['trips'])) for key, label in CASE_OPERATIONS]
    return ('operation', 'calls', 'in order'), rows


def _floor_table(data):
    series = data.scenario(4)['series']
    base = next(s for s in series if s['side'] == 'python -c "import SoftLayer"')
    rows = [(s['side'], seconds(s), '%.2f×' % (s['median_s'] / base['median_s']), str(s['calls'] or 0),
             '%.1f' % s['peak_mb']) for s in series]
    return ('process', 's median (min-max)', 'vs import SoftLayer', 'calls', 'peak MB'), rows


def _side_table(data, number, step, sides):
    rows = []
    for latency in data.scenario(number)['options']['latencies']:
        mine, theirs = (data.series(number, step, side, latency) for side in sides)
        rows.append(('%d ms' % latency, seconds(mine), str(mine['calls']), kb(mine['bytes']), seconds(theirs),
                     str(theirs['calls']), kb(theirs['bytes']), '%.0f×' % (theirs['bytes'] / mine['bytes'])))
    return ('latency', '%s: s' % sides[0], 'calls', 'KB', '%s: s' % sides[1], 'calls', 'KB', 'fewer bytes'), rows


def _host_facts_table(data):
    rows = []
    for latency in data.scenario(2)['options']['latencies']:
        row = ['%d ms' % latency]
        for step, side in (('group_by_host', 'sl_ticket_info once'), ('per host', 'sl_ticket_info per host'),
                           ('per host', 'slcli ticket list per host')):
            item = data.series(2, step, side, latency)
            row += [count(item['calls']), kb(item['bytes']), '%.1f' % item['median_s']]
        rows.append(tuple(row))
    return ('latency', 'group_by_host once: calls', 'KB', 's', 'sl_ticket_info per host: calls', 'KB', 's',
            'slcli per host: calls', 'KB', 's'), rows


def _inventory_table(data):
    rows = []
    scenario = data.scenario(6)
    for latency in scenario['options']['latencies']:
        for step in ('inventory source alone', 'whole play'):
            left, right = [s for s in scenario['series'] if s['step'] == step and s['latency_ms'] == latency]
            rows.append((step, '%d ms' % latency, seconds(left), str(left['calls']), kb(left['bytes']),
                         '%.1f' % left['peak_mb'], seconds(right), str(right['calls']), kb(right['bytes']),
                         '%.1f' % right['peak_mb'], ratio(left['median_s'], right['median_s'])))
    return ('step', 'latency', 'sl_inventory: s', 'calls', 'KB', 'MB', 'group_by_host: s', 'calls', 'KB', 'MB',
            'time ratio'), rows


def _fleet_table(data):
    fleet = data.scenario(5)['figures']['fleet']
    rows = [(item['side'], item['step'], '%.1f' % item['seconds'], '%.1f' % item['ideal'] if item['calls'] else '-',
             count(item['calls']), str(item['limited']), str(item['retries']), str(len(item['failed'])),
             str(item['created']), str(item['changed']), str(item['duplicates']), '%.1f' % item['peak_mb'])
            for item in fleet['runs']]
    return ('side', 'run', 'wall s', 'ideal s', 'calls', 'rate-limited', 'retries', 'failed hosts', 'opened',
            'changed', 'duplicates', 'peak MB'), rows


def _events_table(data):
    rows = [(str(p['poll']), p['change'], str(p['calls']), str(p['events']), count(p['response_bytes']))
            for p in data.events['polls']]
    summary = data.events['summary']
    rows.append(('-', summary['change'], str(summary['calls']), '-', count(summary['response_bytes'])))
    return ('poll', 'what changed since the last poll', 'API calls', 'events', 'response bytes'), rows


def _targets_table(data):
    rows = []
    for number in sorted(data.scenarios):
        for item in data.scenarios[number]['targets']:
            rows.append((item['target'], item['goal'], item['measured'], 'met' if item['met'] else 'MISSED'))
    return ('target', 'goal', 'measured', 'status'), rows


def _retry_table(data):
    rows = []
    for item in data.retries['timelines']:
        rows.append(('%d s' % item['timeout'], item['delays'], str(sum(1 for s in item['spans'] if s['kind'] == 'send')),
                     '%.1f s' % item['end'], '%d s' % item['bound']))
    return ('timeout', 'delays drawn', 'sends', 'gives up after', 'bound (2 × timeout + budget)'), rows


SYSTEM_LABELS = (
    ('playbook_runs', 'ansible-playbook runs'),
    ('module_tasks', 'module task results checked'),
    ('fault_scenarios', 'fault scenarios (a fault kind on a write path, a kill, a persistent fault)'),
    ('faults_served', 'faults served by the emulator'),
    ('emulator_kills', 'emulator kill -9 and restarts'),
    ('write_attempts_checked', 'write calls checked against their retry bound'),
    ('concurrent_runs', 'concurrent module runs'),
    ('rate_limited_calls', 'calls refused by the rate limit, then retried successfully'),
    ('bad_inputs', 'bad inputs tried'),
    ('outputs_scanned', 'outputs scanned for the API key'),
    ('secret_leaks', 'API key leaks found'),
    ('other_secret_leaks', 'proxy passwords found in output'),
    ('duplicates_found', 'duplicate tickets or updates found'),
)


def _system_table(data):
    counts = data.system['counts']
    rows = [(label, count(counts[key])) for key, label in SYSTEM_LABELS]
    for key in sorted(data.system.get('details') or {}):
        rows += [(key.replace('_', ' '), text) for text in data.system['details'][key]]
    return ('figure', 'count'), rows


def _delivery_table(data):
    words = dict(DELIVERY_OUTCOMES)
    rows = [(item['change'], _kill_point(item['kill']), 'yes' if item['interrupted'] else 'no', str(item['starts']),
             str(item['ends']), words[item['outcome']]) for item in data.delivery['changes']]
    return ('staff update', 'ansible-rulebook killed', 'its playbook had started', 'playbook starts', 'playbook ends',
            'so the playbook'), rows
