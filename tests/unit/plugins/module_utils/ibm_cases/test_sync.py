# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ibm_case's run against the emulator's IAM and Case Management API, driven by IBM's SDK unchanged."""

from __future__ import annotations

import pytest

from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError, OutcomeUnknownError
from ansible_collections.softlayer.support.plugins.module_utils.ibm_cases import sync
from ansible_collections.softlayer.support.tests.unit.plugins.emulated_cloud import COS, CRN
from ansible_collections.softlayer.support.tests.unit.plugins.module_utils.ibm_cases.case_harness import MEMBER, request


def run(cloud, wanted, check_mode=False, **kwargs):
    warnings = []
    kwargs.setdefault('offering', COS)
    result, diff = sync.run(cloud.client(), wanted, softlayer_client=cloud.softlayer_client, check_mode=check_mode,
                            warn=warnings.append, sleep=lambda seconds: None, **kwargs)
    return result, diff, warnings


def new_cases(cloud, before):
    return [case for number, case in cloud.cases().items() if number not in before]


def test_open_then_rerun_makes_one_case_and_the_rerun_only_searches(cloud):
    before = set(cloud.cases())
    result, _diff, _warnings = run(cloud, request(crns=[CRN], watchlist=[MEMBER]))
    assert result['changed'] and result['created']
    created = new_cases(cloud, before)
    assert len(created) == 1 and created[0]['number'] == result['case']['number']
    assert [r['crn'] for r in cloud.rows('caseResources', created[0]['number'])] == [CRN]
    cloud.forget_calls()
    again, diff, _warnings = run(cloud, request(crns=[CRN], watchlist=[MEMBER]))
    assert not again['changed'] and again['case']['number'] == created[0]['number']
    assert diff['before'] == diff['after']
    assert cloud.case_calls() == ['get_cases']
    assert len(new_cases(cloud, before)) == 1


def test_check_mode_predicts_the_real_run_and_writes_nothing(cloud):
    before = set(cloud.cases())
    wanted = request(crns=[CRN], watchlist=[MEMBER], comment='Seen again at 03:10.')
    predicted, predicted_diff, _warnings = run(cloud, wanted, check_mode=True)
    assert new_cases(cloud, before) == []
    assert not [m for m in cloud.case_calls() if m not in ('get_cases', 'get_technical_offerings')]
    real, real_diff, _warnings = run(cloud, wanted)
    assert predicted['changed'] and real['changed']
    # The number is the server's to give.
    assert predicted_diff['after'] == dict(real_diff['after'], number=None)


def test_lost_create_answer_is_found_by_its_token_and_not_sent_again(cloud):
    before = set(cloud.cases())
    cloud.fault('create_case', kind='lost_response')
    result, _diff, warnings = run(cloud, request())
    assert len(new_cases(cloud, before)) == 1
    assert result['case']['number'] == new_cases(cloud, before)[0]['number']
    # The look for the landed case (by its creation token), then the backstop's look for a twin; no second create.
    assert cloud.case_calls() == ['get_cases', 'get_technical_offerings', 'create_case', 'get_cases', 'get_cases']
    assert any('was lost' in warning for warning in warnings)


def test_create_refused_before_storing_by_a_500_is_looked_for_then_sent_again_once(cloud):
    before = set(cloud.cases())
    cloud.fault('create_case', kind='http_500', when='before')
    result, _diff, _warnings = run(cloud, request())
    assert result['created'] and len(new_cases(cloud, before)) == 1
    calls = cloud.case_calls()
    first, second = [n for n, method in enumerate(calls) if method == 'create_case']
    assert calls[first + 1:second] == ['get_cases']


def test_create_lost_twice_without_landing_raises_outcome_unknown(cloud):
    before = set(cloud.cases())
    cloud.fault('create_case', kind='drop', times=2)
    with pytest.raises(OutcomeUnknownError):
        run(cloud, request())
    assert new_cases(cloud, before) == []


def test_added_comment_watcher_and_resource_go_on_the_open_case_once(cloud):
    first, _diff, _warnings = run(cloud, request())
    number = first['case']['number']
    wanted = request(crns=[CRN], watchlist=[MEMBER], comment='It failed again.')
    changed, diff, _warnings = run(cloud, wanted)
    assert changed['changed'] and not changed['created']
    assert diff['after']['comments'] == ['It failed again.']
    again, _diff, _warnings = run(cloud, wanted)
    assert not again['changed']
    assert [row['value'] for row in cloud.rows('caseComments', number)] == ['It failed again.']
    assert len(cloud.rows('caseResources', number)) == 1 and len(cloud.rows('caseWatchers', number)) == 1


def test_classic_device_by_hostname_becomes_a_resource_and_is_not_looked_up_again(cloud):
    first, _diff, _warnings = run(cloud, request(), devices={'hardware': ['web01']})
    number = first['case']['number']
    assert [row['type'] for row in cloud.rows('caseResources', number)] == ['hardware']
    assert 'SoftLayer_Account::getHardware' in cloud.api.sdk.methods_called()
    cloud.api.sdk.calls.clear()
    rerun, _diff, _warnings = run(cloud, request(), devices={'hardware': ['web01.example.com']})
    assert not rerun['changed']
    assert cloud.api.sdk.methods_called() == []


def test_unknown_device_fails_with_a_suggestion_and_opens_nothing(cloud):
    before = set(cloud.cases())
    with pytest.raises(InvalidInputError, match="did you mean 'web01"):
        run(cloud, request(), devices={'hardware': ['web1']})
    assert new_cases(cloud, before) == []


def test_resolve_then_rerun_changes_nothing(cloud):
    first, _diff, _warnings = run(cloud, request())
    number = first['case']['number']
    resolved, _diff, _warnings = run(cloud, request(state='resolved', resolution_code=8, comment='Disk replaced.'))
    assert resolved['changed'] and cloud.cases()[number]['status'] == 'resolved'
    again, _diff, _warnings = run(cloud, request(state='resolved', resolution_code=8, comment='Disk replaced.'))
    assert not again['changed']
    assert [row['value'] for row in cloud.rows('caseComments', number)] == ['Disk replaced.']


def test_unknown_offering_names_the_close_ones_and_writes_nothing(cloud):
    before = set(cloud.cases())
    with pytest.raises(InvalidInputError, match="did you mean 'Cloud Object Storage'"):
        run(cloud, request(), offering='Cloud Object Storag')
    assert new_cases(cloud, before) == []


def test_resolving_a_case_never_opened_fails_naming_the_state(cloud):
    with pytest.raises(InvalidInputError) as info:
        run(cloud, request(subject='Never opened', state='resolved', resolution_code=1))
    assert info.value.option == 'state'


def test_file_is_uploaded_once_and_a_missing_one_fails_before_any_call(cloud, tmp_path):
    log = tmp_path / 'smart.log'
    log.write_bytes(b'SMART errors')
    first, _diff, _warnings = run(cloud, request(files=[str(log)]))
    number = first['case']['number']
    assert [row['filename'] for row in cloud.rows('caseAttachments', number)] == ['smart.log']
    again, _diff, _warnings = run(cloud, request(files=[str(log)]))
    assert not again['changed'] and len(cloud.rows('caseAttachments', number)) == 1
    cloud.forget_calls()
    with pytest.raises(InvalidInputError) as info:
        run(cloud, request(files=[str(tmp_path / 'missing.log')]))
    assert info.value.option == 'files' and cloud.case_calls() == []


def test_lost_comment_answer_is_found_on_the_case_and_not_posted_twice(cloud):
    first, _diff, _warnings = run(cloud, request())
    number = first['case']['number']
    cloud.fault('add_comment', kind='lost_response')
    changed, _diff, warnings = run(cloud, request(comment='It failed again.'))
    assert changed['changed'] and any('was lost' in warning for warning in warnings)
    assert [row['value'] for row in cloud.rows('caseComments', number)] == ['It failed again.']
