# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The writers: the API writer writes at most once when answers get lost; the dry run writes nothing."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import ApiFaultError, OutcomeUnknownError
from ansible_collections.softlayer.support.plugins.module_utils.sl_ticket.writer import ApiWriter, DryRunWriter

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
    assert dry.commits is False
    with dry.lock(str(tmp_path / 'lock'), describe='ticket 1') as waited:
        assert waited is False
    assert not (tmp_path / 'lock').exists()
    stored = dry.upload({}, str(log), 'smart.log')
    assert stored == {'id': None, 'fileName': 'smart.log', 'fileSize': '10', 'createDate': None}
    pieces = dry.post_update({}, 'x' * 5000)
    assert [len(p['entry']) for p in pieces] == [3900, 1100]
    assert dry.attach({}, None, {'id': 1}) is True
