"""Fixtures: a real emulator process on a free port, driven by the unmodified SoftLayer SDK."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

EMULATOR_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)

USERNAME = 'ansible-demo'
API_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0'
SECOND_USERNAME = 'ops-analyst'
SECOND_API_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90'
PROTOCOLS = ('xmlrpc', 'rest')


class EmulatorProcess:
    """``python -m sl_emulator serve`` in a subprocess, plus its admin API."""

    def __init__(self, workdir, *serve_args):
        self.workdir = str(workdir)
        self.state_file = os.path.join(self.workdir, 'state.json')
        self.serve_args = list(serve_args)
        self.process = None
        self.port = None

    @property
    def url(self):
        return 'http://127.0.0.1:{}'.format(self.port)

    def endpoint(self, protocol):
        return '{}/{}/v3.1/'.format(self.url, protocol)

    def start(self, port=0):
        port_file = os.path.join(self.workdir, 'port')
        if os.path.exists(port_file):
            os.unlink(port_file)
        env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
        with open(os.path.join(self.workdir, 'emulator.log'), 'ab') as log:
            self.process = subprocess.Popen(
                [sys.executable, '-m', 'sl_emulator', 'serve', '--port', str(port), '--port-file', port_file,
                 '--state-file', self.state_file] + self.serve_args, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if os.path.exists(port_file):
                with open(port_file, encoding='ascii') as handle:
                    text = handle.read().strip()
                if text:
                    self.port = int(text)
                    return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError('the emulator did not start; see {}/emulator.log'.format(self.workdir))

    def stop(self, kill=False):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            self.process.wait(timeout=10)
        self.process = None

    def admin(self, path, payload=None, method=None):
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.url + '/_emulator/' + path, data=data, method=method or ('POST' if data else 'GET'))
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise AssertionError('admin {} failed: {} {}'.format(path, error.code, error.read())) from None

    def calls(self, since=0):
        return self.admin('calls?since={}'.format(since))

    def last_seq(self):
        calls = self.calls()
        return calls[-1]['seq'] if calls else 0

    def state(self):
        return self.admin('state')

    def client(self, protocol='xmlrpc', username=USERNAME, api_key=API_KEY, timeout=10):
        import SoftLayer
        return SoftLayer.create_client_from_env(username=username, api_key=api_key, endpoint_url=self.endpoint(protocol),
                                                timeout=timeout)


@pytest.fixture(scope='session')
def emulator(tmp_path_factory):
    """One emulator for the session; ``fresh`` resets it before each test that uses it."""
    process = EmulatorProcess(tmp_path_factory.mktemp('emulator'), '--rate-limit', '0').start()
    yield process
    process.stop()


@pytest.fixture
def fresh(emulator):
    emulator.admin('reset', {})
    emulator.admin('config', {'latency_ms': 0, 'rate_limit': 0, 'title_policy': 'keep'})
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
