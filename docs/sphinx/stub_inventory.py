#!/usr/bin/env python
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a local Sphinx inventory for the docs.ansible.com labels the site links to.

The docs site is built offline, so intersphinx cannot download objects.inv from
docs.ansible.com. The pages antsibull-docs generates, and our guides, still link
to labels there, and Sphinx runs with -W, so an unresolved label fails the build.
This script writes an inventory that holds those labels; the links in the built
HTML point at the real docs.ansible.com pages.

Two kinds of entries:

* LABELS: hand-checked labels of the Ansible docsite (page and section id).
  Add one here when a guide or a generated page needs a new label: until you
  do, the build fails with "undefined label".
* every ansible.builtin plugin, with its options, return values and attributes,
  read from the installed ansible-core (``ansible-doc --metadata-dump``), so
  that M(ansible.builtin.xxx), O(ansible.builtin.xxx#module:opt) and the
  :ansplugin: / :ansopt: roles in the guides resolve.

Usage: stub_inventory.py OUTPUT.inv
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib

PROJECT = 'Ansible'
VERSION = 'devel'

# label: (page relative to https://docs.ansible.com/projects/ansible/devel/, section id, title)
LABELS = {
    # referenced by pages antsibull-docs generates
    'common_return_values': ('reference_appendices/common_return_values.html', 'return-values', 'Return Values'),
    'ansible_configuration_settings': ('reference_appendices/config.html', 'ansible-configuration-settings',
                                       'Ansible Configuration Settings'),
    'collections_keyword': ('collections_guide/collections_using_playbooks.html',
                            'using-collections-in-playbooks', 'Using collections in playbooks'),
    # referenced by the guides in docs/docsite/rst
    'module_defaults': ('playbook_guide/playbooks_module_defaults.html', 'module-defaults', 'Module defaults'),
    'module_defaults_groups': ('playbook_guide/playbooks_module_defaults.html', 'module-defaults-groups',
                               'Module defaults groups'),
    'check_mode_dry': ('playbook_guide/playbooks_checkmode.html', 'validating-tasks-check-mode-and-diff-mode',
                       'Validating tasks: check mode and diff mode'),
    'diff_mode': ('playbook_guide/playbooks_checkmode.html', 'using-diff-mode', 'Using diff mode'),
    'playbooks_delegation': ('playbook_guide/playbooks_delegation.html',
                             'controlling-where-tasks-run-delegation-and-local-actions',
                             'Controlling where tasks run: delegation and local actions'),
}

# Environment variables of ansible-core's configuration that generated pages reference but antsibull-docs
# does not define (the fact cache settings that the inventory_cache fragment falls back to), on the config page.
ENVVARS = ('ANSIBLE_CACHE_PLUGIN', 'ANSIBLE_CACHE_PLUGIN_CONNECTION', 'ANSIBLE_CACHE_PLUGIN_PREFIX',
           'ANSIBLE_CACHE_PLUGIN_TIMEOUT')

# Plugin types whose pages exist on the Ansible docsite.
PLUGIN_TYPES = ('become', 'cache', 'callback', 'connection', 'filter', 'inventory', 'lookup', 'module',
                'shell', 'strategy', 'test', 'vars')


def _label_part(name):
    """The form antsibull-docs gives an option or return value name inside a label."""
    return ' '.join(str(name).lower().split())


def _walk(entries, prefix=()):
    """(path, ...) of every documented option or return value, nested ones included."""
    for name, spec in sorted((entries or {}).items()):
        path = prefix + (_label_part(name),)
        yield path
        spec = spec if isinstance(spec, dict) else {}
        for key in ('suboptions', 'options', 'contains'):
            if isinstance(spec.get(key), dict):
                yield from _walk(spec[key], path)


def builtin_dump():
    """ansible-doc's metadata for every ansible.builtin plugin, by type."""
    ansible_doc = os.path.join(os.path.dirname(sys.executable), 'ansible-doc')
    if not os.access(ansible_doc, os.X_OK):
        ansible_doc = 'ansible-doc'
    output = subprocess.run([ansible_doc, '--metadata-dump', '--no-fail-on-errors', 'ansible.builtin'],
                            check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    return json.loads(output)['all']


def builtin_entries(dump):
    for plugin_type in PLUGIN_TYPES:
        for fqcn, data in sorted((dump.get(plugin_type) or {}).items()):
            if not fqcn.startswith('ansible.builtin.'):
                continue
            name = fqcn[len('ansible.builtin.'):]
            base = 'ansible_collections.%s_%s' % (fqcn, plugin_type)
            page = 'collections/ansible/builtin/%s_%s.html' % (name, plugin_type)
            yield base, page, '%s %s' % (fqcn, plugin_type)
            doc = (data or {}).get('doc') or {}
            for path in _walk(doc.get('options')):
                yield '%s__parameter-%s' % (base, '/'.join(path)), '%s#parameter-%s' % (page, '/'.join(path)), '-'
            for path in _walk((data or {}).get('return')):
                yield '%s__return-%s' % (base, '/'.join(path)), '%s#return-%s' % (page, '/'.join(path)), '-'
            for name in sorted(doc.get('attributes') or {}):
                part = _label_part(name)
                yield '%s__attribute-%s' % (base, part), '%s#attribute-%s' % (page, part), '-'


def entries(dump):
    for label, (page, anchor, title) in sorted(LABELS.items()):
        yield label, '%s#%s' % (page, anchor), title
    yield from builtin_entries(dump)


def render(dump):
    header = ('# Sphinx inventory version 2\n'
              '# Project: %s\n'
              '# Version: %s\n'
              '# The remainder of this file is compressed using zlib.\n' % (PROJECT, VERSION))
    seen = set()
    lines = []
    for label, uri, title in entries(dump):
        # Labels may not contain spaces in an inventory line; such option names do not exist in ansible.builtin.
        if label in seen or ' ' in label:
            continue
        seen.add(label)
        lines.append('%s std:label -1 %s %s\n' % (label, uri, title))
    for name in ENVVARS:
        lines.append('%s std:envvar -1 reference_appendices/config.html#envvar-%s -\n' % (name, name))
    return header.encode('utf-8') + zlib.compress(''.join(lines).encode('utf-8'), 9)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write('usage: %s OUTPUT.inv\n' % argv[0])
        return 2
    data = render(builtin_dump())
    with open(argv[1], 'wb') as output:
        output.write(data)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
