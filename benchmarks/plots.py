# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plots of the docs site, drawn from the committed data (docs/data) with matplotlib, as SVG.

    scripts/bench --plots DIR          # every plot into DIR (python -m benchmarks.plots DIR)

The docs build draws them itself (``.. plot:: NAME``, docs/sphinx/sl_figures.py), so a plot
always shows the data as committed, and a plot that cannot be drawn fails the build.
"""

from __future__ import annotations

import os
import sys

import matplotlib

matplotlib.use('svg')
# pylint: disable=wrong-import-position
import matplotlib.pyplot as plt  # noqa: E402

from benchmarks.figures import Data, round_trip_operations  # noqa: E402

# Same bytes for the same data: no date in the file, fixed ids.
matplotlib.rcParams.update({'svg.hashsalt': 'softlayer.support', 'svg.fonttype': 'none', 'font.size': 9,
                            'axes.spines.top': False, 'axes.spines.right': False})
WIDTH = 7.0


def hosts(data, axes_pair):
    """Calls and bytes against hosts (log scales), each way at the host counts it ran at (scenario 8): measured points."""
    measured = data.scenario(8)['figures']['host_counts']
    for axes, key, label in zip(axes_pair, ('calls', 'bytes'), ('API calls', 'bytes (request + response bodies)')):
        for way in measured['ways']:
            points = sorted(way['points'], key=lambda point: point['hosts'])
            axes.plot([p['hosts'] for p in points], [p[key] for p in points], marker='o', label=way['way'])
        axes.set_xscale('log')
        axes.set_yscale('log')
        axes.set_xlabel('hosts')
        axes.set_ylabel(label)
        axes.grid(True, which='major', alpha=0.3)
    axes_pair[0].legend(fontsize=7, loc='upper left')
    account = measured['account']
    axes_pair[0].set_title('the generated account ({:,} tickets, {:,} devices), {} ms; every point measured, the lines '
                           'join them'.format(account['tickets'], account['devices'], measured['latency_ms']), fontsize=8)


def fleet(data, axes):
    """Fleet wall time, split into the controller's own work and the rest (API work and module processes)."""
    runs = data.scenario(5)['figures']['fleet']['runs']
    alone = next(r['seconds'] for r in runs if r['side'] == 'controller alone')
    shown = [r for r in runs if r['side'] != 'controller alone']
    labels = ['%s\n%s' % (r['side'], r['step'].split(':')[0]) for r in shown]
    controller = [min(alone, r['seconds']) for r in shown]
    rest = [max(r['seconds'] - alone, 0) for r in shown]
    ideal = [r['ideal'] for r in shown]
    positions = range(len(shown))
    axes.bar(positions, controller, label='controller work (the same play with no API call: %.0f s)' % alone,
             color='#bbbbbb')
    axes.bar(positions, rest, bottom=controller, label='above it: API calls and module processes', color='#4477aa')
    axes.scatter(positions, [c + i for c, i in zip(controller, ideal)], marker='_', s=400, color='#cc3311',
                 label='controller + the run\'s calls at the rate limit', zorder=3)
    axes.set_xticks(list(positions))
    axes.set_xticklabels(labels, fontsize=7)
    axes.set_ylabel('wall time, s')
    axes.legend(fontsize=7, loc='upper center', bbox_to_anchor=(0.5, -0.22), ncol=2)


def events(data, axes):
    """The event source's cursor after each poll, against the poll's time; events per poll below it."""
    polls = [p for p in data.events['polls'] if isinstance(p['poll'], int)]
    moved = [p for p in polls if p['cursor_s'] > -60]
    axes.step([p['at_s'] for p in moved], [p['cursor_s'] for p in moved], where='post', marker='o',
              label='cursor (newest modifyDate read), s after the first poll started')
    axes.plot([0, polls[-1]['at_s']], [0, polls[-1]['at_s']], linestyle=':', color='#888888', label='the poll\'s own time')
    for p in polls:
        if p['events']:
            axes.annotate('%d event%s' % (p['events'], '' if p['events'] == 1 else 's'), (p['at_s'], p['cursor_s']),
                          textcoords='offset points', xytext=(4, -12), fontsize=7)
    first = polls[0]
    axes.annotate('polls %d-%d: cursor at the account\'s newest change before the start (%s)' % (
        first['poll'], moved[0]['poll'] - 1, first['cursor'][:10]), (first['at_s'], 0), textcoords='offset points',
        xytext=(0, 8), fontsize=7)
    axes.set_xlabel('poll finished, s after the first poll started')
    axes.set_ylabel('cursor, s')
    axes.legend(fontsize=7, loc='upper left')


def retries(data, axes_list):
    """One hung call's sends and sleeps, against timeout and the total bound, per timeout."""
    by_timeout = {}
    for item in data.retries['timelines']:
        by_timeout.setdefault(item['timeout'], []).append(item)
    for axes, (timeout, items) in zip(axes_list, sorted(by_timeout.items())):
        for row, item in enumerate(items):
            for span in item['spans']:
                axes.barh(row, span['end'] - span['start'], left=span['start'], height=0.5,
                          color='#4477aa' if span['kind'] == 'send' else '#dddddd', edgecolor='#333333')
        bound = items[0]['bound']
        budget_end = items[0]['spans'][0]['end'] + data.retries['policy']['total_seconds']
        axes.axvline(budget_end, color='#888888', linestyle=':')
        axes.text(budget_end, -0.6, ' no retry starts after this', color='#555555', fontsize=7)
        axes.axvline(bound, color='#cc3311', linestyle='--')
        axes.text(bound, len(items) - 0.4, ' bound %d s' % bound, color='#cc3311', fontsize=7)
        axes.set_yticks(range(len(items)))
        axes.set_yticklabels(['%s delays' % item['delays'] for item in items], fontsize=7)
        axes.set_title('timeout %d s: sends (blue, each waits the timeout) and backoff sleeps (grey)' % timeout,
                       fontsize=8)
        axes.set_xlim(0, bound * 1.08)
    axes_list[-1].set_xlabel('seconds after the first send')


def round_trips(data, axes):
    """The calls of each operation of scenario 7 against time, as the emulator logged them."""
    operations = round_trip_operations(data)
    for row, item in enumerate(operations):
        start = min(c['seen_after_ms'] for c in item['log'])
        for call in item['log']:
            axes.barh(row, call['duration_ms'], left=call['seen_after_ms'] - start, height=0.6,
                      color='#cc3311' if call['write'] else '#4477aa', alpha=0.6, edgecolor='#333333')
    axes.set_yticks(range(len(operations)))
    axes.set_yticklabels(['%s (%d in %d)' % (item['operation'], item['calls'], item['round_trips'])
                          for item in operations], fontsize=7)
    axes.invert_yaxis()
    axes.set_xlabel('ms after the first call (blue: reads, red: writes)')


PLOTS = {
    'hosts': (hosts, 2, 7.0),
    'fleet': (fleet, 1, 3.8),
    'events': (events, 1, 3.2),
    'retries': (retries, 2, 3.4),
    'round-trips': (round_trips, 1, 4.4),
}


def draw(name, path, data=None):
    """Draw plot ``name`` as SVG at ``path`` from ``data`` (default: the committed docs/data)."""
    function, panels, height = PLOTS[name]
    data = data or Data()
    figure, axes = plt.subplots(panels, 1, figsize=(WIDTH, height), squeeze=True)
    try:
        function(data, axes)
        figure.tight_layout()
        figure.savefig(path, format='svg', metadata={'Date': None})
    finally:
        plt.close(figure)
    return path


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.stderr.write('usage: python -m benchmarks.plots DIR\n')
        return 2
    os.makedirs(argv[0], exist_ok=True)
    data = Data()
    for name in PLOTS:
        print(draw(name, os.path.join(argv[0], name + '.svg'), data))
    return 0


if __name__ == '__main__':
    sys.exit(main())
