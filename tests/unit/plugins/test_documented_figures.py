# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every "N calls" / "N round trips" the collection's documentation says is the measured one.

The plugins' DOCUMENTATION, EXAMPLES and RETURN are plain text (ansible-doc shows them; no Sphinx role
runs there), and so is README.md; the guides quote measured figures with ``:fig:`` but may still say a
count in words. This test finds every count of calls or round trips in all of them (digits and number
words) and checks it against the committed data (docs/data, read through benchmarks/figures.py) by the
table FIGURES below: a count the table does not name fails, and so does a count that is not the figure
its row names. A row that names no figure (RULE) is a rule of the code, not a measurement (one call per
page, one call per file): say which, so that a reader of the table can judge it.

The same holds for the seconds and sends of one hung call (TIMES): every "N sends" the plain text says is
in a row there, and each number of the row is the retry timeline's (docs/data/retry-timeline.json).
"""

from __future__ import annotations

import ast
import pathlib
import re

import pytest

from ansible_collections.softlayer.support.benchmarks import figures as measured

ROOT = pathlib.Path(__file__).resolve().parents[3]
NUMBERS = ('one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve')
# A count, up to two words (API, more, filtered list, Case Management), then what is counted.
COUNT = re.compile(r'\b(\d+|%s)((?:\s+[A-Za-z][A-Za-z-]*){0,2}?)\s+(calls?|round[ -]trips?)\b' % '|'.join(NUMBERS),
                   re.IGNORECASE)
DOC_VARIABLES = ('DOCUMENTATION', 'EXAMPLES', 'RETURN')


class Rule:
    """A count that the code sets, not one that is measured."""

    def __init__(self, why):
        self.why = why


PER_PAGE = Rule('one call per page: the paging rule (api/client.py DEFAULT_PAGE_SIZE, page_size), pinned by the unit '
                'tests of each query')
PER_ITEM = Rule('one call per item (file, comment, host): the shape of the API, which has no call for several')
ONE_HUNG_CALL = Rule('"one call" as in a single call: what one call to a dead API can cost, not a count')
DEFINITION = Rule('what a round trip is, not a count')
EXAMPLE = Rule('an example of output, not a figure')

# (file, words around the count with # for it, the figure it must be, or a Rule). The words are matched with the
# file's whitespace collapsed, # standing for any count; every count in the file must lie inside exactly one row's.
FIGURES = [
    ('plugins/doc_fragments/connection.py', 'so # call to an API that never answers', ONE_HUNG_CALL),
    ('plugins/modules/ibm_case.py', 'A re-run that changes nothing makes # Case Management call', 's7.case_rerun.api_calls'),
    ('plugins/modules/ibm_case.py', 'a re-run with nothing to do makes # Case Management call', 's7.case_rerun.api_calls'),
    ('plugins/modules/ibm_case.py', 'then # call per file and for the comment', PER_ITEM),
    ('plugins/modules/ibm_case_info.py', '# more call per 100 cases', PER_PAGE),
    ('plugins/modules/sl_ticket.py', 'opens a ticket in # round trip less', 's7.cache.round_trips_saved'),
    ('plugins/modules/sl_ticket.py', 'a run with nothing to do makes # calls', 's7.rerun.calls'),
    ('plugins/modules/sl_ticket.py', 'calls in # round trip (', 's7.rerun.round_trips'),
    ('plugins/modules/sl_ticket.py', '(# call with O(ticket_id))', 's7.by_id_rerun.calls'),
    ('plugins/modules/sl_ticket.py', 'one device and an update makes # calls', 's7.open_cold.calls'),
    ('plugins/modules/sl_ticket.py', 'calls in # round trips: two searches', 's7.open_cold.round_trips'),
    ('plugins/modules/sl_ticket.py', 'it is # calls in', 's7.open_warm.calls'),
    ('plugins/modules/sl_ticket.py', 'calls in # round trips: the device', 's7.open_warm.round_trips'),
    ('plugins/modules/sl_ticket_download.py', "lists the ticket's files with # API call", 's7.download_rerun.calls'),
    ('plugins/modules/sl_ticket_download.py', '# call each', PER_ITEM),
    ('plugins/modules/sl_ticket_info.py', 'read with # filtered list call per O(page_size) ids', PER_PAGE),
    ('plugins/modules/sl_ticket_info.py', 'not # call per ticket', PER_ITEM),
    ('plugins/modules/sl_ticket_info.py', 'Costs # extra call to read the subject', 's7.subjects.calls'),
    ('plugins/modules/sl_ticket_info.py', "from the API's own counts, in # calls made at once", 'events.summary_calls'),
    ('plugins/modules/sl_ticket_info.py', 'and waiting on us (# calls)', 'events.summary_calls'),
    ('plugins/modules/sl_ticket_info.py', 'takes # call per O(page_size) open tickets', PER_PAGE),
    ('plugins/modules/sl_ticket_info.py', 'would take at least # call per host', PER_ITEM),
    ('plugins/modules/sl_ticket_subject_info.py', 'Reads the subjects with # API call', 's7.subjects.calls'),
    ('extensions/eda/plugins/event_source/sl_ticket_events.py', 'A poll that finds nothing new costs # API call',
     'events.idle_calls'),
    ('extensions/eda/plugins/event_source/sl_ticket_events.py', 'a poll with changes # call per O(page_size)', PER_PAGE),
    ('extensions/eda/plugins/event_source/sl_ticket_events.py', 'A held ticket costs # more API call per poll', PER_ITEM),
    # The guides quote measured counts with :fig:; what they say in words is a rule.
    ('docs/docsite/rst/identity_and_idempotency.rst', 'then # call per device', PER_ITEM),
    ('docs/docsite/rst/performance.rst', 'count as # round trip', DEFINITION),
    ('docs/docsite/rst/performance.rst', '# call per page of devices', PER_PAGE),
    ('docs/docsite/rst/react_to_support.rst', 'a held ticket costs # more call per poll', PER_ITEM),
    ('docs/docsite/rst/react_to_support.rst', 'a poll with changes costs # call per ``page_size``', PER_PAGE),
    ('docs/docsite/rst/react_to_support.rst', 'plus # call per ``page_size`` open tickets', PER_PAGE),
    ('docs/docsite/rst/recipes.rst', 'at least # API call per host', PER_ITEM),
    ('docs/docsite/rst/reliability.rst', '# call to an API that never answers', ONE_HUNG_CALL),
    ('docs/docsite/rst/reliability.rst', '# hung call therefore', ONE_HUNG_CALL),
    ('docs/docsite/rst/reliability.rst', 'of # hung call against', ONE_HUNG_CALL),
    ('docs/docsite/rst/reliability.rst', '# hung call, computed', ONE_HUNG_CALL),
    ('docs/docsite/rst/support_center_cases.rst', '# more call per page of cases', PER_PAGE),
    ('docs/docsite/rst/troubleshooting.rst', '[WARNING]: # API calls had to be retried', EXAMPLE),
]


# (file, words with # for each number, for each # the figures it must equal) for the hung call's seconds and sends.
TIMES = [
    ('plugins/doc_fragments/connection.py', 'ends after # to # seconds (# sends) with the default',
     (('retry.60.shortest.end',), ('retry.60.longest.end',), ('retry.60.shortest.sends', 'retry.60.longest.sends'))),
    ('plugins/doc_fragments/connection.py', 'after # to # seconds (# sends) with O(timeout=2)',
     (('retry.2.shortest.end',), ('retry.2.longest.end',), ('retry.2.shortest.sends', 'retry.2.longest.sends'))),
]
SENDS = re.compile(r'\b(?:\d+|%s) sends?\b' % '|'.join(NUMBERS), re.IGNORECASE)


def documented_text(path):
    """What a user reads of the file: the DOCUMENTATION, EXAMPLES and RETURN of a plugin, or the whole Markdown/RST."""
    if path.suffix != '.py':
        return path.read_text(encoding='utf-8')
    texts = []
    for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str) \
                and any(isinstance(target, ast.Name) and target.id in DOC_VARIABLES for target in node.targets):
            texts.append(node.value.value)
    return '\n'.join(texts)


def documented_files():
    files = sorted(ROOT.glob('plugins/**/*.py')) + sorted(ROOT.glob('extensions/eda/plugins/**/*.py'))
    files += [ROOT / 'README.md'] + sorted(ROOT.glob('docs/docsite/rst/*.rst'))
    return [path for path in files if COUNT.search(documented_text(path))]


def pattern_of(words):
    """The row's words as a pattern: # is any count."""
    return re.escape(words).replace(re.escape('#'), r'(?i:\d+|%s)' % '|'.join(NUMBERS))


def value(number):
    return NUMBERS.index(number.lower()) + 1 if number.lower() in NUMBERS else int(number)


def disagreements(relative, text, rows, named):
    """Every count in ``text`` that no row covers, or that is not its row's figure (messages)."""
    text = ' '.join(text.split())
    spans = []
    for words, figure in rows:
        found = [(match.start(), match.end()) for match in re.finditer(pattern_of(words), text)]
        if not found:
            yield '%s no longer says %r: update its row in FIGURES' % (relative, words)
        spans += [(start, end, words, figure) for start, end in found]
    for match in COUNT.finditer(text):
        covering = [span for span in spans if span[0] <= match.start() and match.end() <= span[1]]
        if len(covering) != 1:
            yield '%s says %r (%s): %s' % (relative, match.group(0), text[max(0, match.start() - 60):match.end() + 20],
                                           'no row of FIGURES names it: quote a measured figure (add it to '
                                           'benchmarks/figures.py) and add a row' if not covering else
                                           'rows %s overlap' % [span[2] for span in covering])
            continue
        figure = covering[0][3]
        if isinstance(figure, Rule):
            continue
        if figure not in named:
            yield '%s: %r names no measured figure %r (benchmarks/figures.py)' % (relative, match.group(0), figure)
        elif value(match.group(1)) != int(named[figure].replace(',', '')):
            yield '%s says %r, but the measured figure %s is %s (docs/data)' % (
                relative, match.group(0), figure, named[figure])


@pytest.fixture(scope='module')
def named():
    return measured.figures(measured.Data())


@pytest.mark.parametrize('path', documented_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_documented_count_of_calls_is_the_measured_one(path, named):
    relative = str(path.relative_to(ROOT))
    rows = [(words, figure) for name, words, figure in FIGURES if name == relative]
    assert not list(disagreements(relative, documented_text(path), rows, named))


def test_every_row_names_a_measured_figure_or_a_rule_and_words_its_file_says(named):
    unknown = [(name, words, figure) for name, words, figure in FIGURES if not isinstance(figure, Rule) and figure not in named]
    assert not unknown
    gone = [(name, words) for name, words, unused in FIGURES
            if not re.search(pattern_of(words), ' '.join(documented_text(ROOT / name).split()))]
    assert not gone


def test_a_count_that_is_not_the_measured_one_fails():
    rows = [('nothing to do makes # calls', 's7.rerun.calls')]
    assert list(disagreements('x', 'A run with nothing to do makes two calls.', rows, {'s7.rerun.calls': '2'})) == []
    (wrong,) = disagreements('x', 'A run with nothing to do makes 3 calls.', rows, {'s7.rerun.calls': '2'})
    assert 'measured figure s7.rerun.calls is 2' in wrong


def test_a_count_no_row_names_fails():
    (unnamed,) = disagreements('x', 'Opening takes four round trips.', [], {})
    assert 'no row of FIGURES names it' in unnamed


def time_disagreements(relative, text, rows, named):
    """Every "N sends" in ``text`` that no row covers, and every number of a row that is not its figures' (messages)."""
    text = ' '.join(text.split())
    spans = []
    for words, expected in rows:
        pattern = re.escape(words).replace(re.escape('#'), r'(\d+(?:\.\d+)?)')
        found = list(re.finditer(pattern, text))
        if not found:
            yield '%s no longer says %r: update its row in TIMES' % (relative, words)
        for match in found:
            spans.append((match.start(), match.end()))
            for said, names in zip(match.groups(), expected):
                wrong = [(name, named.get(name)) for name in names
                         if name not in named or float(named[name].split()[0]) != float(said)]
                if wrong:
                    yield '%s says %s in %r, but the retry timeline says %s (docs/data/retry-timeline.json)' % (
                        relative, said, match.group(0), wrong)
    for match in SENDS.finditer(text):
        if not any(start <= match.start() and match.end() <= end for start, end in spans):
            yield '%s says %r: no row of TIMES names it' % (relative, text[max(0, match.start() - 60):match.end()])


@pytest.mark.parametrize('path', sorted(set(row[0] for row in TIMES)))
def test_every_documented_time_of_a_hung_call_is_the_computed_one(path, named):
    rows = [(words, expected) for name, words, expected in TIMES if name == path]
    assert not list(time_disagreements(path, documented_text(ROOT / path), rows, named))


def test_a_hung_call_time_that_is_not_the_computed_one_fails():
    rows = [('after # to # seconds (# sends)', (('a',), ('b',), ('c', 'd')))]
    named = {'a': '17.5 s', 'b': '25.0 s', 'c': '5', 'd': '5'}
    assert not list(time_disagreements('x', 'ends after 17.5 to 25 seconds (5 sends).', rows, named))
    (wrong,) = time_disagreements('x', 'ends after 20 to 25 seconds (5 sends).', rows, named)
    assert "retry timeline says [('a', '17.5 s')]" in wrong
    (unnamed,) = time_disagreements('x', 'A hung call takes 8 sends.', [], named)
    assert 'no row of TIMES names it' in unnamed
