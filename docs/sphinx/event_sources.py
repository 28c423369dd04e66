#!/usr/bin/env python
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Render the collection's Event-Driven Ansible event sources into the docs site, next to the modules.

An event source carries its documentation the way ansible.eda's do: DOCUMENTATION and EXAMPLES as YAML
strings in extensions/eda/plugins/event_source/NAME.py. antsibull-docs (2.28) renders modules and Ansible
plugins only, so this script writes NAME_event_source.rst from those strings, in the shape of antsibull-docs'
plugin pages (the same option table, the same label names, so O(), M(), RV() and :ansopt: resolve), and adds
an "Event Sources" part to the plugin index antsibull-docs wrote. The plugin file stays the one source.

The file is read, never imported (as ansible-doc reads modules). ``extends_documentation_fragment`` takes the
options and requirements of the collection's doc fragments; their notes speak of modules and are left out.
Anything this script does not know (a key, a type, bad markup) fails the docs build.

Usage: event_sources.py COLLECTION_ROOT RST_DIR
"""

from __future__ import annotations

import ast
import json
import os
import sys

import yaml
from antsibull_docs_parser import dom
from antsibull_docs_parser.parser import Context, parse
from antsibull_docs_parser.rst import AntsibullRSTFormatter, rst_escape, to_rst

SOURCE_DIR = os.path.join('extensions', 'eda', 'plugins', 'event_source')
KNOWN_KEYS = {'name', 'short_description', 'version_added', 'description', 'author', 'requirements',
              'extends_documentation_fragment', 'options', 'notes', 'seealso'}
OPTION_KEYS = {'description', 'type', 'elements', 'choices', 'default', 'required', 'version_added'}
# Ansible's option types as antsibull-docs shows them.
# The plugin type in option labels and :ansopt: roles: sphinx_antsibull_ext reads a type as [a-z]+, so
# "event_source" would not parse there; the page's own label keeps the real name.
ROLE_TYPE = 'eventsource'
TYPE_NAMES = {'str': 'string', 'bool': 'boolean', 'int': 'integer', 'float': 'float', 'list': 'list',
              'dict': 'dictionary', 'path': 'path', 'raw': 'any'}


class DocsError(Exception):
    """The event source's documentation cannot be rendered; the message names the file and the place."""


class Formatter(AntsibullRSTFormatter):
    """antsibull-docs' RST markup, except E(): an environment variable is shown, not linked (no env var index)."""

    def format_env_variable(self, part):
        return '\\ :ansenvvar:`%s`\\ ' % rst_escape(part.name, escape_ending_whitespace=True, must_not_be_empty=True)


def read_strings(path, names):
    """The module-level string constants ``names`` of the Python file ``path``, without importing it."""
    with open(path, encoding='utf-8') as handle:
        tree = ast.parse(handle.read(), filename=path)
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in names:
                    found[target.id] = node.value.value
    return found


def fragment(collection_root, reference):
    """The doc fragment ``softlayer.support.NAME`` or ``softlayer.support.NAME.PART`` as a dict."""
    parts = reference.split('.')
    if parts[:2] != ['softlayer', 'support'] or len(parts) not in (3, 4):
        raise DocsError('extends_documentation_fragment %r: only this collection\'s fragments are known' % reference)
    path = os.path.join(collection_root, 'plugins', 'doc_fragments', parts[2] + '.py')
    if not os.path.exists(path):
        raise DocsError('extends_documentation_fragment %r: no %s' % (reference, path))
    attribute = parts[3].upper() if len(parts) == 4 else 'DOCUMENTATION'
    text = _class_strings(path).get(attribute)
    if text is None:
        raise DocsError('extends_documentation_fragment %r: %s has no %s' % (reference, path, attribute))
    return yaml.safe_load(text)


def _class_strings(path):
    with open(path, encoding='utf-8') as handle:
        tree = ast.parse(handle.read(), filename=path)
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == 'ModuleDocFragment':
            for item in node.body:
                if isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant):
                    found.update((t.id, item.value.value) for t in item.targets if isinstance(t, ast.Name))
    return found


def load(collection_root, path):
    """DOCUMENTATION (fragments merged) and EXAMPLES of the event source at ``path``, checked."""
    strings = read_strings(path, ('DOCUMENTATION', 'EXAMPLES'))
    if 'DOCUMENTATION' not in strings:
        raise DocsError('%s has no DOCUMENTATION' % path)
    doc = yaml.safe_load(strings['DOCUMENTATION'])
    unknown = set(doc) - KNOWN_KEYS
    if unknown:
        raise DocsError('%s: unknown DOCUMENTATION keys %s' % (path, sorted(unknown)))
    if doc.get('name') != os.path.splitext(os.path.basename(path))[0]:
        raise DocsError('%s: DOCUMENTATION name %r is not the file name' % (path, doc.get('name')))
    options = dict(doc.get('options') or {})
    requirements = list(doc.get('requirements') or [])
    for reference in doc.get('extends_documentation_fragment') or []:
        extra = fragment(collection_root, reference)
        for name, spec in (extra.get('options') or {}).items():
            if name in options and 'description' in spec:
                raise DocsError('%s: option %s is documented both here and in %s' % (path, name, reference))
            options[name] = dict(spec, **options.get(name, {}))
        requirements.extend(extra.get('requirements') or [])
    for name, spec in options.items():
        unknown = set(spec) - OPTION_KEYS - {'env'}
        if unknown or 'description' not in spec or spec.get('type') not in TYPE_NAMES:
            raise DocsError('%s: option %s needs a description and a known type, and no other keys than %s (has %s)'
                            % (path, name, sorted(OPTION_KEYS), sorted(spec)))
    doc['options'] = options
    doc['requirements'] = requirements
    examples = strings.get('EXAMPLES', '')
    yaml.safe_load(examples)  # must be YAML
    return doc, examples


class Page:
    """The RST page of one event source, written as antsibull-docs writes a plugin's."""

    def __init__(self, collection, version, doc, examples):
        self.collection = collection
        self.version = version
        self.doc = doc
        self.examples = examples
        self.fqcn = '%s.%s' % (collection, doc['name'])
        self.plugin = dom.PluginIdentifier(fqcn=self.fqcn, type=ROLE_TYPE)
        self.label = 'ansible_collections.%s_event_source' % self.fqcn
        self.option_label = 'ansible_collections.%s_%s' % (self.fqcn, ROLE_TYPE)

    def markup(self, text, indent=''):
        """Ansible markup (a string or a list of paragraphs) as RST paragraphs, each line indented."""
        paragraphs = parse(text, Context(current_plugin=self.plugin), errors='exception')
        rst = to_rst(paragraphs, formatter=Formatter(), current_plugin=self.plugin)
        return '\n'.join((indent + line) if line else '' for line in rst.splitlines())

    def render(self):
        doc = self.doc
        title = '%s event source -- %s' % (self.fqcn, rst_escape(doc['short_description']))
        out = ['.. _%s:' % self.label, '', title, '+' * len(title), '', '.. note::',
               '    This event source is part of the `%s collection <https://galaxy.ansible.com/ui/repo/published/%s/>`_'
               ' (version %s).' % (self.collection, self.collection.replace('.', '/'), self.version), '',
               '    It runs in ``ansible-rulebook`` (Event-Driven Ansible), not in a playbook.'
               ' To use it in a rulebook, specify: :code:`%s` in ``sources``.' % self.fqcn, '']
        if doc.get('version_added'):
            out += ['.. rst-class:: ansible-version-added', '', 'New in %s %s' % (self.collection, doc['version_added']), '']
        out += ['.. contents::', '   :local:', '   :depth: 1', '', 'Synopsis', '--------', '']
        out += ['- ' + self.markup(paragraph, '  ').lstrip() for paragraph in doc.get('description') or []]
        out += ['', 'Requirements', '------------',
                'The below requirements are needed on the host that runs ansible-rulebook with this event source.', '']
        out += ['- ' + self.markup(item, '  ').lstrip() for item in doc['requirements']]
        out += ['', 'Parameters', '----------', '', '.. tabularcolumns:: \\X{1}{3}\\X{2}{3}', '', '.. list-table::',
                '  :width: 100%', '  :widths: auto', '  :header-rows: 1', '  :class: longtable ansible-option-table', '',
                '  * - Parameter', '    - Comments', '']
        for name in sorted(doc['options']):
            out += self.option_rows(name, doc['options'][name])
        if doc.get('notes'):
            out += ['', 'Notes', '-----', '', '.. note::']
            out += ['   - ' + self.markup(note, '     ').lstrip() for note in doc['notes']]
        if doc.get('seealso'):
            out += ['', 'See Also', '--------', '', '.. seealso::', '']
            for item in doc['seealso']:
                module = item['module']
                out += ['   :ref:`%s <ansible_collections.%s_module>`' % (rst_escape(module), module)]
                if item.get('description'):
                    out += ['       ' + self.markup(item['description'])]
        out += ['', 'Examples', '--------', '', '.. code-block:: yaml+jinja', '']
        out += [('    ' + line) if line.strip() else '' for line in self.examples.strip('\n').splitlines()]
        out += ['', 'Authors', '~~~~~~~', '']
        out += ['- %s' % rst_escape(author) for author in doc.get('author') or []]
        return '\n'.join(out) + '\n'

    def option_rows(self, name, spec):
        anchor = 'parameter-%s' % name
        kind = ':ansible-option-type:`%s`' % TYPE_NAMES[spec['type']]
        if spec.get('elements'):
            kind += ' / :ansible-option-elements:`elements=%s`' % TYPE_NAMES[spec['elements']]
        if spec.get('required'):
            kind += ' / :ansible-option-required:`required`'
        rows = ['  * - .. raw:: html', '', '        <div class="ansible-option-cell">',
                '        <div class="ansibleOptionAnchor" id="%s"></div>' % anchor, '',
                '      .. _%s__parameter-%s:' % (self.option_label, name), '', '      .. rst-class:: ansible-option-title', '',
                '      **%s**' % name, '', '      .. raw:: html', '',
                '        <a class="ansibleOptionLink" href="#%s" title="Permalink to this option"></a>' % anchor, '',
                '      .. ansible-option-type-line::', '', '        ' + kind, '']
        if spec.get('version_added'):
            rows += ['      :ansible-option-versionadded:`added in %s %s`' % (self.collection, spec['version_added']), '']
        rows += ['      .. raw:: html', '', '        </div>', '', '    - .. raw:: html', '',
                 '        <div class="ansible-option-cell">', '']
        description = spec['description'] if isinstance(spec['description'], list) else [spec['description']]
        rows += [self.markup(paragraph, '      ') + '\n' for paragraph in description]
        for variable in spec.get('env') or []:
            rows += ['      Environment variable: :ansenvvar:`%s`' % rst_escape(variable['name']), '']
        rows += self.choices_and_default(spec)
        rows += ['      .. raw:: html', '', '        </div>', '']
        return rows

    @staticmethod
    def choices_and_default(spec):
        choices = spec.get('choices') or ([False, True] if spec['type'] == 'bool' else None)
        default = spec.get('default')
        defaults = default if isinstance(default, list) else [default]
        rows = []
        if choices:
            rows += ['      .. rst-class:: ansible-option-line', '', '      :ansible-option-choices:`Choices:`', '']
            for choice in choices:
                value = rst_escape(json.dumps(choice))
                if 'default' in spec and choice in defaults:
                    rows.append('      - :ansible-option-choices-entry-default:`%s` '
                                ':ansible-option-choices-default-mark:`← (default)`' % value)
                else:
                    rows.append('      - :ansible-option-choices-entry:`%s`' % value)
            rows.append('')
        if 'default' in spec and not (choices and spec['type'] == 'bool'):
            rows += ['      .. rst-class:: ansible-option-line', '',
                     '      :ansible-option-default-bold:`Default:` :ansible-option-default:`%s`'
                     % rst_escape(json.dumps(default)), '']
        return rows


def index_part(collection, pages):
    """The "Event Sources" part of the plugin index, after the plugin types antsibull-docs listed."""
    lines = ['', '.. _event_source_plugins_in_%s:' % collection, '', 'Event Sources', '~~~~~~~~~~~~~', '']
    for page in pages:
        lines.append('* :ref:`%s event source <%s>` -- %s' % (
            page.doc['name'], page.label, rst_escape(page.doc['short_description'])))
    lines += ['', '.. toctree::', '    :maxdepth: 1', '    :hidden:', '']
    lines += ['    %s_event_source' % page.doc['name'] for page in pages]
    return '\n'.join(lines) + '\n'


def main(collection_root, rst_dir):
    with open(os.path.join(collection_root, 'galaxy.yml'), encoding='utf-8') as handle:
        galaxy = yaml.safe_load(handle)
    collection = '%s.%s' % (galaxy['namespace'], galaxy['name'])
    source_dir = os.path.join(collection_root, SOURCE_DIR)
    pages = []
    for entry in sorted(os.listdir(source_dir)):
        if entry.endswith('.py') and not entry.startswith('_'):
            doc, examples = load(collection_root, os.path.join(source_dir, entry))
            pages.append(Page(collection, galaxy['version'], doc, examples))
    for page in pages:
        with open(os.path.join(rst_dir, '%s_event_source.rst' % page.doc['name']), 'w', encoding='utf-8') as out:
            out.write(page.render())
    if pages:
        with open(os.path.join(rst_dir, 'index.rst'), 'a', encoding='utf-8') as out:
            out.write(index_part(collection, pages))
    return pages


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    try:
        for written in main(sys.argv[1], sys.argv[2]):
            print('event source page: %s_event_source.rst' % written.doc['name'])
    except DocsError as error:
        sys.exit('docs: %s' % error)
