# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The folder tree is the architecture: imports only run downwards, no import cycle, no function over 60 lines.

Layers, from the bottom: ``module_utils/api`` (the client and the API vocabulary), ``module_utils/concurrent_runs``
(the run lock and the twin rule both writing modules share), ``module_utils/tickets``
(what a ticket is), then the rooms of one feature each (``module_utils/sl_ticket``,
``module_utils/sl_ticket_info``, ``module_utils/sl_ticket_download``, ``module_utils/ibm_cases``),
then ``module_utils/module.py`` and ``plugin_utils``, then the plugins.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

PLUGINS = pathlib.Path(__file__).resolve().parents[3] / 'plugins'
PREFIX = 'ansible_collections.softlayer.support.plugins.'
# What each room may import from the collection (besides itself).
ALLOWED = {
    'module_utils.api': set(),
    # What concurrent runs of sl_ticket and ibm_case share: the run lock, which twin is kept.
    'module_utils.concurrent_runs': {'module_utils.api'},
    'module_utils.tickets': {'module_utils.api', 'module_utils.concurrent_runs'},
    'module_utils.sl_ticket': {'module_utils.api', 'module_utils.concurrent_runs', 'module_utils.tickets'},
    'module_utils.sl_ticket_info': {'module_utils.api', 'module_utils.tickets'},
    'module_utils.sl_ticket_download': {'module_utils.api', 'module_utils.tickets'},
    # IBM Cloud cases: the error family and retry policy of api/, the device model of tickets/.
    'module_utils.ibm_cases': {'module_utils.api', 'module_utils.concurrent_runs', 'module_utils.tickets'},
    'module_utils.module': {'module_utils.api'},
    'plugin_utils': {'module_utils.api', 'module_utils.tickets'},
}


def room_of(dotted):
    """'module_utils.tickets.fields' -> 'module_utils.tickets'; 'module_utils.module' stays."""
    parts = dotted.split('.')
    return '.'.join(parts[:2]) if parts[0] == 'module_utils' else parts[0]


def collection_imports(path):
    """The collection modules ``path`` imports, as dotted names below ``plugins``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PREFIX):
            base = node.module[len(PREFIX):]
            for alias in node.names:
                candidate = PLUGINS.joinpath(*base.split('.'), alias.name + '.py')
                found.add(base + '.' + alias.name if candidate.exists() else base)
    return found


def module_name(path):
    return '.'.join(path.relative_to(PLUGINS).with_suffix('').parts)


def shared_files():
    return sorted(p for folder in ('module_utils', 'plugin_utils') for p in (PLUGINS / folder).rglob('*.py'))


def test_every_room_has_a_rule():
    rooms = {room_of(module_name(p)) for p in shared_files()}
    assert rooms == set(ALLOWED)


@pytest.mark.parametrize('path', shared_files(), ids=lambda p: str(p.relative_to(PLUGINS)))
def test_imports_only_run_downwards(path):
    own = room_of(module_name(path))
    upward = sorted(name for name in collection_imports(path)
                    if room_of(name) != own and room_of(name) not in ALLOWED[own])
    assert upward == [], '%s (%s) imports from rooms above or beside it' % (path.name, own)


def test_no_import_cycle():
    graph = {module_name(p): set(collection_imports(p)) for p in shared_files()}
    state = {}

    def visit(node, trail):
        if state.get(node) == 'done':
            return
        assert state.get(node) != 'open', 'import cycle: %s' % ' -> '.join(trail + [node])
        state[node] = 'open'
        for target in sorted(graph.get(node, ())):
            visit(target, trail + [node])
        state[node] = 'done'

    for start in sorted(graph):
        visit(start, [])


LONGEST_FUNCTION = 60


def test_no_function_in_the_collections_code_is_over_sixty_lines():
    sources = sorted(PLUGINS.rglob('*.py')) + sorted((PLUGINS.parent / 'extensions').rglob('*.py'))
    long_ones = ['%s:%s (%d lines)' % (path.relative_to(PLUGINS.parent), node.name, node.end_lineno - node.lineno + 1)
                 for path in sources for node in ast.walk(ast.parse(path.read_text()))
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and node.end_lineno - node.lineno + 1 > LONGEST_FUNCTION]
    assert long_ones == []
