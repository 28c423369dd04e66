# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The event source's DOCUMENTATION and EXAMPLES say what its code does.

Nothing in Ansible checks an event source's documentation (validate-modules reads modules and plugins only),
so this test does: the documented options are exactly the arguments parse_args accepts, with its defaults and
choices, and every example is a source entry whose arguments parse_args takes.
"""

from __future__ import annotations

import ast
import pathlib
import re

import pytest
import yaml

from ansible_collections.softlayer.support.plugins.module_utils.api.client import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from ansible_collections.softlayer.support.plugins.module_utils.api.connection_options import CONNECTION_ARGUMENT_SPEC
from ansible_collections.softlayer.support.plugins.plugin_utils import ticket_events as te

ROOT = pathlib.Path(__file__).resolve().parents[3]
SOURCE = ROOT / 'extensions' / 'eda' / 'plugins' / 'event_source' / 'sl_ticket_events.py'
FQCN = 'softlayer.support.sl_ticket_events'


def plugin_strings():
    """DOCUMENTATION and EXAMPLES as the docs build reads them: from the file, not imported."""
    tree = ast.parse(SOURCE.read_text(encoding='utf-8'))
    return dict((target.id, node.value.value) for node in tree.body if isinstance(node, ast.Assign)
                for target in node.targets if isinstance(target, ast.Name) and target.id in ('DOCUMENTATION', 'EXAMPLES'))


DOC = yaml.safe_load(plugin_strings()['DOCUMENTATION'])
OPTIONS = DOC['options']
EXAMPLES = yaml.safe_load(plugin_strings()['EXAMPLES'])
# What parse_args makes of no arguments: the defaults the code applies.
DEFAULTS = te.parse_args({})


def test_the_documented_options_are_the_arguments_the_source_accepts():
    assert DOC['extends_documentation_fragment'] == ['softlayer.support.connection']   # the connection options
    assert set(OPTIONS) == set(te.SOURCE_OPTIONS)
    assert not set(OPTIONS) & set(CONNECTION_ARGUMENT_SPEC)


@pytest.mark.parametrize('name, in_code', [
    ('interval', DEFAULTS.interval),
    ('event_types', list(DEFAULTS.event_types)),
    ('status', DEFAULTS.status),
    ('page_size', DEFAULTS.page_size),
    ('new_ticket_hold', DEFAULTS.new_ticket_hold),
    ('feedback', DEFAULTS.feedback is not None),
])
def test_each_documented_default_is_the_one_the_code_applies(name, in_code):
    assert OPTIONS[name]['default'] == in_code


def test_the_documented_choices_are_the_accepted_values():
    assert OPTIONS['event_types']['choices'] == list(te.EVENT_TYPES)
    assert OPTIONS['status']['choices'] == list(te.WATCHED)
    assert DEFAULTS.state_file is None and 'default' not in OPTIONS['state_file']


def test_the_documented_page_size_bounds_are_the_clients():
    (low, high) = re.search(r'between (\d+) and (\d+)', ' '.join(OPTIONS['page_size']['description'])).groups()
    assert (int(low), int(high)) == (1, MAX_PAGE_SIZE)
    assert DEFAULT_PAGE_SIZE == OPTIONS['page_size']['default']


@pytest.mark.parametrize('entry', EXAMPLES, ids=lambda entry: ','.join(sorted(entry)))
def test_every_example_is_a_source_entry_the_source_accepts(entry):
    args = dict(entry[FQCN])
    if args.get('feedback'):
        args['eda_feedback_queue'] = object()   # what ansible-rulebook passes with --persistence-id
    config = te.parse_args(dict(args, username='u', api_key='k'))
    assert set(entry) <= {FQCN, 'name'}
    assert (config.feedback is not None) == bool(entry[FQCN].get('feedback'))
