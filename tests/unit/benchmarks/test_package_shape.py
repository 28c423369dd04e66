# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmarks stay a package of small scenarios: imports run downwards, no function over 60 lines."""

from __future__ import annotations

import ast
import pathlib

import pytest

BENCHMARKS = pathlib.Path(__file__).resolve().parents[3] / 'benchmarks'
# What each part may import from the package (besides the standard library and the emulator).
ALLOWED = {
    'runner': {'harness', 'results', 'accounts', 'scenarios'},
    'scenarios': {'harness', 'results', 'accounts', 'plays', 'call_log'},
    'accounts': {'harness'},
    'harness': set(),
    'results': set(),
    'plays': set(),
    'call_log': set(),
    'ticket_events_calls': set(),
    'first_call': set(),  # run as a file by scenarios/floor.py: it must import nothing of the package
    # The docs site's data: figures read the committed files, plots draw them; retry_timeline reads the policy.
    'figures': set(),
    'plots': {'figures'},
    'retry_timeline': set(),
    '__main__': {'runner'},
}
SOURCES = sorted(BENCHMARKS.rglob('*.py'))


def part_of(path):
    relative = path.relative_to(BENCHMARKS)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def package_imports(tree):
    """The parts of the package a module imports: ``from benchmarks.X import ...``, ``from benchmarks import X``."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split('.')[0] == 'benchmarks':
            names = node.module.split('.')[1:2] or [alias.name for alias in node.names]
            found.update(names)
    return found


@pytest.mark.parametrize('path', [p for p in SOURCES if p.name != '__init__.py'], ids=lambda p: str(p.relative_to(BENCHMARKS)))
def test_imports_only_run_downwards(path):
    part = part_of(path)
    assert part in ALLOWED, '%s: a new part of the benchmarks; add it to ALLOWED' % part
    assert package_imports(ast.parse(path.read_text())) - {part} <= ALLOWED[part]


@pytest.mark.parametrize('path', SOURCES, ids=lambda p: str(p.relative_to(BENCHMARKS)))
def test_no_function_is_over_60_lines(path):
    long = [(node.name, node.end_lineno - node.lineno + 1) for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60]
    assert long == []
