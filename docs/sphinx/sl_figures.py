# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sphinx extension: measured figures, tables, plots and diagrams from the repository, never typed by hand.

* ``:fig:`name``` quotes one figure of the committed data (benchmarks/figures.py ``figures``);
* ``.. fig-table:: name`` shows a table of it (``tables``);
* ``.. plot:: name`` draws a plot from it with matplotlib (benchmarks/plots.py) into the build;
* ``.. diagram:: name`` renders docs/diagrams/NAME.dot with Graphviz (sphinx.ext.graphviz).

An unknown name, a data file that is missing or broken, or a plot that cannot be drawn is a
build error (docs/build.sh runs Sphinx with -W). On the pages listed in ``sl_figure_pages`` a
digit in the text outside these roles and directives (and outside code) is an error too: every
figure there comes from the data. The only digits allowed there are those ``sl_figure_given``
(conf.py) matches: numbers that are no measurement (versions, option defaults, HTTP codes, names).
Counts in words ("one call") are checked by tests/unit/plugins/test_documented_figures.py. The retry timeline is recomputed from RetryPolicy, and the
build fails when the committed docs/data/retry-timeline.json no longer matches it.
"""

from __future__ import annotations

import json
import os
import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.ext.graphviz import figure_wrapper, graphviz
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from benchmarks import figures as measured
from benchmarks import plots, retry_timeline

LOG = logging.getLogger(__name__)
DIGIT = re.compile(r'\d')
FIGURE_CLASS = 'sl-measured'


def _data(env):
    """The committed data, read once per build (a broken file is reported once, where it is first needed)."""
    if not hasattr(env, 'sl_figures_data'):
        env.sl_figures_data = measured.Data(env.config.sl_data_dir)
    return env.sl_figures_data


class FigureRole(SphinxRole):
    """``:fig:`name```: the figure's text, marked as measured."""

    def run(self):
        try:
            text = measured.figures(_data(self.env))[self.text]
        except KeyError as error:
            message = 'no measured figure %r: %s' % (self.text, error)
            return [], [self.inliner.reporter.error(message, line=self.lineno)]
        except (OSError, ValueError) as error:
            return [], [self.inliner.reporter.error('the data of the figures cannot be read: %s' % error,
                                                    line=self.lineno)]
        return [nodes.inline(text, text, classes=[FIGURE_CLASS])], []


class FigureTable(SphinxDirective):
    """``.. fig-table:: name``: a table built from the data."""

    required_arguments = 1

    def run(self):
        name = self.arguments[0]
        try:
            header, rows = measured.tables(_data(self.env))[name]()
        except (KeyError, OSError, ValueError, StopIteration) as error:
            raise self.error('fig-table %s: %s' % (name, error)) from None
        return [_table(header, rows)]


def _table(header, rows):
    table = nodes.table(classes=[FIGURE_CLASS])
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=1) for unused_column in header]
    head = nodes.thead()
    body = nodes.tbody()
    group += head
    group += body
    for target, cells in ((head, [header]), (body, rows)):
        for cells_of_row in cells:
            row = nodes.row()
            for cell in cells_of_row:
                entry = nodes.entry()
                entry += nodes.paragraph(str(cell), str(cell))
                row += entry
            target += row
    return table


class Plot(SphinxDirective):
    """``.. plot:: name`` with ``:alt:`` and a caption as content: the plot drawn from the data, as SVG."""

    required_arguments = 1
    has_content = True
    option_spec = {'alt': directives.unchanged_required}

    def run(self):
        name = self.arguments[0]
        if name not in plots.PLOTS:
            raise self.error('no plot %r (benchmarks/plots.py PLOTS: %s)' % (name, ', '.join(sorted(plots.PLOTS))))
        folder = os.path.join(self.env.srcdir, '_plots')
        os.makedirs(folder, exist_ok=True)
        try:
            plots.draw(name, os.path.join(folder, name + '.svg'), _data(self.env))
        except Exception as error:  # pylint: disable=broad-except
            raise self.error('plot %s could not be drawn from %s: %s: %s' % (
                name, self.config.sl_data_dir, type(error).__name__, error)) from None
        image = nodes.image(uri='/_plots/%s.svg' % name, alt=self.options.get('alt', name), classes=[FIGURE_CLASS])
        figure = nodes.figure('', image, classes=[FIGURE_CLASS])
        if self.content:
            caption = nodes.caption()
            caption_nodes, messages = self.state.inline_text(' '.join(self.content), self.lineno)
            caption += caption_nodes
            figure += caption
            return [figure] + messages
        return [figure]


class Diagram(SphinxDirective):
    """``.. diagram:: name`` with ``:alt:`` and a caption as content: docs/diagrams/NAME.dot, by Graphviz."""

    required_arguments = 1
    has_content = True
    option_spec = {'alt': directives.unchanged_required}

    def run(self):
        path = os.path.join(self.config.sl_diagram_dir, self.arguments[0] + '.dot')
        try:
            with open(path, encoding='utf-8') as handle:
                code = handle.read()
        except OSError as error:
            raise self.error('diagram %s: %s' % (self.arguments[0], error)) from None
        self.env.note_dependency(path)
        node = graphviz()
        node['code'] = code
        node['options'] = {'docname': self.env.docname}
        node['alt'] = self.options.get('alt', self.arguments[0])
        node['classes'] = [FIGURE_CLASS]
        if not self.content:
            return [node]
        figure = figure_wrapper(self, node, ' '.join(self.content))
        figure['classes'].append(FIGURE_CLASS)
        return [figure]


def _inside_measured(node):
    while node is not None:
        if isinstance(node, (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.target,
                             nodes.system_message, nodes.problematic)):
            return True
        if FIGURE_CLASS in node.get('classes', ()) if isinstance(node, nodes.Element) else False:
            return True
        node = node.parent
    return False


def typed_digits(text, given):
    """The text (blanks collapsed) without what the ``given`` patterns match: a digit left is a figure typed by hand."""
    text = ' '.join(text.split())
    for pattern in given:
        text = re.sub(pattern, ' ', text)
    return DIGIT.search(text)


def no_typed_figures(app, doctree):
    """On the figure pages, every digit comes from the data (roles, tables, plots), is code, or is given."""
    docname = app.env.docname
    if docname.split('/')[-1] not in app.config.sl_figure_pages:
        return
    for text in doctree.findall(nodes.Text):
        if typed_digits(text.astext(), app.config.sl_figure_given) and not _inside_measured(text.parent):
            LOG.warning('a figure typed by hand: %r; quote it from the data (:fig:`name`, benchmarks/figures.py)',
                        text.astext().strip()[:80], location=text.parent)


def retry_data_current(app):
    """The committed retry timeline is the policy's: fail the build when retries.py changed without it."""
    path = os.path.join(app.config.sl_data_dir, 'retry-timeline.json')
    with open(path, encoding='utf-8') as handle:
        committed = json.load(handle)
    if committed != json.loads(json.dumps(retry_timeline.document())):
        LOG.warning('%s no longer matches RetryPolicy (plugins/module_utils/api/retries.py): run '
                    'python -m benchmarks.retry_timeline --record', path)


def setup(app):
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
    app.add_config_value('sl_data_dir', os.path.join(root, 'data'), 'env')
    app.add_config_value('sl_diagram_dir', os.path.join(root, 'diagrams'), 'env')
    app.add_config_value('sl_figure_pages', (), 'env')
    app.add_config_value('sl_figure_given', (), 'env')
    app.setup_extension('sphinx.ext.graphviz')
    app.add_role('fig', FigureRole())
    app.add_directive('fig-table', FigureTable)
    app.add_directive('plot', Plot)
    app.add_directive('diagram', Diagram)
    app.connect('doctree-read', no_typed_figures)
    app.connect('builder-inited', retry_data_current)
    return {'version': '1.0', 'parallel_read_safe': True, 'parallel_write_safe': True}
