"""A stateful SoftLayer API emulator for the softlayer.support collection's tests, demo and benchmarks.

Run it with ``python -m sl_emulator serve --port 0 --port-file F``; see README.md.
"""

import os

SEED_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'seed.json')
