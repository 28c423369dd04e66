"""Secrets: the API key never shows, at -vvvv, in any output, failure message or return value.

run_playbook scans the output of every play of the suite for the keys (as is, and
base64-encoded with the user name as in HTTP basic auth). This test adds plays
at -vvvv with the default callback that go through every way a key is given
(module option, environment, config file, REST basic auth) and every kind of
failure (bad key, API fault, transport error, bad input, proxy with a password),
and prints every registered result with ``debug`` so return values are scanned too.
"""

import base64
import os

import pytest

from conftest import API_KEY, FIGURES, IBM_CLOUD_API_KEY, USERNAME, check_secrets, run_playbook

WRONG_KEY = 'f' * 12 + '0123456789abcdef' * 3 + 'e' * 4      # 64 hex digits, like a real key
PROXY_PASSWORD = 'pr0xy-S3cret-pass'


def proxy_args(emulator, endpoint):
    """sl_ticket_info through a "proxy" with a password that fails at once.

    The proxy is the emulator itself: it answers the proxied request with an HTTP 404
    (a refused connection would be retried for 7.5 to 15 s).
    """
    return {'endpoint_url': endpoint, 'timeout': 5,
            'proxy': 'http://proxyuser:%s@127.0.0.1:%d/' % (PROXY_PASSWORD, emulator.port)}


def scan(result, extra, counter='secret_leaks'):
    """The API keys (always) and the ``extra`` secrets must not be in the output; leaks of extras count as ``counter``."""
    text = result.output
    check_secrets(text, '-vvvv output')
    for secret in extra:
        FIGURES.add('outputs_scanned')
        if secret in text:
            FIGURES.add(counter)
            where = text[max(0, text.index(secret) - 200):text.index(secret)].splitlines()[-1:]
            raise AssertionError('a secret (%s...) appears in the -vvvv output, after: %s' % (secret[:6], where))


@pytest.mark.parametrize('transport', ['xmlrpc', 'rest'])
def test_keys_never_appear_at_vvvv(emulator, transport):
    endpoint = emulator.xmlrpc_url if transport == 'xmlrpc' else emulator.rest_url
    config = os.path.join(emulator.workdir, 'softlayer.conf')
    with open(config, 'w', encoding='utf-8') as handle:
        handle.write('[softlayer]\nusername = %s\napi_key = %s\nendpoint_url = %s\ntimeout = 10\n' % (
            USERNAME, API_KEY, endpoint))
    title = 'Secrets probe over %s' % transport
    attachment = os.path.join(emulator.workdir, 'raid.log')
    with open(attachment, 'w', encoding='utf-8') as handle:
        handle.write('controller log\n')
    create = {'title': title, 'subject': 'Hardware Issue', 'body': 'probe', 'hardware': ['web01'],
              'update': 'first evidence'}
    no_env = {'SL_USERNAME': '', 'SL_API_KEY': '', 'SL_ENDPOINT_URL': ''}
    tasks = [
        {'name': 'key as a module option', 'register': 'r1', 'softlayer.support.sl_ticket': dict(
            create, username=USERNAME, api_key=API_KEY, endpoint_url=endpoint)},
        {'name': 'key from the environment, check and diff mode', 'register': 'r2', 'check_mode': True,
         'diff': True, 'softlayer.support.sl_ticket': dict(create, update='second evidence', endpoint_url=endpoint)},
        {'name': 'key from a config file', 'register': 'r3', 'environment': no_env,
         'softlayer.support.sl_ticket_info': {'config_file': config, 'title': title, 'include_updates': True,
                                              'include_attachments': True, 'group_by_host': True}},
        {'name': 'wrong key as a module option', 'register': 'f1', 'ignore_errors': True,
         'softlayer.support.sl_ticket': dict(create, api_key=WRONG_KEY, endpoint_url=endpoint)},
        # The key in the environment of ansible-playbook, for another user. (Never put a key in a task's
        # ``environment:`` keyword: Ansible itself shows those values at -vvv, on its EXEC line.)
        {'name': 'key from the environment for the wrong user', 'register': 'f2', 'ignore_errors': True,
         'softlayer.support.sl_ticket_subject_info': {'endpoint_url': endpoint, 'username': 'ops-analyst'}},
        {'name': 'inject an HTTP 500 on every update', 'sl_emulator_admin': {
            'url': emulator.url, 'path': 'faults',
            'body': [{'method': 'addUpdate', 'kind': 'http_500', 'times': -1}]}},
        {'name': 'API fault on a write', 'register': 'f3', 'ignore_errors': True,
         'softlayer.support.sl_ticket': dict(create, update='third evidence', endpoint_url=endpoint)},
        {'name': 'inject a dropped connection on every file upload', 'sl_emulator_admin': {
            'url': emulator.url, 'path': 'faults',
            'body': [{'method': 'addAttachedFile', 'kind': 'drop', 'times': -1}]}},
        {'name': 'transport error on a write', 'register': 'f4', 'ignore_errors': True,
         'softlayer.support.sl_ticket': dict(create, attachments=[attachment], endpoint_url=endpoint)},
        {'name': 'proxy with a password', 'register': 'f5', 'ignore_errors': True,
         'softlayer.support.sl_ticket_info': proxy_args(emulator, endpoint)},
        {'name': 'bad input with the key set', 'register': 'f6', 'ignore_errors': True,
         'softlayer.support.sl_ticket': {'title': title, 'api_key': API_KEY, 'priority': 9}},
        {'name': 'no credentials at all', 'register': 'f7', 'ignore_errors': True,
         'environment': dict(no_env, HOME=emulator.workdir),
         'softlayer.support.sl_ticket_subject_info': {'endpoint_url': endpoint}},
        {'name': 'show every result', 'ansible.builtin.debug': {
            'msg': '{{ [r1, r2, r3, f1, f2, f3, f4, f5, f6, f7] }}'}},
    ]
    result = run_playbook(emulator, [{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}],
                          '-vvvv', json_output=False)
    basic = base64.b64encode(('%s:%s' % (USERNAME, WRONG_KEY)).encode()).decode()
    scan(result, [WRONG_KEY, basic])
    # The plays really ran and failed where they should (so the scan saw the failure paths).
    assert 'key as a module option' in result.stdout
    recap = result.stdout[result.stdout.rindex('PLAY RECAP'):]
    assert 'failed=0' in recap and 'ignored=7' in recap, recap
    for words in ('authentication failed', 'Internal Server Error', 'could not get an answer', 'priority'):
        assert words in result.stdout, 'no %r in the output' % words


def test_ibm_cloud_key_never_appears_at_vvvv(emulator):
    """The case modules: the IBM Cloud key as an option, a wrong key (IAM refuses it), a 401 and a 500 from the API."""
    ibm = {'ibmcloud_api_key': IBM_CLOUD_API_KEY, 'iam_url': emulator.url,
           'case_management_url': emulator.url + '/case-management/v1'}
    case = dict(ibm, subject='Secrets probe case', description='probe', offering='cloud-object-storage')
    tasks = [
        {'name': 'open a case', 'register': 'r1', 'diff': True, 'softlayer.support.ibm_case': case},
        {'name': 'read it', 'register': 'r2', 'softlayer.support.ibm_case_info': dict(ibm, search='Secrets probe')},
        {'name': 'wrong IBM Cloud key', 'register': 'f1', 'ignore_errors': True,
         'softlayer.support.ibm_case_info': dict(ibm, ibmcloud_api_key=WRONG_KEY)},
        {'name': 'inject a 401 and a 500', 'sl_emulator_admin': {'url': emulator.url, 'path': 'faults', 'body': [
            {'service': 'case_management', 'method': 'get_cases', 'kind': 'fault', 'code': '401', 'message': 'Unauthorized'},
            {'service': 'case_management', 'method': 'add_comment', 'kind': 'http_500', 'times': -1}]}},
        {'name': 'refused token', 'register': 'f2', 'ignore_errors': True, 'softlayer.support.ibm_case': case},
        {'name': 'server error on a write', 'register': 'f3', 'ignore_errors': True,
         'softlayer.support.ibm_case': dict(case, comment='more')},
        {'name': 'show every result', 'ansible.builtin.debug': {'msg': '{{ [r1, r2, f1, f2, f3] }}'}},
    ]
    result = run_playbook(emulator, [{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}],
                          '-vvvv', json_output=False)
    scan(result, [WRONG_KEY, IBM_CLOUD_API_KEY])
    recap = result.stdout[result.stdout.rindex('PLAY RECAP'):]
    assert 'failed=0' in recap and 'ignored=3' in recap, recap
    for words in ('IAM refused the IBM Cloud API key', 'HTTP 401', 'the change may have been made'):
        assert words in result.stdout, 'no %r in the output' % words


def test_proxy_password_never_appears_at_vvvv(emulator):
    """The client redacts a proxy password from its error texts; it must not show anywhere else either."""
    result = run_playbook(emulator, [{'hosts': 'localhost', 'gather_facts': False, 'tasks': [
        {'name': 'proxy with a password', 'ignore_errors': True,
         'softlayer.support.sl_ticket_info': proxy_args(emulator, emulator.xmlrpc_url)}]}],
        '-vvvv', json_output=False)
    assert 'ignored=1' in result.stdout
    scan(result, [PROXY_PASSWORD, base64.b64encode(('proxyuser:%s' % PROXY_PASSWORD).encode()).decode()],
         counter='other_secret_leaks')
