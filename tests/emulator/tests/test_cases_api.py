"""IBM's own SDK (ibm-platform-services, ibm-cloud-sdk-core), unchanged, against the emulator's IAM token endpoint
and Case Management API: every operation, the errors the SDK's tests expect, faults, and the retry trap.

The facts these tests hold the emulator to are written, with their sources, in tests/emulator/CASES.md.
"""

import inspect
import time

import pytest
import requests

from ibm_cloud_sdk_core import ApiException, BaseService
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator
from ibm_platform_services import case_management_v1 as cm
from ibm_platform_services.case_management_v1 import CaseManagementV1, GetCasesPager

from conftest import IBM_CLOUD_API_KEY

COS = {'name': 'Cloud Object Storage', 'type': {'group': 'crn_service_name', 'key': 'cloud-object-storage'}}
MEMBER = {'realm': 'IBMid', 'user_id': 'ops-analyst@example.com'}
STRANGER = {'realm': 'IBMid', 'user_id': 'abc@ibm.com'}
CRN = 'crn:v1:bluemix:public:cloud-object-storage:global:a/284101:61848e72-6ba6-415e-84e2-91f3915e194d::'
TICKET_CASE = 'CS2300101'   # the seed's first ticket's serviceProviderResourceId
TICKET_TITLE = 'Intermittent packet loss on private VLAN 1180'
WEB01_DOMAIN = 'example.com'


@pytest.fixture
def cloud(fresh):
    fresh.admin('config', {'ticket_cases': 'mirrored', 'iam_token_seconds': 3600})
    return fresh


def case_service(emulator, api_key=IBM_CLOUD_API_KEY, service_url=None):
    service = CaseManagementV1(authenticator=IAMAuthenticator(api_key, url=emulator.url))
    service.set_service_url(service_url or emulator.url + '/case-management/v1')
    return service


def open_case(service, subject='Disk failure on web01', **extra):
    return service.create_case('technical', subject, 'Our monitoring found a failing disk.', severity=3,
                               offering=COS, **extra).get_result()


def stored_cases(emulator):
    return emulator.state()['cases']


def calls_of(emulator, service):
    return [call for call in emulator.calls() if call['service'] == service]


def model_keys(model):
    return set(inspect.signature(model.__init__).parameters) - {'self'}


# -- IAM ------------------------------------------------------------------------------------------


def test_iam_token_from_the_seeded_key_authenticates_the_case_calls(cloud):
    result = case_service(cloud).get_cases().get_result()
    assert result['total_count'] >= 7
    iam, case_calls = calls_of(cloud, 'iam'), calls_of(cloud, 'case_management')
    assert [(call['method'], call['status']) for call in iam] == [('get_token', 200)]
    assert [(call['method'], call['status']) for call in case_calls] == [('get_cases', 200)]
    assert IBM_CLOUD_API_KEY not in str(cloud.calls())


def test_unknown_api_key_gets_iam_error_body_and_no_case_call_runs(cloud):
    with pytest.raises(ApiException) as info:
        case_service(cloud, api_key='not-a-known-key').get_cases()
    assert info.value.status_code == 400
    assert info.value.message == 'Provided API key could not be found'
    assert info.value.http_response.json()['errorCode'] == 'BXNIM0415E'
    assert calls_of(cloud, 'case_management') == []


def test_token_carries_iat_and_exp_and_the_sdk_fetches_a_new_one_when_it_expires(cloud):
    # The SDK treats a token as expired 10 s before its exp: a 5 s token is fetched again for every call.
    cloud.admin('config', {'iam_token_seconds': 5})
    service = case_service(cloud)
    service.get_cases()
    service.get_cases()
    assert [call['method'] for call in calls_of(cloud, 'iam')] == ['get_token', 'get_token']
    token = service.authenticator.token_manager.token_info
    assert token['expires_in'] == 5 and token['expiration'] > time.time()


def test_expired_token_is_refused_with_401(cloud):
    cloud.admin('config', {'iam_token_seconds': 1})
    token = requests.post(cloud.url + '/identity/token', timeout=10, data={
        'grant_type': 'urn:ibm:params:oauth:grant-type:apikey', 'apikey': IBM_CLOUD_API_KEY}).json()['access_token']
    time.sleep(1.1)
    answer = requests.get(cloud.url + '/case-management/v1/cases', headers={'Authorization': 'Bearer ' + token}, timeout=10)
    assert answer.status_code == 401
    assert answer.json()['errors'][0]['message'] == 'The IAM token is expired.'


def test_forged_token_is_refused_with_401(cloud):
    answer = requests.get(cloud.url + '/case-management/v1/cases', headers={'Authorization': 'Bearer a.b.c'}, timeout=10)
    assert answer.status_code == 401


# -- create, get, list ---------------------------------------------------------------------------


def test_create_case_without_offering_is_refused_with_400_and_stores_nothing(cloud):
    with pytest.raises(ApiException) as info:
        case_service(cloud).create_case('technical', 'No offering', 'Please ignore.', severity=4)
    assert info.value.status_code == 400
    assert 'offering' in info.value.message
    assert stored_cases(cloud) == []


@pytest.mark.parametrize('case_type, subject, severity, word', [
    ('technical', '', 4, 'subject'),
    ('hardware', 'Bad type', 4, 'type'),
    ('technical', 'Bad severity', 5, 'severity'),
])
def test_create_case_with_bad_input_is_refused_with_400(cloud, case_type, subject, severity, word):
    with pytest.raises(ApiException) as info:
        case_service(cloud).create_case(case_type, subject, 'Please ignore.', severity=severity, offering=COS)
    assert info.value.status_code == 400 and word in info.value.message
    assert stored_cases(cloud) == []


def test_create_case_stores_it_and_get_case_returns_only_the_fields_asked(cloud):
    service = case_service(cloud)
    created = open_case(service, resources=[{'type': 'hardware', 'id': 1500101}], watchlist=[MEMBER])
    assert created['number'].startswith('CS') and created['status'] == 'new' and created['severity'] == 3
    assert created['short_description'] == 'Disk failure on web01'
    assert [(r['type'], r['name'], r['crn']) for r in created['resources']] == [('hardware', 'web01.' + WEB01_DOMAIN, None)]
    assert created['watchlist'][0]['user_id'] == MEMBER['user_id']
    assert model_keys(cm.Case) <= set(created)
    cm.Case.from_dict(created)
    picked = service.get_case(created['number'], fields=['number', 'short_description']).get_result()
    assert picked == {'number': created['number'], 'short_description': 'Disk failure on web01'}
    [row] = stored_cases(cloud)
    assert row['number'] == created['number'] and row['offering']['type']['key'] == 'cloud-object-storage'


def test_get_case_with_an_unknown_field_is_refused_with_400(cloud):
    service = case_service(cloud)
    number = open_case(service)['number']
    with pytest.raises(ApiException) as info:
        service.get_case(number, fields=['number', 'invalid_field'])
    assert info.value.status_code == 400


def test_get_cases_pages_searches_filters_and_sorts(cloud):
    service = case_service(cloud)
    numbers = [open_case(service, subject='Python-SDK-IT case {}'.format(i))['number'] for i in range(3)]
    pager = GetCasesPager(client=service, limit=1, search='python-sdk-it', sort='number')
    found = pager.get_all()
    assert [case['number'] for case in found] == sorted(numbers)
    page = service.get_cases(limit=2, search='Python-SDK-IT', sort='~number', fields=['number']).get_result()
    assert page['total_count'] == 3 and [case['number'] for case in page['cases']] == sorted(numbers, reverse=True)[:2]
    assert 'next' in page and 'previous' not in page
    assert model_keys(cm.CaseList) - {'next', 'previous'} <= set(page)
    new_only = service.get_cases(status=['new'], search='Python-SDK-IT').get_result()
    assert new_only['total_count'] == 3
    with pytest.raises(ApiException) as info:
        service.get_cases(status=['open'])
    assert info.value.status_code == 400


def test_technical_offerings_list_the_offering_the_sdk_test_uses(cloud):
    utilities = case_service(cloud, service_url=cloud.url)
    answer = BaseService.send(utilities, utilities.prepare_request(
        method='GET', url='/case-management/utilities/v1/offerings/technical')).get_result()
    cos = [offering for offering in answer['offerings'] if offering['name'] == 'Cloud Object Storage']
    assert cos and cos[0]['type']['key'] == 'cloud-object-storage'
    for offering in answer['offerings']:
        cm.Offering.from_dict(offering)


# -- comments, watchlist, resources, files, status ------------------------------------------------


def test_add_comment_is_stored_and_an_unknown_case_is_404(cloud):
    service = case_service(cloud)
    number = open_case(service)['number']
    comment = service.add_comment(number, 'This is a test comment!').get_result()
    assert comment['value'] == 'This is a test comment!' and model_keys(cm.Comment) == set(comment)
    assert [c['value'] for c in service.get_case(number).get_result()['comments']] == ['This is a test comment!']
    with pytest.raises(ApiException) as info:
        service.add_comment('fake-case-number', 'x')
    assert info.value.status_code == 404


def test_watchlist_adds_account_members_fails_strangers_and_removes(cloud):
    service = case_service(cloud)
    number = open_case(service)['number']
    answer = service.add_watchlist(number, watchlist=[MEMBER, STRANGER]).get_result()
    assert [u['user_id'] for u in answer['added']] == [MEMBER['user_id']]
    assert [u['user_id'] for u in answer['failed']] == [STRANGER['user_id']]
    assert service.remove_watchlist(number, watchlist=[MEMBER]).get_result() == {'watchlist': []}
    assert cloud.state()['caseWatchers'] == []


def test_add_resource_by_crn_or_classic_device_and_refuses_an_unknown_device(cloud):
    service = case_service(cloud)
    number = open_case(service)['number']
    by_crn = service.add_resource(number, crn=CRN, note='Test resource').get_result()
    assert by_crn['crn'] == CRN and by_crn['note'] == 'Test resource' and model_keys(cm.Resource) == set(by_crn)
    by_id = service.add_resource(number, type='virtual_guest', id=91000001).get_result()
    assert by_id['type'] == 'virtual_guest' and by_id['name'].startswith('app01.')
    with pytest.raises(ApiException) as info:
        service.add_resource(number, type='hardware', id=1)
    assert info.value.status_code == 400
    assert len(service.get_case(number).get_result()['resources']) == 2


def test_upload_download_and_delete_a_file(cloud):
    service = case_service(cloud)
    number = open_case(service)['number']
    attachment = service.upload_file(number, [{'data': b'This is a mock file.', 'filename': 'test_file.txt'}]).get_result()
    assert attachment['filename'] == 'test_file.txt' and attachment['size_in_bytes'] == 20
    assert model_keys(cm.Attachment) == set(attachment)
    download = service.download_file(number, attachment['id'])
    assert download.get_status_code() == 200 and download.get_result().content == b'This is a mock file.'
    assert service.delete_file(number, attachment['id']).get_result() == {'attachments': []}
    with pytest.raises(ApiException) as info:
        service.download_file(number, attachment['id'])
    assert info.value.status_code == 404


def test_resolve_unresolve_and_accept_follow_the_status_rules(cloud):
    service = case_service(cloud)
    number = open_case(service)['number']
    with pytest.raises(ApiException) as info:
        service.update_case_status(number, {'action': 'resolve', 'resolution_code': 9})
    assert info.value.status_code == 400
    resolved = service.update_case_status(number, {'action': 'resolve', 'resolution_code': 1, 'comment': 'Fixed.'})
    assert resolved.get_result()['status'] == 'resolved' and resolved.get_result()['resolution'] == 'Client error'
    with pytest.raises(ApiException) as info:
        service.update_case_status(number, {'action': 'unresolve'})
    assert info.value.status_code == 400
    again = service.update_case_status(number, {'action': 'unresolve', 'comment': 'It failed again.'}).get_result()
    assert again['status'] == 'in_progress'
    with pytest.raises(ApiException) as info:
        service.update_case_status(number, {'action': 'accept'})
    assert info.value.status_code == 400
    cloud.admin('case_reply', {'number': number, 'comment': 'Replace the disk.', 'status': 'resolution_provided'})
    accepted = service.update_case_status(number, {'action': 'accept', 'comment': 'Thanks.'}).get_result()
    assert accepted['status'] == 'resolved'
    assert [c['value'] for c in accepted['comments']] == ['Fixed.', 'It failed again.', 'Replace the disk.', 'Thanks.']


# -- a SoftLayer ticket is a case --------------------------------------------------------------------


def test_a_ticket_is_the_case_its_service_provider_resource_id_names(cloud):
    service = case_service(cloud)
    case = service.get_case(TICKET_CASE).get_result()
    assert case['short_description'] == TICKET_TITLE and case['contact_type'] == 'IMS Console'
    assert {r['type'] for r in case['resources']} <= {'hardware', 'virtual_guest'} and case['resources']
    service.add_comment(TICKET_CASE, 'Seen from the Support Center.')
    ticket_updates = [u for u in cloud.state()['updates'] if u['ticketId'] == 148350001]
    assert ticket_updates[-1]['entry'] == 'Seen from the Support Center.'
    listed = service.get_cases(search=TICKET_CASE).get_result()
    assert [c['number'] for c in listed['cases']] == [TICKET_CASE]


def test_with_ticket_cases_separate_a_ticket_has_no_case(cloud):
    cloud.admin('config', {'ticket_cases': 'separate'})
    with pytest.raises(ApiException) as info:
        case_service(cloud).get_case(TICKET_CASE)
    assert info.value.status_code == 404


# -- faults and the SDK's retries ------------------------------------------------------------------


def test_lost_create_response_leaves_exactly_one_case_to_find(cloud):
    cloud.admin('faults', {'service': 'case_management', 'method': 'create_case', 'kind': 'lost_response'})
    service = case_service(cloud)
    with pytest.raises(requests.exceptions.ConnectionError):
        open_case(service, subject='Lost answer')
    assert [row['short_description'] for row in stored_cases(cloud)] == ['Lost answer']
    found = service.get_cases(search='Lost answer').get_result()
    assert found['total_count'] == 1


@pytest.mark.parametrize('kind', ['http_500', 'lost_response'])
def test_sdk_retries_resend_a_create_whose_answer_was_lost_and_make_a_second_case(cloud, kind):
    # The trap: enable_retries() allows POST, so a create stored before its 500 (or lost answer) is sent again.
    cloud.admin('faults', {'service': 'case_management', 'method': 'create_case', 'kind': kind, 'when': 'after'})
    service = case_service(cloud)
    service.enable_retries(max_retries=2, retry_interval=0.1)
    created = open_case(service, subject='Retried create')
    assert [row['short_description'] for row in stored_cases(cloud)] == ['Retried create', 'Retried create']
    creates = [call for call in calls_of(cloud, 'case_management') if call['method'] == 'create_case']
    assert [call['injected'] for call in creates] == [kind, None]
    assert created['number'] == stored_cases(cloud)[1]['number']


def test_a_rate_limited_create_is_resent_by_the_sdk_and_stored_once(cloud):
    cloud.admin('faults', {'service': 'case_management', 'method': 'create_case', 'kind': 'rate_limit'})
    service = case_service(cloud)
    service.enable_retries(max_retries=2, retry_interval=0.1)
    open_case(service, subject='Throttled')
    assert len(stored_cases(cloud)) == 1
    assert [call['status'] for call in calls_of(cloud, 'case_management')] == [429, 200]


def test_fault_rule_answers_403_with_the_error_container(cloud):
    cloud.admin('faults', {'service': 'case_management', 'method': 'get_cases', 'kind': 'fault', 'code': '403',
                           'message': 'You do not have the Support Center role to view cases.'})
    with pytest.raises(ApiException) as info:
        case_service(cloud).get_cases()
    assert info.value.status_code == 403
    assert info.value.message == 'You do not have the Support Center role to view cases.'
    assert set(info.value.http_response.json()) == {'trace', 'errors', 'status_code'}
