# -*- coding: utf-8 -*-
# Copyright: (c) 2026, softlayer.support contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection settings: options, environment and the SDK's config file (read for real under a temporary HOME)."""

from __future__ import annotations

import base64

import pytest
import yaml

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.softlayer.support.plugins.module_utils.api.connection_options import (
    CONNECTION_ARGUMENT_SPEC,
    DEFAULT_TIMEOUT,
    ENVIRONMENT,
    connection_argument_spec,
    with_environment,
)
from ansible_collections.softlayer.support.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.softlayer.support.plugins.module_utils.api.errors import InvalidInputError, SoftLayerSupportError
from ansible_collections.softlayer.support.plugins.module_utils.api.settings import (
    check_endpoint_url,
    connection_settings,
    resolve_settings,
    secret_forms,
)
from ansible_collections.softlayer.support.tests.unit.conftest import API_KEY
from ansible_collections.softlayer.support.tests.unit.plugins.sdk_fakes import (  # pylint: disable=unused-import
    params,
    sl_home,
    write_config,
)


def test_option_beats_environment_beats_config_file(sl_home, monkeypatch):
    write_config(sl_home / '.softlayer', username='file-user', api_key='file-key', endpoint_url='https://file/xmlrpc/v3.1/')
    monkeypatch.setenv('SL_USERNAME', 'env-user')
    monkeypatch.setenv('SL_API_KEY', 'env-key')
    settings = resolve_settings(params(username='option-user'))
    assert settings['username'] == 'option-user'
    assert settings['api_key'] == 'env-key'
    assert settings['endpoint_url'] == 'https://file/xmlrpc/v3.1/'


def test_config_file_in_home_is_used_when_nothing_else_is_set(sl_home):
    write_config(sl_home / '.softlayer', username='file-user', api_key='file-key', timeout='25', proxy='http://proxy:3128')
    settings = resolve_settings(params())
    assert settings == {'username': 'file-user', 'api_key': 'file-key', 'endpoint_url': '', 'timeout': 25.0,
                        'proxy': 'http://proxy:3128', 'verify': True}


def test_config_file_option_is_read_after_the_home_file(sl_home):
    write_config(sl_home / '.softlayer', username='home-user', api_key='home-key')
    other = write_config(sl_home / 'other.conf', api_key='other-key')
    settings = resolve_settings(params(config_file=other))
    assert (settings['username'], settings['api_key']) == ('home-user', 'other-key')


def test_timeout_defaults_to_60_without_option_or_config(sl_home):
    assert DEFAULT_TIMEOUT == 60
    assert resolve_settings(params(username='u', api_key='k'))['timeout'] == 60


def test_timeout_0_in_config_file_means_the_default(sl_home):
    write_config(sl_home / '.softlayer', timeout='0')
    assert resolve_settings(params())['timeout'] == 60


def test_timeout_from_config_file_then_option(sl_home):
    write_config(sl_home / '.softlayer', timeout='25')
    assert resolve_settings(params())['timeout'] == 25
    assert resolve_settings(params(timeout=10))['timeout'] == 10


@pytest.mark.parametrize('file_verify, option, expected', [
    (None, None, True),
    ('False', None, False),
    ('True', None, True),
    ('False', True, True),
    ('True', False, False),
])
def test_validate_certs_falls_back_to_config_verify(sl_home, file_verify, option, expected):
    if file_verify is not None:
        write_config(sl_home / '.softlayer', verify=file_verify)
    assert resolve_settings(params(validate_certs=option))['verify'] is expected


def test_validate_certs_accepts_a_ca_bundle_path_from_the_config_file(sl_home):
    write_config(sl_home / '.softlayer', verify='/etc/ssl/certs/corp.pem')
    assert resolve_settings(params())['verify'] == '/etc/ssl/certs/corp.pem'


@pytest.mark.parametrize('file_verify, validate_certs, expected', [
    (None, None, 'bundle'),
    ('True', None, 'bundle'),
    ('/etc/ssl/certs/other.pem', None, 'bundle'),   # the option beats the config file
    ('False', None, 'bundle'),
    (None, True, 'bundle'),
    (None, False, False),                            # validate_certs=false turns checking off whatever else is set
])
def test_ca_bundle_is_what_the_sdk_verifies_with_unless_validation_is_off(sl_home, file_verify, validate_certs, expected):
    bundle = sl_home / 'corp-ca.pem'
    if file_verify is not None:
        write_config(sl_home / '.softlayer', verify=file_verify)
    verify = resolve_settings(params(ca_bundle=str(bundle), validate_certs=validate_certs))['verify']
    assert verify == (str(bundle) if expected == 'bundle' else expected)


def test_ca_bundle_falls_back_to_sl_ca_bundle_for_callers_without_an_argument_spec(sl_home, monkeypatch):
    monkeypatch.setenv('SL_CA_BUNDLE', '~/corp-ca.pem')
    assert resolve_settings(params())['verify'] == str(sl_home / 'corp-ca.pem')
    assert resolve_settings(params(ca_bundle='/opt/ca.pem'))['verify'] == '/opt/ca.pem'


def test_argument_spec_fills_ca_bundle_from_sl_ca_bundle(sl_home, monkeypatch, module_args):
    monkeypatch.setenv('SL_CA_BUNDLE', '/opt/corp-ca.pem')
    with module_args({}):
        module = AnsibleModule(argument_spec=connection_argument_spec())
    assert module.params['ca_bundle'] == '/opt/corp-ca.pem'


def test_missing_ca_bundle_is_refused_naming_the_option(sl_home):
    with pytest.raises(InvalidInputError) as caught:
        connection_settings(params(username='user', api_key=API_KEY, ca_bundle=str(sl_home / 'missing.pem')))
    assert caught.value.option == 'ca_bundle'
    assert 'missing.pem does not exist' in str(caught.value)


def test_endpoint_url_option_then_environment_then_config_file(sl_home, monkeypatch):
    write_config(sl_home / '.softlayer', endpoint_url='https://file/rest/v3.1/')
    assert resolve_settings(params())['endpoint_url'] == 'https://file/rest/v3.1/'
    monkeypatch.setenv('SL_ENDPOINT_URL', 'https://env/xmlrpc/v3.1/')
    assert resolve_settings(params())['endpoint_url'] == 'https://env/xmlrpc/v3.1/'
    assert resolve_settings(params(endpoint_url='https://option/xmlrpc/v3.1/'))['endpoint_url'] == 'https://option/xmlrpc/v3.1/'


# --------------------------------------------------------------------------- the argument spec


def test_argument_spec_fills_options_from_the_environment(sl_home, monkeypatch, module_args):
    monkeypatch.setenv('SL_USERNAME', 'env-user')
    monkeypatch.setenv('SL_API_KEY', API_KEY)
    monkeypatch.setenv('SL_ENDPOINT_URL', 'https://env/rest/v3.1/')
    with module_args({'timeout': 15}):
        module = AnsibleModule(argument_spec=connection_argument_spec(), supports_check_mode=True)
    assert module.params == {'username': 'env-user', 'api_key': API_KEY, 'endpoint_url': 'https://env/rest/v3.1/',
                             'timeout': 15, 'proxy': None, 'validate_certs': None, 'ca_bundle': None,
                             'config_file': None}
    assert API_KEY in module.no_log_values


def test_argument_spec_option_beats_environment(sl_home, monkeypatch, module_args):
    monkeypatch.setenv('SL_ENDPOINT_URL', 'https://env/rest/v3.1/')
    with module_args({'endpoint_url': 'https://option/xmlrpc/v3.1/'}):
        module = AnsibleModule(argument_spec=connection_argument_spec())
    assert module.params['endpoint_url'] == 'https://option/xmlrpc/v3.1/'


def test_connection_argument_spec_is_a_fresh_copy_with_the_module_options():
    spec = connection_argument_spec(ticket_id={'type': 'int', 'required': True})
    spec['username']['fallback'] = None
    assert spec['ticket_id'] == {'type': 'int', 'required': True}
    assert CONNECTION_ARGUMENT_SPEC['username']['fallback'] is not None
    assert connection_argument_spec()['api_key']['no_log'] is True
    assert 'ticket_id' not in connection_argument_spec()


def test_proxy_is_no_log_because_its_url_may_carry_a_password():
    assert CONNECTION_ARGUMENT_SPEC['proxy']['no_log'] is True


# --------------------------------------------------------------------------- refused settings


@pytest.mark.parametrize('given', [{}, {'username': 'user'}, {'api_key': API_KEY}])
def test_missing_credentials_are_refused_saying_where_to_set_them(sl_home, given):
    with pytest.raises(SoftLayerSupportError) as caught:
        connection_settings(params(**given))
    assert str(caught.value) == (
        'no SoftLayer credentials: set the username and api_key options, the SL_USERNAME and SL_API_KEY '
        'environment variables, or the [softlayer] section of ~/.softlayer')
    assert API_KEY not in str(caught.value)


@pytest.mark.parametrize('timeout', [0, -5])
def test_timeout_option_must_be_positive(sl_home, timeout):
    with pytest.raises(InvalidInputError) as caught:
        connection_settings(params(username='user', api_key=API_KEY, timeout=timeout))
    assert caught.value.option == 'timeout'
    assert 'positive number of seconds' in str(caught.value)


def test_negative_timeout_in_the_config_file_is_refused_naming_the_option(sl_home):
    write_config(sl_home / '.softlayer', timeout='-3')
    with pytest.raises(InvalidInputError) as caught:
        connection_settings(params(username='user', api_key=API_KEY))
    assert caught.value.option == 'timeout'
    assert str(caught.value) == 'timeout in the SoftLayer config file must be a positive number of seconds'


def test_unreadable_config_file_is_an_input_error(sl_home):
    bad = write_config(sl_home / 'bad.conf', timeout='soon')
    with pytest.raises(InvalidInputError) as caught:
        connection_settings(params(username='user', api_key=API_KEY, config_file=bad))
    assert caught.value.option == 'config_file'
    assert str(caught.value).startswith('the SoftLayer config file cannot be read: ')


def test_missing_config_file_is_refused_naming_the_option(sl_home):
    with pytest.raises(InvalidInputError) as caught:
        connection_settings(params(username='u', api_key='k', config_file=str(sl_home / 'nope.conf')))
    assert caught.value.option == 'config_file' and 'nope.conf does not exist' in str(caught.value)


@pytest.mark.parametrize('url', ['api.softlayer.com/xmlrpc/v3.1/', 'ftp://api.softlayer.com/', 'https://'])
def test_endpoint_url_that_is_no_http_url_is_refused_naming_the_option(sl_home, url):
    with pytest.raises(InvalidInputError) as caught:
        connection_settings(params(username='u', api_key='k', endpoint_url=url))
    assert caught.value.option == 'endpoint_url' and 'is not an http(s) URL' in str(caught.value)


@pytest.mark.parametrize('url', [None, '', 'https://api.softlayer.com/xmlrpc/v3.1/', 'http://127.0.0.1:9/rest/v3.1/'])
def test_http_endpoints_and_no_endpoint_pass(url):
    assert check_endpoint_url(url) is None


def test_valid_settings_come_back_resolved(sl_home):
    settings = connection_settings(params(username='user', api_key=API_KEY, timeout=7))
    assert (settings['username'], settings['api_key'], settings['timeout'], settings['verify']) == ('user', API_KEY, 7, True)


# --------------------------------------------------------------------------- secrets


def test_secret_forms_are_the_key_its_basic_auth_form_and_the_proxy_password_both_ways():
    forms = secret_forms({'username': 'user', 'api_key': API_KEY, 'proxy': 'http://proxyuser:s3cr%40t-pw@proxy:3128'})
    basic = base64.b64encode(('user:%s' % API_KEY).encode()).decode()
    assert forms == [API_KEY, basic, 's3cr%40t-pw', 's3cr@t-pw']


def test_no_key_and_a_proxy_without_password_have_no_secret_forms():
    assert secret_forms({'username': 'user', 'api_key': None, 'proxy': 'http://proxy:3128'}) == []
    assert secret_forms({'username': 'user', 'api_key': '', 'proxy': 'http://[::1'}) == []


def test_every_environment_variable_is_an_argument_spec_fallback():
    fallbacks = dict((name, spec['fallback'][1]) for name, spec in CONNECTION_ARGUMENT_SPEC.items() if 'fallback' in spec)
    assert fallbacks == dict((name, [variable]) for name, variable in ENVIRONMENT.items())


def test_the_plugins_doc_fragment_reads_the_same_variables_as_the_table():
    # Ansible's configuration system reads the plugins' variables from the fragment's env entries; https_proxy
    # is left to the SDK there, as for the modules' SoftLayer client.
    fragment = yaml.safe_load(ModuleDocFragment.PLUGINS)['options']
    assert dict((name, option['env'][0]['name']) for name, option in fragment.items()) == dict(
        (name, variable) for name, variable in ENVIRONMENT.items() if name != 'proxy')


def test_with_environment_fills_only_unset_options_and_ignores_empty_variables(monkeypatch):
    monkeypatch.setenv('SL_USERNAME', 'env-user')
    monkeypatch.setenv('SL_API_KEY', 'env-key')
    monkeypatch.setenv('SL_ENDPOINT_URL', '')
    monkeypatch.delenv('https_proxy', raising=False)
    filled = with_environment({'username': None, 'api_key': 'given', 'endpoint_url': None, 'proxy': None, 'timeout': None})
    assert filled == {'username': 'env-user', 'api_key': 'given', 'endpoint_url': None, 'proxy': None, 'timeout': None}
