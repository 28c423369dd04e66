"""https (``serve --tls-dir``): the SDK trusts the emulator's CA as a user trusts a proxy's, over both protocols."""

import pytest
import SoftLayer
from SoftLayer import exceptions as sl

from conftest import API_KEY, PROTOCOLS, USERNAME, EmulatorProcess

TICKET_ID = 148350002


@pytest.fixture(scope='module')
def tls_emulator(tmp_path_factory):
    server = EmulatorProcess(tmp_path_factory.mktemp('tls'), '--rate-limit', '0', tls=True).start()
    yield server
    server.stop()


def sdk(emulator, protocol, verify):
    return SoftLayer.create_client_from_env(username=USERNAME, api_key=API_KEY, endpoint_url=emulator.endpoint(protocol),
                                            timeout=10, verify=verify)


@pytest.mark.parametrize('protocol', PROTOCOLS)
def test_the_sdk_reads_over_https_trusting_the_emulators_ca(tls_emulator, protocol):
    assert tls_emulator.url.startswith('https://127.0.0.1:')
    ticket = sdk(tls_emulator, protocol, tls_emulator.ca_file).call('SoftLayer_Ticket', 'getObject', id=TICKET_ID)
    assert ticket['id'] == TICKET_ID
    logged = tls_emulator.calls()[-1]
    assert (logged['method'], logged['protocol']) == ('getObject', protocol)


def test_a_client_that_does_not_trust_the_ca_is_refused(tls_emulator):
    # (One protocol: the SDK's own urllib3 retries repeat the handshake 3 times, 6 s in all.)
    with pytest.raises(sl.TransportError) as caught:
        sdk(tls_emulator, 'xmlrpc', True).call('SoftLayer_Ticket', 'getObject', id=TICKET_ID)
    assert 'CERTIFICATE_VERIFY_FAILED' in str(caught.value)


def test_a_dropped_connection_over_tls_reaches_the_sdk_as_no_answer(tls_emulator):
    tls_emulator.admin('faults', [{'method': 'getObject', 'kind': 'drop'}])
    with pytest.raises(sl.TransportError) as caught:
        sdk(tls_emulator, 'xmlrpc', tls_emulator.ca_file).call('SoftLayer_Ticket', 'getObject', id=TICKET_ID)
    assert caught.value.faultCode == 0


def test_every_start_writes_a_new_ca_and_the_admin_api_follows(tls_emulator):
    with open(tls_emulator.ca_file, encoding='ascii') as handle:
        before = handle.read()
    tls_emulator.restart(kill=False)
    with open(tls_emulator.ca_file, encoding='ascii') as handle:
        after = handle.read()
    assert before != after and after.startswith('-----BEGIN CERTIFICATE-----')
    assert tls_emulator.admin('health')['status'] == 'ok'
    ticket = sdk(tls_emulator, 'rest', tls_emulator.ca_file).call('SoftLayer_Ticket', 'getObject', id=TICKET_ID)
    assert ticket['id'] == TICKET_ID
