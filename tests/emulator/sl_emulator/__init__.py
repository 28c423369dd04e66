"""A stateful SoftLayer API emulator for the softlayer.support collection's tests, demo and benchmarks.

Run it with ``python -m sl_emulator serve --port 0 --port-file F``; see README.md.
"""

import json
import os

SEED_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'seed.json')


def seed_credentials(seed_path=SEED_PATH):
    """The API users of the seed, in seed order, as ``{'username', 'api_key', 'ibm_cloud_api_key'}`` dicts.

    The seed is the one place the demo credentials are written: the first user is the demo's
    (scripts/lib.sh exports it as SL_USERNAME, SL_API_KEY and SL_IBM_CLOUD_API_KEY); tests and
    benchmarks read it here. ``ibm_cloud_api_key`` is None for a user without one.
    """
    with open(seed_path, encoding='utf-8') as handle:
        users = json.load(handle)['users']
    return [{'username': user['username'], 'api_key': user['apiKey'], 'ibm_cloud_api_key': user.get('_ibmCloudApiKey')}
            for user in users]
