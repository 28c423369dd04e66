# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The writers: the API writer writes at most once when answers get lost; the dry run writes nothing and
predicts the ticket the API writer leaves on the (emulated) account, step by step."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError, OutcomeUnknownError
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.plan import Outcome, plan_changes, plan_new_ticket
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.reads import read_ticket
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.request import TicketRequest
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.sync import TicketSync
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.writer import ApiWriter, DryRunWriter
from ansible_collections.softlayer.support.plugins.module_utils.tickets.fields import normalise_ticket

LOST = OutcomeUnknownError('the connection dropped', fault_code=0, operation='post')
REFUSED_ANSWER_LOST = OutcomeUnknownError('HTTP 502', fault_code=502, operation='post')


class Script:
    """A write (or look) answering from a list: a value, or an exception to raise."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, BaseException):
            raise answer
        return answer


@pytest.fixture
def writer():
    warnings, slept = [], []
    api = ApiWriter(client=None, warn=warnings.append, sleep=slept.append)
    api.warnings, api.slept = warnings, slept
    return api


def test_a_write_that_answers_is_made_once_without_looking(writer):
    write, look = Script('stored'), Script(None)
    assert writer.write_once('post', write, look) == 'stored'
    assert (write.calls, look.calls, writer.warnings) == (1, 0, [])


def test_a_lost_answer_whose_write_landed_is_not_sent_again(writer):
    write, look = Script(REFUSED_ANSWER_LOST), Script({'id': 5})
    assert writer.write_once('post the update', write, look) == {'id': 5}
    assert write.calls == 1 and look.calls == 1
    assert writer.warnings == ['the response to "post the update" was lost, but the change is on the ticket: '
                               'it was not made again']
    assert writer.slept == []   # an answer came (HTTP 502): nothing is still in flight


def test_no_answer_at_all_gives_a_slow_commit_grace_before_sending_again(writer):
    write, look = Script(LOST, 'stored'), Script(None, None, {'id': 5})
    assert writer.write_once('post', write, look) == {'id': 5}
    assert write.calls == 1 and look.calls == 3
    assert writer.slept == [1, 2]


def test_a_write_that_did_not_land_is_sent_once_more_then_the_loss_is_reported(writer):
    write, look = Script(REFUSED_ANSWER_LOST), Script(None)
    with pytest.raises(OutcomeUnknownError):
        writer.write_once('post', write, look)
    assert write.calls == 2 and look.calls == 2


def test_a_failed_look_stops_without_writing_again(writer):
    write, look = Script(REFUSED_ANSWER_LOST, 'stored'), Script(ApiFaultError('read refused'))
    with pytest.raises(OutcomeUnknownError) as raised:
        writer.write_once('post', write, look)
    assert write.calls == 1
    assert 'looking whether it landed failed too (read refused)' in str(raised.value)


def test_the_dry_run_writes_nothing_and_answers_like_the_api(tmp_path):
    log = tmp_path / 'smart.log'
    log.write_text('12 sectors')
    dry = DryRunWriter()
    stored = dry.upload({}, str(log), 'smart.log')
    assert stored == {'id': None, 'fileName': 'smart.log', 'fileSize': '10', 'createDate': None}
    pieces = dry.post_update({}, 'x' * 5000)
    assert [len(p['entry']) for p in pieces] == [3900, 1100]
    assert dry.attach({}, None, {'id': 1}) is True


# -- parity: the dry run predicts, step by step, the ticket a real run leaves on the account ---------

TOKEN = 'sl-ticket-0123456789abcdef.0123456789ab'
# What only the server knows, masked on every side: the ticket's ids, case number and dates, and those of its
# updates and files.
SERVER_ASSIGNED = ('id', 'case_number', 'service_provider_resource_id', 'create_date', 'modify_date', 'last_edit_date')
SERVER_ASSIGNED_IN_ITEMS = ('id', 'create_date')
# Where the writers still disagree: the dry run leaves the server's defaults for a new ticket unset.
# Masked here; test_a_known_gap_is_still_a_gap fails once one closes, to take it off this list.
NOT_YET_PREDICTED = ('status_id', 'priority', 'notify_user')


def masked(ticket, unmasked=()):
    """The normalised ticket without what the dry run cannot know (and the known gaps, unless ``unmasked``)."""
    shown = {key: value for key, value in ticket.items()
             if key not in SERVER_ASSIGNED and (key in unmasked or key not in NOT_YET_PREDICTED)}
    for key in ('updates', 'attached_files'):
        shown[key] = [{k: v for k, v in item.items() if k not in SERVER_ASSIGNED_IN_ITEMS} for item in ticket[key]]
    if isinstance(shown.get('last_update'), dict):
        shown['last_update'] = {k: v for k, v in shown['last_update'].items() if k not in SERVER_ASSIGNED_IN_ITEMS}
    return shown


def tickets_per_step(client, steps, start=None):
    """Run ``steps`` with both writers from the same ticket (``start``, raw, or none for a new one).

    Per step: (step name, the dry run's ticket, the real run's ticket, the ticket as the account now holds it).
    """
    real, dry = Outcome(), Outcome()
    real.raw, dry.raw = copy.deepcopy(start), copy.deepcopy(start)
    writers = ((ApiWriter(client), real), (DryRunWriter(), dry))
    seen = []
    for step in steps:
        for writer, outcome in writers:
            step.apply(writer, outcome)
        on_account = read_ticket(client, real.raw['id'])
        seen.append((type(step).__name__, normalise_ticket(dry.raw), normalise_ticket(real.raw), normalise_ticket(on_account)))
    return seen


def new_ticket_steps(client, tmp_path):
    log = tmp_path / 'smart.log'
    log.write_text('12 sectors')
    request = TicketRequest({'title': 'Disk failure on web01', 'subject': 'Hardware Issue', 'body': 'Disk 0 failed.',
                             'hardware': ['web01.example.com'], 'update': 'SMART: ' + 'x' * 4000,
                             'attachments': [str(log)], 'additional_emails': ['ops@example.com']})
    plan = plan_new_ticket(request, TOKEN)
    return plan.steps(TicketSync(client, request, ApiWriter(client)).look_up(plan)[0])


def existing_ticket_steps(client, api, tmp_path):
    log = tmp_path / 'dmesg.txt'
    log.write_text('panic')
    ticket_id = api.add_ticket('Kernel panic on db01', hardware=['db01'], emails=['dba@example.com'], files=('old.txt',))
    raw = read_ticket(client, ticket_id)
    request = TicketRequest({'title': 'Kernel panic on db01', 'ticket_id': ticket_id, 'update': 'It happened again.',
                             'hardware': ['db01', 'web02'], 'virtual_guests': ['app01'],
                             'attachments': [str(log)], 'additional_emails': ['ops@example.com']})
    plan = plan_changes(request, raw)
    return plan.steps(TicketSync(client, request, ApiWriter(client)).look_up(plan)[0]), raw


def test_the_dry_run_predicts_the_new_ticket_a_real_run_leaves_after_every_step(emulated_client, emulated_api, tmp_path):
    seen = tickets_per_step(emulated_client, new_ticket_steps(emulated_client, tmp_path))
    assert [name for name, *_tickets in seen] == ['OpenTicket', 'SetEmails', 'AttachDevice', 'UploadFile', 'PostUpdate']
    for name, dry, real, on_account in seen:
        assert masked(dry) == masked(real) == masked(on_account), name
    assert emulated_api.writes() == ['createStandardTicket', 'updateAttachedAdditionalEmails', 'addAttachedHardware',
                                     'addAttachedFile', 'addUpdate']
    last = masked(seen[-1][3])
    # The server stored the long update in two pieces; the whole ticket is compared, not just these.
    assert [len(u['entry']) for u in last['updates']][1:] == [3900, 107]
    assert (last['additional_emails'], last['attached_hardware'][0]['fqdn'], last['attached_files'][0]['file_size']) == (
        ['ops@example.com'], 'web01.example.com', 10)


def test_the_dry_run_predicts_an_existing_ticket_a_real_run_changes_after_every_step(emulated_client, emulated_api, tmp_path):
    steps, start = existing_ticket_steps(emulated_client, emulated_api, tmp_path)
    seen = tickets_per_step(emulated_client, steps, start)
    assert [name for name, *_tickets in seen] == ['SetEmails', 'AttachDevice', 'AttachDevice', 'UploadFile', 'PostUpdate']
    for name, dry, real, on_account in seen:
        assert masked(dry) == masked(real) == masked(on_account), name
    last = seen[-1][3]
    assert last['additional_emails'] == ['ops@example.com']
    assert [d['hostname'] for d in last['attached_hardware']] == ['db01', 'web02']
    assert [d['hostname'] for d in last['attached_virtual_guests']] == ['app01']
    assert [f['file_name'] for f in last['attached_files']] == ['old.txt', 'dmesg.txt']
    assert last['updates'][-1]['entry'] == 'It happened again.'


@pytest.mark.xfail(strict=True, reason='a known gap between the writers (NOT_YET_PREDICTED)')
@pytest.mark.parametrize('field', NOT_YET_PREDICTED)
def test_a_known_gap_is_still_a_gap(emulated_client, emulated_api, tmp_path, field):
    seen = tickets_per_step(emulated_client, new_ticket_steps(emulated_client, tmp_path))
    for name, dry, real, on_account in seen:
        assert masked(dry, [field])[field] == masked(real, [field])[field] == masked(on_account, [field])[field], name
