"""Bad input, table-driven: every option of the modules, wrong in every way that applies.

Wrong types, out-of-range values, unknown names, empty strings, huge and non-ASCII
text, missing files. Each case must fail with a message that names the option, and
the emulator's call log must show no write at all (most cases must not even reach
the API; those that need a lookup, such as an unknown subject, only read).

All cases of a module run as the tasks of one play (``ignore_errors`` and the
results callback), so the table costs one ansible-playbook run per module.
"""

import os
import re

import pytest

from conftest import FIGURES, play, run_playbook

HUGE = 'Ü' * 19001                # one more character than SoftLayer takes in one call
NON_ASCII_HOST = 'wéb01'
CLOSED_TICKET = 148350003
UNASSIGNED_TICKET = 148350001
OPEN_TICKET = 148350002
NEW = {'title': 'Bad input probe', 'subject': 'Hardware Issue', 'body': 'probe'}


def files(workdir):
    directory = os.path.join(workdir, 'files')
    os.makedirs(os.path.join(directory, 'other'), exist_ok=True)
    paths = {}
    for name in ('evidence.log', 'other/evidence.log', 'payload.exe'):
        path = os.path.join(directory, name)
        with open(path, 'w', encoding='utf-8') as handle:
            handle.write('data\n')
        paths[name] = path
    paths['dir'] = os.path.join(directory, 'other')
    paths['missing'] = os.path.join(directory, 'no-such-file.log')
    return paths


# (case id, arguments, option the message must name, further text the message must contain or None)
# Arguments may name a file as '{name}' (see files()); each case gets its own title ('Bad input probe N'),
# so a case that wrongly succeeded cannot change what the next one meets.
# Wrong types that Ansible converts to a string by design (a list or dict given for a str option) are
# left out: that is Ansible's documented behaviour, not the modules'.
SL_TICKET = [
    ('ticket_id wrong type', {'ticket_id': 'abc', 'update': 'x'}, 'ticket_id', None),
    ('ticket_id list', {'ticket_id': [OPEN_TICKET], 'update': 'x'}, 'ticket_id', None),
    ('ticket_id unknown', {'ticket_id': 999999999, 'update': 'x'}, 'ticket_id', '999999999'),
    ('ticket_id negative', {'ticket_id': -5, 'update': 'x'}, 'ticket_id', None),
    ('ticket_id closed', {'ticket_id': CLOSED_TICKET, 'update': 'x'}, 'ticket_id', 'Closed'),
    ('neither ticket_id nor title', {'update': 'x'}, 'title', None),
    ('title empty', {'title': '', 'update': 'x'}, 'title', None),
    ('title blank', {'title': '   ', 'update': 'x'}, 'title', None),
    ('subject unknown name', dict(NEW, subject='Hardwre Issue'), 'subject', 'Hardware Issue'),
    ('subject unknown id', dict(NEW, subject='99999'), 'subject', None),
    ('subject non-ASCII', dict(NEW, subject='Hardware Issüe ✓'), 'subject', 'Hardware Issue'),
    ('subject empty', dict(NEW, subject=''), 'subject', None),
    ('subject missing for a new ticket', {'title': 'Bad input probe', 'body': 'b'}, 'subject', None),
    ('body empty', dict(NEW, body=''), 'body', None),
    ('body blank', dict(NEW, body=' \n '), 'body', None),
    ('body missing for a new ticket', {'title': 'Bad input probe', 'subject': 'Hardware Issue'}, 'body', None),
    ('body huge', dict(NEW, body=HUGE), 'body', None),
    ('priority out of range', dict(NEW, priority=7), 'priority', None),
    ('priority zero', dict(NEW, priority=0), 'priority', None),
    ('priority wrong type', dict(NEW, priority='high'), 'priority', None),
    ('notify_user wrong type', dict(NEW, notify_user='perhaps'), 'notify_user', None),
    ('additional_emails invalid', dict(NEW, additional_emails=['not-an-address']), 'additional_emails', None),
    ('additional_emails empty string', dict(NEW, additional_emails=['']), 'additional_emails', None),
    ('additional_emails non-ASCII junk', dict(NEW, additional_emails=['ü@@example.com']), 'additional_emails', None),
    ('additional_emails on unassigned ticket', {'ticket_id': UNASSIGNED_TICKET, 'additional_emails': ['a@example.com']},
     'additional_emails', None),
    ('additional_emails wrong type', dict(NEW, additional_emails={'a': 'b'}), 'additional_emails', None),
    ('hardware unknown', dict(NEW, hardware=['web99']), 'hardware', 'web01'),
    ('hardware ambiguous', dict(NEW, hardware=['cache01']), 'hardware', 'cache01.fra02.example.com'),
    ('hardware empty string', dict(NEW, hardware=['']), 'hardware', None),
    ('hardware non-ASCII', dict(NEW, hardware=[NON_ASCII_HOST]), 'hardware', None),
    ('hardware unknown id', dict(NEW, hardware=['424242']), 'hardware', None),
    ('hardware wrong type', dict(NEW, hardware=[{'id': 1500101}]), 'hardware', None),
    ('virtual_guests unknown', dict(NEW, virtual_guests=['app09']), 'virtual_guests', None),
    ('virtual_guests is hardware', dict(NEW, virtual_guests=['web01.example.com']), 'virtual_guests', None),
    ('virtual_guests empty string', dict(NEW, virtual_guests=['  ']), 'virtual_guests', None),
    ('update empty', {'ticket_id': OPEN_TICKET, 'update': ''}, 'update', None),
    ('update huge', {'ticket_id': OPEN_TICKET, 'update': HUGE}, 'update', None),
    ('update_mode unknown', {'ticket_id': OPEN_TICKET, 'update': 'x', 'update_mode': 'append'}, 'update_mode', None),
    ('update_mode wrong type', {'ticket_id': OPEN_TICKET, 'update': 'x', 'update_mode': ['whole']}, 'update_mode', None),
    ('attachments missing file', dict(NEW, attachments=['{missing}']), 'attachments', 'no-such-file.log'),
    ('attachments directory', dict(NEW, attachments=['{dir}']), 'attachments', None),
    ('attachments extension', {'ticket_id': OPEN_TICKET, 'attachments': ['{payload.exe}']}, 'attachments', 'payload.exe'),
    ('attachments same name twice', dict(NEW, attachments=['{evidence.log}', '{other/evidence.log}']),
     'attachments', None),
    ('attachments empty string', dict(NEW, attachments=['']), 'attachments', None),
    ('match unknown', dict(NEW, match=['titel']), 'match', None),
    ('match none with others', dict(NEW, match=['none', 'title']), 'match', None),
    ('match subject without subject', {'title': 'Bad input probe', 'body': 'b', 'match': ['subject']}, 'match', None),
    ('match devices without devices', dict(NEW, match=['devices']), 'match', None),
    ('unknown option', dict(NEW, titel='typo'), 'titel', None),
    ('username unknown', dict(NEW, username='nobody-here'), 'username', None),
    ('api_key wrong', dict(NEW, api_key='0' * 64), 'api_key', None),
    ('timeout zero', dict(NEW, timeout=0), 'timeout', None),
    ('timeout negative', dict(NEW, timeout=-1), 'timeout', None),
    ('timeout wrong type', dict(NEW, timeout='soon'), 'timeout', None),
    ('validate_certs wrong type', dict(NEW, validate_certs='perhaps'), 'validate_certs', None),
    ('config_file missing', dict(NEW, config_file='{missing}'), 'config_file', None),
    ('endpoint_url not a URL', dict(NEW, endpoint_url='api softlayer com'), 'endpoint_url', None),
    ('devices_state unknown', dict(NEW, hardware=['web01'], devices_state='gone'), 'devices_state', None),
    ('devices_state absent with match devices', dict(NEW, hardware=['web01'], devices_state='absent',
                                                     match=['title', 'devices']), 'devices_state', None),
    ('update_priority without priority', {'ticket_id': OPEN_TICKET, 'update_priority': True}, 'priority', None),
    ('update_priority wrong type', {'ticket_id': OPEN_TICKET, 'priority': 1, 'update_priority': 'perhaps'},
     'update_priority', None),
    ('update_priority on a closed ticket', {'ticket_id': CLOSED_TICKET, 'priority': 1, 'update_priority': True},
     'ticket_id', 'Closed'),
    ('final_comments without ticket_id', dict(NEW, final_comments='Thanks.'), 'final_comments', None),
    ('final_comments blank', {'ticket_id': CLOSED_TICKET, 'final_comments': '  '}, 'final_comments', None),
    ('final_comments huge', {'ticket_id': CLOSED_TICKET, 'final_comments': 'x' * 4001}, 'final_comments', '4000'),
    ('final_comments on an open ticket', {'ticket_id': OPEN_TICKET, 'final_comments': 'Thanks.'}, 'final_comments',
     'closed'),
    ('final_comments other than those set', {'ticket_id': CLOSED_TICKET, 'final_comments': 'Other words.'},
     'final_comments', 'already has final comments'),
]

SL_TICKET_INFO = [
    ('ticket_id wrong type', {'ticket_id': 'abc'}, 'ticket_id', None),
    ('ticket_id zero', {'ticket_id': [0]}, 'ticket_id', None),
    ('ticket_id negative', {'ticket_id': -3}, 'ticket_id', None),
    ('ticket_id unknown', {'ticket_id': [OPEN_TICKET, 999999999]}, 'ticket_id', '999999999'),
    ('ticket_id with a query option', {'ticket_id': [OPEN_TICKET], 'status': 'all'}, 'ticket_id', 'status'),
    ('status unknown', {'status': 'pending'}, 'status', None),
    ('status wrong type', {'status': ['open']}, 'status', None),
    ('title empty', {'title': ''}, 'title', None),
    ('title_contains empty', {'title_contains': ' '}, 'title_contains', None),
    ('title and title_contains', {'title': 'a', 'title_contains': 'b'}, 'title_contains', None),
    ('subject unknown', {'subject': 'Hardwre Issue'}, 'subject', 'Hardware Issue'),
    ('subject non-ASCII', {'subject': 'Sécurité'}, 'subject', None),
    ('subject empty', {'subject': ''}, 'subject', None),
    ('hardware empty string', {'hardware': ['']}, 'hardware', None),
    ('hardware dict', {'hardware': [{'id': 1}]}, 'hardware', None),
    ('hardware bool', {'hardware': [True]}, 'hardware', None),
    ('virtual_guests nested list', {'virtual_guests': [[91000001]]}, 'virtual_guests', None),
    ('created_after words', {'created_after': 'yesterday'}, 'created_after', None),
    ('created_after impossible date', {'created_after': '2025-13-45'}, 'created_after', None),
    ('created_after bad hour', {'created_after': '2025-01-01T25:00:00'}, 'created_after', None),
    ('created_after bad offset', {'created_after': '2025-01-01T10:00:00+25:00'}, 'created_after', None),
    ('created_after non-ASCII', {'created_after': '2025-01-01T10:00:00 Uhr ü'}, 'created_after', None),
    ('created_before impossible date', {'created_before': '2025-02-30'}, 'created_before', None),
    ('created_before huge', {'created_before': '9' * 5000}, 'created_before', None),
    ('modified_after empty', {'modified_after': ''}, 'modified_after', None),
    ('created_after after created_before', {'created_after': '2025-02-01', 'created_before': '2025-01-01'},
     'created_after', None),
    ('priority out of range', {'priority': [5]}, 'priority', None),
    ('priority wrong type', {'priority': ['high']}, 'priority', None),
    ('priority empty list', {'priority': []}, 'priority', None),
    ('priority with ticket_id', {'ticket_id': [OPEN_TICKET], 'priority': [1]}, 'ticket_id', 'priority'),
    ('sort unknown', {'sort': 'random'}, 'sort', None),
    ('limit zero', {'limit': 0}, 'limit', None),
    ('limit negative', {'limit': -1}, 'limit', None),
    ('limit wrong type', {'limit': 'ten'}, 'limit', None),
    ('page_size zero', {'page_size': 0}, 'page_size', None),
    ('page_size too large', {'page_size': 5000}, 'page_size', None),
    ('include_updates wrong type', {'include_updates': 'perhaps'}, 'include_updates', None),
    ('include_attachments wrong type', {'include_attachments': 'perhaps'}, 'include_attachments', None),
    ('group_by_host wrong type', {'group_by_host': 'perhaps'}, 'group_by_host', None),
    ('unknown option', {'filter': 'open'}, 'filter', None),
    ('timeout zero', {'timeout': 0}, 'timeout', None),
]

SL_TICKET_SUBJECT_INFO = [
    ('id wrong type', {'id': 'abc'}, 'id', None),
    ('id list', {'id': [1021]}, 'id', None),
    ('name empty', {'name': ''}, 'name', None),
    ('name_contains empty', {'name_contains': ''}, 'name_contains', None),
    ('unknown option', {'subject': 'Hardware Issue'}, 'subject', None),
    ('timeout negative', {'timeout': -1}, 'timeout', None),
]

WITH_FILE_TICKET = 148350007   # seeded with dmesg-app02.txt
SL_TICKET_DOWNLOAD = [
    ('ticket_id wrong type', {'ticket_id': 'abc', 'dest': '{dir}'}, 'ticket_id', None),
    ('ticket_id missing', {'dest': '{dir}'}, 'ticket_id', None),
    ('ticket_id unknown', {'ticket_id': 999999999, 'dest': '{dir}'}, 'ticket_id', '999999999'),
    ('ticket_id negative', {'ticket_id': -5, 'dest': '{dir}'}, 'ticket_id', None),
    ('dest missing', {'ticket_id': WITH_FILE_TICKET}, 'dest', None),
    ('dest empty', {'ticket_id': WITH_FILE_TICKET, 'dest': ''}, 'dest', None),
    ('dest is a file', {'ticket_id': WITH_FILE_TICKET, 'dest': '{evidence.log}'}, 'dest', 'not a directory'),
    ('names misspelt', {'ticket_id': WITH_FILE_TICKET, 'dest': '{dir}', 'names': ['dmesg.txt']}, 'names', 'dmesg-app02.txt'),
    ('names empty entry', {'ticket_id': WITH_FILE_TICKET, 'dest': '{dir}', 'names': ['']}, 'names', None),
    ('unknown option', {'ticket_id': WITH_FILE_TICKET, 'dest': '{dir}', 'overwrite': True}, 'overwrite', None),
]

MODULES = {
    'sl_ticket': SL_TICKET,
    'sl_ticket_download': SL_TICKET_DOWNLOAD,
    'sl_ticket_info': SL_TICKET_INFO,
    'sl_ticket_subject_info': SL_TICKET_SUBJECT_INFO,
}


def fill(value, paths):
    if isinstance(value, str) and value.startswith('{') and value.endswith('}') and value[1:-1] in paths:
        return paths[value[1:-1]]
    if isinstance(value, list):
        return [fill(item, paths) for item in value]
    return value


def names_option(outcome, option):
    """True when the failure names ``option``: as a word of its message, or as its ``option`` return value.

    The modules return ``option`` with every input error; Ansible shows it next to ``msg``.
    """
    message = str(outcome.get('msg', ''))
    if re.search(r'(?<![A-Za-z0-9_])%s(?![A-Za-z0-9_])' % re.escape(option), message):
        return True
    return outcome.get('option') == option


@pytest.mark.parametrize('module', sorted(MODULES))
def test_bad_input_is_refused_clearly_without_writing(emulator, module):
    cases = MODULES[module]
    paths = files(emulator.workdir)
    tasks = []
    for index, (case, args, _option, _text) in enumerate(cases):
        args = {key: fill(value, paths) for key, value in args.items()}
        if args.get('title') == NEW['title']:
            args['title'] = '%s %d' % (NEW['title'], index)
        task = {'name': 'case %d: %s' % (index, case), 'ignore_errors': True, 'softlayer.support.%s' % module: args}
        tasks.append(task)
    FIGURES.add('bad_inputs', len(cases))
    result = run_playbook(emulator, play(*tasks))
    problems = []
    for index, (case, _args, option, text) in enumerate(cases):
        outcome = result.results('case %d: %s' % (index, case))
        message = str(outcome.get('msg', ''))
        if not outcome.get('failed'):
            problems.append('%s: accepted (%s)' % (case, {k: v for k, v in outcome.items() if k != 'invocation'}))
        elif not names_option(outcome, option):
            problems.append('%s: the message does not name %s: %s' % (case, option, message[:300]))
        elif text and text not in message:
            problems.append('%s: %r not in the message: %s' % (case, text, message[:300]))
        elif 'Traceback' in message or 'MODULE FAILURE' in message:
            problems.append('%s: crashed: %s' % (case, message[:300]))
    writes = emulator.writes()
    if writes:
        problems.append('the emulator logged writes: %s' % ', '.join(
            '%s (%s)' % (c['method'], c.get('fault_code') or 'applied') for c in writes))
    assert not problems, '%d of %d cases of %s misbehaved:\n  %s' % (
        len(problems), len(cases), module, '\n  '.join(problems))


def test_non_ascii_and_maximum_length_text_round_trips(emulator):
    """Valid edge input: non-ASCII everywhere and an update of exactly 19,000 characters.

    It is stored as five pieces; the re-run must recognise all of it and change nothing.
    """
    title = 'Festplattenausfall auf wéb01 – RAID ✗ 日本語 🚨'
    update = ('Prüfsumme fehlgeschlagen – ' * 800)[:19000]
    args = {'title': title, 'subject': 'Hardware Issue', 'body': 'Körper: Plattenfehler ✓ 🚨', 'hardware': ['web01'],
            'update': update}
    FIGURES.add('bad_inputs', 1)
    result = run_playbook(emulator, play(
        {'name': 'first', 'softlayer.support.sl_ticket': args},
        {'name': 'again', 'softlayer.support.sl_ticket': args},
        {'name': 'read', 'softlayer.support.sl_ticket_info': {'title': title, 'include_updates': True}},
    ))
    first, again, read = (result.results(name) for name in ('first', 'again', 'read'))
    assert first.get('changed') and not first.get('failed'), first.get('msg')
    assert again.get('changed') is False, again.get('msg')
    tickets = emulator.tickets(title)
    assert len(tickets) == 1
    view = emulator.ticket_view(tickets[0]['id'])
    assert ''.join(view['updates'][1:]) == update and len(view['updates']) == 6
    assert [t['id'] for t in read['tickets']] == [tickets[0]['id']]
    # The title as the server stored it ('<subject name> - <title>' by default).
    assert read['tickets'][0]['title'] == tickets[0]['title'] and tickets[0]['title'].endswith(title)
