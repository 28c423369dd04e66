"""Run the emulator as a child process and drive its admin API: for tests and benchmarks."""

import json
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request

PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class AdminError(AssertionError):
    """An admin API call was refused (an AssertionError, so a test shows it as a failure)."""


class EmulatorProcess:
    """``python -m sl_emulator serve`` on a free loopback port, with its state file in ``workdir``.

    ``persist=False`` keeps the state in memory only (no atomic save per write), for benchmarks.
    ``tls=True`` serves https as the real endpoint does, with a CA written into ``workdir/tls`` at every
    start (``ca_file``: what a client must trust; restarts keep the CA file's path).
    """

    admin_timeout = 30

    def __init__(self, workdir, *serve_args, persist=True, tls=False):
        self.workdir = str(workdir)
        self.state_file = os.path.join(self.workdir, 'state.json') if persist else None
        self.serve_args = list(serve_args)
        self.tls_dir = os.path.join(self.workdir, 'tls') if tls else None
        self.process = None
        self.port = None
        self._admin_context = None

    @property
    def url(self):
        return '{}://127.0.0.1:{}'.format('https' if self.tls_dir else 'http', self.port)

    @property
    def ca_file(self):
        """The CA certificate a client trusts to reach this emulator over https (None over http)."""
        return os.path.join(self.tls_dir, 'ca.pem') if self.tls_dir else None

    def endpoint(self, protocol='xmlrpc'):
        """The SDK's endpoint_url for ``protocol`` (``xmlrpc`` or ``rest``)."""
        return '{}/{}/v3.1/'.format(self.url, protocol)

    def start(self, port=0, timeout=30):
        """Start the server (on ``port``, 0 for a free one) and wait until it listens."""
        port_file = os.path.join(self.workdir, 'port')
        if os.path.exists(port_file):
            os.unlink(port_file)
        env = dict(os.environ, PYTHONPATH=PACKAGE_PARENT)
        with open(os.path.join(self.workdir, 'emulator.log'), 'ab') as log:
            self.process = subprocess.Popen(  # pylint: disable=consider-using-with
                [sys.executable, '-m', 'sl_emulator', 'serve', '--port', str(port), '--port-file', port_file]
                + (['--state-file', self.state_file] if self.state_file else [])
                + (['--tls-dir', self.tls_dir] if self.tls_dir else []) + self.serve_args,
                stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(port_file):
                with open(port_file, encoding='ascii') as handle:
                    text = handle.read().strip()
                if text:
                    self.port = int(text)
                    # A new CA at every start: trust the one written now.
                    self._admin_context = ssl.create_default_context(cafile=self.ca_file) if self.tls_dir else None
                    return self
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise RuntimeError('the emulator did not start; see {}/emulator.log'.format(self.workdir))

    def stop(self, kill=False):
        """Stop the server: SIGTERM (clean), or SIGKILL to simulate a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            self.process.wait(timeout=10)
        self.process = None

    def restart(self, kill=True):
        """Stop (by default like a crash) and start again on the same port and state file."""
        port = self.port
        self.stop(kill=kill)
        for attempt in range(50):
            try:
                return self.start(port=port)
            except RuntimeError:
                # The port is normally free at once (SO_REUSEADDR); retry a slow release.
                if attempt == 49:
                    raise
                time.sleep(0.1)
        return self  # pragma: no cover

    def admin(self, path, payload=None, method=None):
        """Call ``/_emulator/<path>``; JSON in and out."""
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.url + '/_emulator/' + path, data=data,
                                         method=method or ('POST' if data else 'GET'),
                                         headers={'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(request, timeout=self.admin_timeout, context=self._admin_context) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            raise AdminError('admin {} failed: {} {}'.format(path, error.code, error.read())) from None
        return json.loads(body) if body else None

    def calls(self, since=0):
        return self.admin('calls?since={}'.format(since) if since else 'calls')

    def state(self):
        return self.admin('state')
