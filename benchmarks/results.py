# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a run keeps: series of repetitions, the targets it is judged by, other figures, and their tables."""

from __future__ import annotations

import statistics

# The targets of this run, in the order the scenarios judged them (the "Targets" table).
TARGETS = []
# Figures other than timed series, by name, written to results.json beside them (e.g. ``round_trips``).
FIGURES = {}


class Series:
    """Repetitions of one measured thing."""

    def __init__(self, scenario, step, side, latency, note=''):
        self.scenario = scenario
        self.step = step
        self.side = side
        self.latency = latency
        self.note = note
        self.runs = []
        self.scale = 1.0

    def add(self, run):
        self.runs.append(run)
        return run

    @property
    def median(self):
        return statistics.median(r.seconds for r in self.runs) * self.scale

    def summary(self):
        seconds = [r.seconds * self.scale for r in self.runs]
        calls = [r.calls for r in self.runs if r.calls is not None]
        moved = [r.request_bytes + r.response_bytes for r in self.runs]
        return {
            'scenario': self.scenario, 'step': self.step, 'side': self.side, 'latency_ms': self.latency,
            'note': self.note, 'reps': len(self.runs), 'median_s': round(statistics.median(seconds), 3),
            'min_s': round(min(seconds), 3), 'max_s': round(max(seconds), 3),
            'calls': round(statistics.median(calls) * self.scale) if calls else None,
            'bytes': round(statistics.median(moved) * self.scale) if moved else None,
            'peak_mb': round(statistics.median(r.maxrss_kb for r in self.runs) / 1024.0, 1),
            'scale': self.scale,
        }


def target(name, goal, value, met, why=''):
    TARGETS.append({'target': name, 'goal': goal, 'measured': value, 'met': bool(met), 'note': why})


def targets_table():
    lines = ['### Targets', '', '| target | goal | measured | status |', '|---|---|---|---|']
    for item in TARGETS:
        status = 'met' if item['met'] else 'MISSED'
        lines.append('| %s | %s | %s | %s |' % (item['target'], item['goal'], item['measured'], status))
    return '\n'.join(lines)


def kb(value):
    if value is None:
        return '-'
    return '%.1f' % (value / 1024.0) if value < 10 * 1024 * 1024 else '%.0f' % (value / 1024.0)


def seconds_text(summary):
    return '%.3f (%.3f-%.3f)' % (summary['median_s'], summary['min_s'], summary['max_s'])


def pair_row(step, a, b):
    """One Markdown row comparing two Series: time, calls, KB and peak MB of each, and the time ratio."""
    sa, sb = a.summary(), b.summary()
    ratio = sa['median_s'] / sb['median_s'] if sb['median_s'] else float('nan')
    return '| %s | %d ms | %s | %s | %s | %s | %s | %s | %s | %s | %.2f |' % (
        step, a.latency, seconds_text(sa), sa['calls'], kb(sa['bytes']), sa['peak_mb'],
        seconds_text(sb), sb['calls'], kb(sb['bytes']), sb['peak_mb'], ratio)


def pair_table(title, pairs, left='sl_ticket', right='slcli'):
    """Markdown rows comparing two Series per step: time, ratio, calls, bytes, peak memory."""
    lines = ['### %s' % title, '',
             '| step | latency | %s: s median (min-max) | calls | KB | MB | %s: s median (min-max) | calls | KB | MB '
             '| time ratio |' % (left, right),
             '|---|---|---|---|---|---|---|---|---|---|---|']
    lines += [pair_row(step, a, b) for step, a, b in pairs]
    return '\n'.join(lines)
