"""The demo credentials are written once, in the emulator's seed (sl_emulator/data/seed.json).

scripts/lib.sh, the tests and the benchmarks read them from there (``sl_emulator.seed_credentials``);
the only other places that show them are for readers to copy, listed in SHOWN, and must agree with
the seed. Anything else in the repository that looks like an API key on a line about keys is a copy
that can drift, and fails here.
"""

import os
import re

import pytest

from sl_emulator import SEED_PATH, seed_credentials

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
SEED = os.path.relpath(SEED_PATH, ROOT)
# (file, pattern whose group 1 shows a credential, seed user index, credential)
SHOWN = [
    ('docs/docsite/rst/emulator.rst', r'export SL_USERNAME=(\S+)', 0, 'username'),
    ('docs/docsite/rst/emulator.rst', r'export SL_API_KEY=(\S+)', 0, 'api_key'),
    ('docs/docsite/rst/emulator.rst', r'^\s*username = (\S+)', 0, 'username'),
    ('docs/docsite/rst/emulator.rst', r'^\s*api_key = (\S+)', 0, 'api_key'),
    ('tests/emulator/README.md', r'^\| user 1 .*?username \*\*`([^`]+)`', 0, 'username'),
    ('tests/emulator/README.md', r'^\| user 1 .*?, API key \*\*`([^`]+)`', 0, 'api_key'),
    ('tests/emulator/README.md', r'^\| user 1 .*?IBM Cloud API key \*\*`([^`]+)`', 0, 'ibm_cloud_api_key'),
    ('tests/emulator/README.md', r'^\| user 2 .*?username `([^`]+)`', 1, 'username'),
    ('tests/emulator/README.md', r'^\| user 2 .*?API key `([^`]+)`', 1, 'api_key'),
]
# Key-shaped: a classic API key (64 hex digits) or an IBM Cloud API key (40 or more letters and digits, mixed).
KEY_SHAPED = re.compile(r'\b(?:[0-9a-f]{64}|(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{40,})\b')
KEY_LINE = re.compile(r'key', re.IGNORECASE)
SKIPPED_DIRS = {'.git', '.build', 'output', '__pycache__', '.pytest_cache', '.ansible', 'collections'}


def repository_text_files():
    for directory, subdirs, files in os.walk(ROOT):
        subdirs[:] = [name for name in subdirs if name not in SKIPPED_DIRS and not name.startswith('.venv')]
        for name in files:
            path = os.path.join(directory, name)
            try:
                with open(path, encoding='utf-8') as handle:
                    yield os.path.relpath(path, ROOT), handle.read()
            except (UnicodeDecodeError, OSError):
                continue


def key_shaped_strings(text):
    """Every key-shaped string on a line that mentions a key."""
    for line in text.splitlines():
        if KEY_LINE.search(line):
            yield from KEY_SHAPED.findall(line)


@pytest.mark.parametrize('path, pattern, user, credential', SHOWN,
                         ids=['%s:%s' % (row[0], row[3]) for row in SHOWN])
def test_every_copy_shown_to_readers_equals_the_seed(path, pattern, user, credential):
    with open(os.path.join(ROOT, path), encoding='utf-8') as handle:
        shown = re.findall(pattern, handle.read(), re.MULTILINE)
    assert shown, '%s no longer shows %s (update SHOWN in this test)' % (path, pattern)
    assert set(shown) == {seed_credentials()[user][credential]}


def test_the_seed_holds_the_demo_user_first_with_both_keys():
    demo = seed_credentials()[0]
    assert demo['username'] == 'ansible-demo'
    assert KEY_SHAPED.fullmatch(demo['api_key']) and KEY_SHAPED.fullmatch(demo['ibm_cloud_api_key'])
    assert demo['api_key'] != demo['ibm_cloud_api_key']


def test_key_shaped_strings_are_seeded_keys_shown_only_where_listed():
    seeded = {user[key] for user in seed_credentials() for key in ('api_key', 'ibm_cloud_api_key') if user[key]}
    allowed_files = {SEED} | {row[0] for row in SHOWN}
    copies = sorted((path, key) for path, text in repository_text_files() for key in key_shaped_strings(text)
                    if path not in allowed_files or key not in seeded)
    assert not copies, 'read the credentials from the seed (sl_emulator.seed_credentials) instead of: %s' % copies


def test_the_scan_sees_a_drifted_copy():
    assert list(key_shaped_strings("API_KEY = '%s'" % ('ab' * 32))) == ['ab' * 32]
    assert list(key_shaped_strings('IBM Cloud API key ' + 'Ab1' * 14)) == ['Ab1' * 14]
    assert not list(key_shaped_strings('a sha256 digest %s on a line about nothing' % ('ab' * 32)))
