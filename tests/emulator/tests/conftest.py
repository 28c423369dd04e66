"""Fixtures: a real emulator process on a free port, driven by the unmodified SoftLayer SDK."""

import os
import sys

import pytest

EMULATOR_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)

from sl_emulator import process, seed_credentials  # noqa: E402  pylint: disable=wrong-import-position

# The seeded API users (the seed is the one place their keys are written).
DEMO_USER, SECOND_USER = seed_credentials()[:2]
USERNAME = DEMO_USER['username']
API_KEY = DEMO_USER['api_key']
IBM_CLOUD_API_KEY = DEMO_USER['ibm_cloud_api_key']
SECOND_USERNAME = SECOND_USER['username']
SECOND_API_KEY = SECOND_USER['api_key']
PROTOCOLS = ('xmlrpc', 'rest')


class EmulatorProcess(process.EmulatorProcess):
    """The emulator process, plus what these tests ask of it."""

    def last_seq(self):
        calls = self.calls()
        return calls[-1]['seq'] if calls else 0

    def client(self, protocol='xmlrpc', username=USERNAME, api_key=API_KEY, timeout=10):
        import SoftLayer
        return SoftLayer.create_client_from_env(username=username, api_key=api_key, endpoint_url=self.endpoint(protocol),
                                                timeout=timeout)


@pytest.fixture(scope='session')
def emulator(tmp_path_factory):
    """One emulator for the session; ``fresh`` resets it before each test that uses it."""
    server = EmulatorProcess(tmp_path_factory.mktemp('emulator'), '--rate-limit', '0').start()
    yield server
    server.stop()


@pytest.fixture(scope='session')
def strict_emulator(tmp_path_factory):
    """An emulator started with no switches at all: the strict defaults, as a user gets them."""
    server = EmulatorProcess(tmp_path_factory.mktemp('strict'), '--rate-limit', '0').start()
    yield server
    server.stop()


@pytest.fixture
def fresh(emulator):
    emulator.admin('reset', {})
    # The strict defaults for every switch but the title, which most tests read back as given.
    emulator.admin('config', {'latency_ms': 0, 'connect_latency_ms': 0, 'rate_limit': 0, 'title_policy': 'keep',
                              'xmlrpc_nulls': 'empty',
                              'assigned_user': 'required', 'open_tickets': 'open_only', 'computed_filters': 'drop',
                              'priority_support': 'applied', 'user_timezone': '-06:00'})
    return emulator


@pytest.fixture(params=PROTOCOLS)
def protocol(request):
    return request.param


@pytest.fixture
def client(fresh, protocol):
    return fresh.client(protocol)


@pytest.fixture
def xmlrpc_client(fresh):
    return fresh.client('xmlrpc')


@pytest.fixture
def rest_client(fresh):
    return fresh.client('rest')


def expect_fault(protocol, func, code, message, status=500):
    """Call ``func`` and check the SoftLayerAPIError as the SDK reports it on each transport.

    XML-RPC carries the exception name as faultCode; the SDK's REST transport reports the HTTP status instead.
    """
    import SoftLayer
    with pytest.raises(SoftLayer.SoftLayerAPIError) as info:
        func()
    assert info.value.faultCode == (code if protocol == 'xmlrpc' else status), info.value
    if message is not None:
        assert info.value.faultString == message
    return info.value
