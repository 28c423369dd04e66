# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sl_ticket_download end to end over the emulated account: what lands in dest, and what it costs in calls."""

from __future__ import annotations

import json
import os
import stat

import pytest

from ansible_collections.softlayer.support.plugins.modules import sl_ticket_download

LISTING = 'SoftLayer_Ticket::getAttachedFiles'
FETCH = 'SoftLayer_Ticket::getAttachedFile'
DMESG = b'[    0.000000] Linux version 6.1\n' * 20
SMART = bytes(range(256)) * 3


@pytest.fixture
def ticket(emulated_api):
    """A ticket with two files: (ticket id, {name: attachment id})."""
    ticket_id = emulated_api.add_ticket('Disk failure on db02')
    ids = {'dmesg.txt': emulated_api.attach_file(ticket_id, 'dmesg.txt', DMESG),
           'smart.log': emulated_api.attach_file(ticket_id, 'smart.log', SMART)}
    return ticket_id, ids


@pytest.fixture
def download(run_module, emulated_api, tmp_path):
    """Run the module for ``ticket_id`` into ``tmp_path/dest`` (or ``dest``); the SDK's call log starts empty."""
    def runner(ticket_id, dest=None, **args):
        emulated_api.sdk.calls.clear()
        return run_module(sl_ticket_download, dict({'ticket_id': ticket_id, 'dest': dest or str(tmp_path / 'dest')}, **args),
                          sdk=emulated_api.sdk)
    return runner


def tree(folder):
    """{relative path: bytes} of every file under ``folder`` (the record included)."""
    found = {}
    for root, _dirs, files in os.walk(str(folder)):
        for name in files:
            path = os.path.join(root, name)
            with open(path, 'rb') as handle:
                found[os.path.relpath(path, str(folder))] = handle.read()
    return found


def actions(outcome):
    return {f['name']: f['action'] for f in outcome.result['files']}


def test_first_run_writes_every_file_with_one_call_each_plus_the_listing(download, emulated_api, ticket, tmp_path):
    ticket_id, ids = ticket
    outcome = download(ticket_id)
    assert not outcome.failed and outcome.result['changed'] is True
    dest = tmp_path / 'dest'
    assert outcome.result['files'] == [
        {'attachment_id': ids['dmesg.txt'], 'name': 'dmesg.txt', 'path': str(dest / 'dmesg.txt'), 'size': len(DMESG),
         'action': 'added', 'changed': True, 'fetched': True},
        {'attachment_id': ids['smart.log'], 'name': 'smart.log', 'path': str(dest / 'smart.log'), 'size': len(SMART),
         'action': 'added', 'changed': True, 'fetched': True}]
    written = tree(dest)
    assert (written['dmesg.txt'], written['smart.log']) == (DMESG, SMART)
    assert sorted(written) == ['.sl_ticket_download.json', 'dmesg.txt', 'smart.log']   # no temporary file left
    assert emulated_api.sdk.methods_called() == [LISTING, FETCH, FETCH]
    assert emulated_api.writes() == []
    assert outcome.result['dest'] == str(dest) and outcome.result['ticket_id'] == ticket_id
    assert 'diff' not in outcome.result


def test_rerun_changes_nothing_and_makes_only_the_listing_call(download, emulated_api, ticket, tmp_path):
    ticket_id, _ids = ticket
    download(ticket_id)
    before = {name: os.stat(str(tmp_path / 'dest' / name)).st_mtime_ns for name in ('dmesg.txt', 'smart.log')}
    again = download(ticket_id)
    assert again.result['changed'] is False
    assert actions(again) == {'dmesg.txt': 'unchanged', 'smart.log': 'unchanged'}
    assert [f['fetched'] for f in again.result['files']] == [False, False]
    assert emulated_api.sdk.methods_called() == [LISTING]
    assert {name: os.stat(str(tmp_path / 'dest' / name)).st_mtime_ns for name in before} == before


def test_check_mode_writes_nothing_and_predicts_the_real_run(download, emulated_api, ticket, tmp_path):
    ticket_id, _ids = ticket
    checked = download(ticket_id, _ansible_check_mode=True, _ansible_diff=True)
    assert checked.result['changed'] is True
    assert not (tmp_path / 'dest').exists()
    assert emulated_api.sdk.methods_called() == [LISTING]   # a missing file needs no content to be predicted
    assert checked.result['diff'] == {
        'before': {'dest': 'absent'},
        'after': {'dest': 'directory', 'dmesg.txt': '%d bytes (attachment %d)' % (len(DMESG), ticket[1]['dmesg.txt']),
                  'smart.log': '%d bytes (attachment %d)' % (len(SMART), ticket[1]['smart.log'])}}
    real = download(ticket_id, _ansible_diff=True)
    assert real.result['diff'] == checked.result['diff']
    assert [dict(f, fetched=None) for f in real.result['files']] == [dict(f, fetched=None) for f in checked.result['files']]
    rechecked = download(ticket_id, _ansible_check_mode=True, _ansible_diff=True)
    assert rechecked.result['changed'] is False and rechecked.result['diff'] == {'before': {}, 'after': {}}


def test_a_local_edit_of_the_same_size_is_found_and_replaced(download, emulated_api, ticket, tmp_path):
    ticket_id, ids = ticket
    download(ticket_id)
    path = tmp_path / 'dest' / 'dmesg.txt'
    path.write_bytes(b'X' * len(DMESG))
    checked = download(ticket_id, _ansible_check_mode=True, _ansible_diff=True)
    assert actions(checked) == {'dmesg.txt': 'replaced', 'smart.log': 'unchanged'}
    assert checked.result['diff']['before'] == {'dmesg.txt': '%d bytes' % len(DMESG)}
    assert emulated_api.sdk.methods_called() == [LISTING, FETCH]   # compared in check mode too
    assert path.read_bytes() == b'X' * len(DMESG)
    real = download(ticket_id)
    assert actions(real) == {'dmesg.txt': 'replaced', 'smart.log': 'unchanged'}
    assert path.read_bytes() == DMESG
    assert emulated_api.sdk.calls[1]['args'] == (ids['dmesg.txt'],)


def test_a_file_of_another_size_is_replaced_without_a_compare(download, emulated_api, ticket, tmp_path):
    ticket_id, _ids = ticket
    download(ticket_id)
    (tmp_path / 'dest' / 'smart.log').write_bytes(b'truncated')
    outcome = download(ticket_id, names=['smart.log'])
    assert actions(outcome) == {'smart.log': 'replaced'}
    assert (tmp_path / 'dest' / 'smart.log').read_bytes() == SMART
    assert emulated_api.sdk.methods_called() == [LISTING, FETCH]


def test_without_the_record_same_files_are_fetched_once_compared_and_not_rewritten(download, emulated_api, ticket, tmp_path):
    ticket_id, _ids = ticket
    dest = tmp_path / 'dest'
    dest.mkdir()
    (dest / 'dmesg.txt').write_bytes(DMESG)
    (dest / 'smart.log').write_bytes(SMART)
    first = download(ticket_id)
    assert first.result['changed'] is False and actions(first) == {'dmesg.txt': 'unchanged', 'smart.log': 'unchanged'}
    assert emulated_api.sdk.methods_called() == [LISTING, FETCH, FETCH]
    record = json.loads((dest / '.sl_ticket_download.json').read_text())
    assert sorted(record['files']) == ['dmesg.txt', 'smart.log']
    again = download(ticket_id)
    assert again.result['changed'] is False and emulated_api.sdk.methods_called() == [LISTING]
    (dest / '.sl_ticket_download.json').write_text('not json')
    lost = download(ticket_id)
    assert lost.result['changed'] is False and emulated_api.sdk.methods_called() == [LISTING, FETCH, FETCH]


def test_names_select_files_by_name_and_pattern(download, emulated_api, ticket, tmp_path):
    ticket_id, _ids = ticket
    outcome = download(ticket_id, names=['*.log'])
    assert actions(outcome) == {'smart.log': 'added'}
    assert sorted(tree(tmp_path / 'dest')) == ['.sl_ticket_download.json', 'smart.log']
    assert emulated_api.sdk.methods_called() == [LISTING, FETCH]


def test_a_misspelt_name_fails_naming_the_option_before_anything_is_written(download, emulated_api, ticket, tmp_path):
    ticket_id, _ids = ticket
    outcome = download(ticket_id, names=['dmesg.log'])
    assert outcome.failed and outcome.result['option'] == 'names'
    assert outcome.result['msg'] == "names: ticket %d has no file named 'dmesg.log'; its files: 'dmesg.txt', 'smart.log'" % ticket_id
    assert not (tmp_path / 'dest').exists()
    assert emulated_api.sdk.methods_called() == [LISTING]


def test_hostile_names_never_write_outside_dest(download, emulated_api, tmp_path):
    ticket_id = emulated_api.add_ticket('Hostile names')
    # NUL cannot travel in XML-RPC (nor in XML at all), so it is tested on names alone (test_names.py);
    # a tab and a line break are control characters XML does carry.
    hostile = ['../../etc/passwd', '/abs/path', 'a\tb', 'line\nbreak', '..', '.', 'sub/dir/x', '..\\..\\boot.ini', 'x', 'X',
               '.sl_ticket_download.json', 'dest/../../escape', '..\u2215escape', 'passwd']
    for index, name in enumerate(hostile):
        emulated_api.attach_file(ticket_id, name, b'content %d' % index)
    dest = tmp_path / 'inner' / 'dest'
    outcome = download(ticket_id, dest=str(dest))
    assert not outcome.failed, outcome.result
    assert sorted(os.listdir(str(tmp_path))) == ['inner'] and os.listdir(str(tmp_path / 'inner')) == ['dest']
    paths = [f['path'] for f in outcome.result['files']]
    assert all(os.path.dirname(p) == str(dest) for p in paths)
    assert len(set(p.casefold() for p in paths)) == len(hostile)
    local = {f['name']: os.path.basename(f['path']) for f in outcome.result['files']}
    ids = {f['name']: f['attachment_id'] for f in outcome.result['files']}
    assert local['../../etc/passwd'] == 'passwd' and local['passwd'] == 'passwd-%d' % ids['passwd']
    assert local['/abs/path'] == 'path' and local['a\tb'] == 'a_b' and local['line\nbreak'] == 'line_break' and local['sub/dir/x'] == 'x'
    assert local['..'] == 'attachment-%d' % ids['..'] and local['.'] == 'attachment-%d' % ids['.']
    assert local['x'] == 'x-%d' % ids['x'] and local['X'] == 'X-%d' % ids['X']
    assert local['.sl_ticket_download.json'] == 'sl_ticket_download.json'
    written = tree(dest)
    assert len(written) == len(hostile) + 1
    assert all(written[os.path.basename(p)] == b'content %d' % i for i, p in enumerate(paths))
    again = download(ticket_id, dest=str(dest))
    assert again.result['changed'] is False and emulated_api.sdk.methods_called() == [LISTING]


def test_a_symbolic_link_at_a_name_is_replaced_never_followed(download, emulated_api, ticket, tmp_path):
    ticket_id, _ids = ticket
    dest = tmp_path / 'dest'
    dest.mkdir()
    target = tmp_path / 'outside.txt'
    target.write_bytes(b'keep me')
    target.chmod(0o705)
    os.symlink(str(target), str(dest / 'dmesg.txt'))
    outcome = download(ticket_id)
    assert actions(outcome)['dmesg.txt'] == 'replaced'
    assert target.read_bytes() == b'keep me' and stat.S_IMODE(target.stat().st_mode) == 0o705
    assert not os.path.islink(str(dest / 'dmesg.txt')) and (dest / 'dmesg.txt').read_bytes() == DMESG
    # Nothing of the link's target passes to the new file: it gets the mode of a file that was absent.
    assert stat.S_IMODE((dest / 'dmesg.txt').stat().st_mode) == stat.S_IMODE((dest / 'smart.log').stat().st_mode)


def test_a_directory_at_a_name_fails_naming_dest(download, ticket, tmp_path):
    ticket_id, _ids = ticket
    (tmp_path / 'dest' / 'smart.log').mkdir(parents=True)
    outcome = download(ticket_id)
    assert outcome.failed and outcome.result['option'] == 'dest'
    assert 'is a directory, so file' in outcome.result['msg']


def test_dest_that_is_a_file_fails_naming_dest(download, ticket, tmp_path):
    (tmp_path / 'dest').write_text('x')
    outcome = download(ticket[0])
    assert outcome.failed and outcome.result['option'] == 'dest' and 'is not a directory' in outcome.result['msg']


def test_mode_applies_to_new_and_unchanged_files(download, ticket, tmp_path):
    ticket_id, _ids = ticket
    first = download(ticket_id, mode='0600')
    assert first.result['changed'] is True
    assert stat.S_IMODE(os.stat(str(tmp_path / 'dest' / 'dmesg.txt')).st_mode) == 0o600
    same = download(ticket_id, mode='0600')
    assert same.result['changed'] is False
    checked = download(ticket_id, mode='0640', _ansible_check_mode=True)
    assert checked.result['changed'] is True and actions(checked) == {'dmesg.txt': 'unchanged', 'smart.log': 'unchanged'}
    assert stat.S_IMODE(os.stat(str(tmp_path / 'dest' / 'dmesg.txt')).st_mode) == 0o600
    changed = download(ticket_id, mode='0640')
    assert changed.result['changed'] is True and [f['changed'] for f in changed.result['files']] == [True, True]
    assert stat.S_IMODE(os.stat(str(tmp_path / 'dest' / 'smart.log')).st_mode) == 0o640


def test_an_unknown_ticket_fails_naming_ticket_id(download, emulated_api):
    outcome = download(999999999)
    assert outcome.failed and outcome.result['option'] == 'ticket_id'
    assert outcome.result['msg'] == 'ticket 999999999 was not found on this account'


@pytest.mark.parametrize('ticket_id', [0, -5])
def test_a_ticket_id_that_is_no_number_is_refused_before_any_call(download, emulated_api, ticket_id):
    outcome = download(ticket_id)
    assert outcome.failed and outcome.result['option'] == 'ticket_id'
    assert emulated_api.sdk.calls == []


def test_content_of_another_size_than_listed_fails_and_writes_nothing_for_it(download, emulated_api, tmp_path):
    ticket_id = emulated_api.add_ticket('Short answer')
    emulated_api.attach_file(ticket_id, 'a.txt', b'complete')
    short = emulated_api.attach_file(ticket_id, 'b.txt', b'abc', listed_size=10)
    outcome = download(ticket_id)
    assert outcome.failed
    assert "file 'b.txt' (attachment %d): the API sent 3 bytes, its listing says 10" % short in outcome.result['msg']
    assert sorted(os.listdir(str(tmp_path / 'dest'))) == ['a.txt']   # the file before it stays, complete


def test_a_file_gone_from_the_store_fails_with_the_api_text(download, emulated_api, tmp_path):
    ticket_id = emulated_api.add_ticket('Gone')
    gone = emulated_api.attach_file(ticket_id, 'gone.txt', b'lost', stored=False)
    outcome = download(ticket_id)
    assert outcome.failed and outcome.result['fault_code'] == 'SoftLayer_Exception'
    assert outcome.result['msg'] == ("download file 'gone.txt' (attachment %d) of ticket %d failed: File does not exist: "
                                     "file not found. [SoftLayer_Exception]" % (gone, ticket_id))


def test_a_closed_tickets_files_are_downloaded(download, emulated_api, tmp_path):
    ticket_id = emulated_api.add_ticket('Closed with a file', status='Closed')
    emulated_api.attach_file(ticket_id, 'final.log', b'done')
    outcome = download(ticket_id)
    assert actions(outcome) == {'final.log': 'added'} and (tmp_path / 'dest' / 'final.log').read_bytes() == b'done'


def test_a_ticket_without_files_changes_nothing_and_creates_no_folder(download, emulated_api, tmp_path):
    outcome = download(emulated_api.add_ticket('No files'))
    assert outcome.result['changed'] is False and outcome.result['files'] == []
    assert not (tmp_path / 'dest').exists()
